// Calibrating the library to the user's recordings, end to end on the main side: real RAVDESS clips
// imported through the real analysis worker into a real database, a calibration made from the stored
// analyses of a selection, and every later analysis (prosody and the tiny model's explanation) made
// on it and stored with it — or on the training tables once none is active.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserCalibration } from '../../shared/types/calibration';
import { ExplanationService } from '../analysis/explanation-service';
import { EventBus } from '../ipc/event-bus';
import { DEFAULT_CALIBRATION, levelMeasuresOf, levelsFor } from '../prosody';
import { createLibraryFixture, fixtureTinyModel, type LibraryFixture } from './testing/library-fixture';

const ACTOR_19 = resolve(import.meta.dirname, '../../../shared/data/ravdess/Actor_19');
const SESSION = [
  '03-01-01-01-01-01-19',
  '03-01-03-02-01-01-19',
  '03-01-04-01-01-01-19',
  '03-01-05-02-01-01-19',
  '03-01-06-01-01-01-19',
  '03-01-08-02-01-01-19',
].map((f) => join(ACTOR_19, `${f}.wav`));
const LATER = join(ACTOR_19, '03-01-05-01-02-01-19.wav');

describe.skipIf(![...SESSION, LATER].every((f) => existsSync(f)))(
  'calibrating the library to the user’s recordings (real clips, worker, tiny model)',
  () => {
    let fx: LibraryFixture;
    let sessionIds: string[];
    let laterId: string;
    let calibration: UserCalibration;

    async function add(file: string): Promise<string> {
      const bytes = readFileSync(file);
      const incoming = join(fx.folders.incoming, basename(file));
      copyFileSync(file, incoming);
      const added = await fx.library.addFile(
        { path: incoming, name: basename(file), sizeBytes: bytes.length, contentHash: createHash('sha256').update(bytes).digest('hex') },
        'import',
      );
      return added.recording.id;
    }

    beforeAll(async () => {
      fx = createLibraryFixture();
      sessionIds = [];
      for (const file of SESSION) sessionIds.push(await add(file));
      laterId = await add(LATER);
    });
    afterAll(async () => fx?.dispose());

    it('is made from the stored analyses of a selection, and refuses too few recordings', () => {
      expect(fx.library.analyses.latest(sessionIds[0]!).calibration).toBeNull();
      calibration = fx.library.calibrate(sessionIds, 'Actor 19 session');
      expect(calibration).toMatchObject({ name: 'Actor 19 session', clips: 6, speakerBaseline: null });
      expect(calibration.levels.medianF0Hz.any.count).toBe(6);
      expect(() => fx.library.calibrate(sessionIds.slice(0, 3), 'few')).toThrow(
        expect.objectContaining({ code: 'too_few_clips', message: expect.stringMatching(/3 of 3 are usable/) }),
      );
      const withBaseline = fx.library.calibrate(sessionIds, 'with baseline', sessionIds[0]);
      expect(withBaseline.speakerBaselineFrom).toEqual(['03-01-01-01-01-01-19.wav']);
      expect(withBaseline.speakerBaseline).toEqual(levelMeasuresOf(fx.library.analyses.latest(sessionIds[0]!).prosody));
    });

    it('sets the levels of every new analysis once active, and each analysis keeps which calibration it used', async () => {
      fx.library.addCalibration(calibration, { activate: true });
      const stored = await fx.library.reanalyze(laterId);
      expect(stored.calibration).toEqual({ id: calibration.id, name: 'Actor 19 session', clips: 6 });
      expect(stored.prosody.levels).toEqual(levelsFor(levelMeasuresOf(stored.prosody), calibration.levels, null));
      const view = fx.library.analysisView(laterId);
      expect(view.calibration).toEqual(stored.calibration);
      expect(view.levels.calibration).toBe('Actor 19 session');
    });

    it('runs the model on the active calibration and stores it with the explanation; with none active, on the training tables', async () => {
      const tiny = fixtureTinyModel(fx);
      const service = new ExplanationService(fx.library, fx.analysis, new EventBus());

      const calibrated = await service.start(sessionIds[3]!, tiny).done;
      expect(calibrated!.model).not.toBeNull();
      expect(calibrated!.calibration).toEqual({ id: calibration.id, name: 'Actor 19 session', clips: 6 });
      // The stored levels were read on the training table at import; the explanation re-reads them on the calibration.
      expect(calibrated!.prosody.levels).toEqual(levelsFor(levelMeasuresOf(calibrated!.prosody), calibration.levels, null));

      fx.library.setActiveCalibration(null);
      const plain = await service.start(laterId, tiny).done;
      expect(plain!.calibration).toBeNull();
      expect(plain!.prosody.levels).toEqual(levelsFor(levelMeasuresOf(plain!.prosody), DEFAULT_CALIBRATION, null));
      expect(fx.library.analysisView(laterId).levels.calibration).toBe(DEFAULT_CALIBRATION.corpus);
    });
  },
);
