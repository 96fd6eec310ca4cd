// The calibration store on a real SQLite file: migrated, written, listed, activated, deleted, and the
// calibration each analysis used kept with it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeProsody, computeUserCalibration, DEFAULT_CALIBRATION, userCalibrationClip } from '../prosody';
import { synthesize, syllableTrain } from '../prosody/testing/signals';
import { AnalysisRepository } from './analysis-repository';
import { CalibrationRepository } from './calibration-repository';
import { openDatabase } from './database';
import { RecordingRepository } from './recording-repository';

const dir = mkdtempSync(path.join(tmpdir(), 'calibration-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Six clips of four to seven syllables at 110–210 Hz: measured by the app's own analysis.
const measured = [110, 130, 150, 170, 190, 210].map((hz, i) =>
  analyzeProsody(
    synthesize(
      1.6,
      syllableTrain(4 + (i % 4), 0.15, 0.16 + 0.01 * i, 0.08, () => hz),
      0.002 * (1 + i),
      i + 1,
    ),
  ),
);
const clips = measured.map((p, i) => userCalibrationClip(`clip-${i}.wav`, p));
const calibrate = (name: string, now: string) => computeUserCalibration(clips, { name, now: new Date(now) });

describe('the calibration repository', () => {
  it('keeps calibrations whole, lists them newest first and lets one at a time be active', () => {
    const database = openDatabase(path.join(dir, 'app.db'));
    const store = new CalibrationRepository(database.db);
    expect(store.list()).toEqual({ items: [], activeId: null, trainingTable: DEFAULT_CALIBRATION.corpus });
    expect(store.active()).toBeNull();

    const clinic = calibrate('Clinic room', '2026-01-01T09:00:00Z');
    const home = calibrate('Home visits', '2026-02-01T09:00:00Z');
    const first = store.add(clinic, { activate: true });
    expect(first).toMatchObject({
      id: clinic.id,
      name: 'Clinic room',
      clips: 6,
      active: true,
      baselineFrom: null,
      functionalCount: clinic.functionals.names.length,
    });
    expect(first.cuts.medianF0Hz).toEqual({ lower: clinic.levels.medianF0Hz.any.lower, upper: clinic.levels.medianF0Hz.any.upper });
    store.add(home);
    expect(store.list().items.map((c) => [c.name, c.active])).toEqual([
      ['Home visits', false],
      ['Clinic room', true],
    ]);
    expect(store.get(home.id)).toEqual(home);
    expect(store.active()).toEqual(clinic);

    expect(store.setActive(home.id).activeId).toBe(home.id);
    expect(
      store
        .list()
        .items.filter((c) => c.active)
        .map((c) => c.name),
    ).toEqual(['Home visits']);
    expect(store.setActive(null).activeId).toBeNull();
    expect(store.active()).toBeNull();

    store.setActive(clinic.id);
    expect(store.delete(clinic.id)).toMatchObject({ items: [expect.objectContaining({ name: 'Home visits' })], activeId: null });
    expect(() => store.get(clinic.id)).toThrow(/No calibration with id/);
    expect(() => store.setActive('missing')).toThrow(/No calibration with id missing/);
    expect(() => store.add(home)).toThrow(/already exists/);
    database.close();

    // Survives a restart of the app: same file, opened again.
    const reopened = openDatabase(path.join(dir, 'app.db'));
    expect(new CalibrationRepository(reopened.db).get(home.id)).toEqual(home);
    reopened.close();
  });

  it('refuses a damaged calibration before it is stored and names the damage', () => {
    const database = openDatabase(':memory:');
    const store = new CalibrationRepository(database.db);
    const broken = { ...calibrate('x', '2026-01-01T00:00:00Z'), functionals: { names: ['f0_st_mean'], mean: [1, 2], std: [1] } };
    expect(() => store.add(broken)).toThrow(/1 names, 2 means and 1 deviations/);
    expect(store.list().items).toEqual([]);
    database.close();
  });

  it('stores with each analysis the calibration it was made with (null: the training corpora)', () => {
    const database = openDatabase(':memory:');
    const recordings = new RecordingRepository(database.db);
    const analyses = new AnalysisRepository(database.db);
    const id = randomUUID();
    recordings.add({
      id,
      fileName: `${id}.wav`,
      originalName: 'a.wav',
      source: 'import',
      format: 'wav/pcm16',
      durationS: 1.6,
      sizeBytes: 100,
      contentHash: id,
    });
    const calibration = calibrate('Clinic room', '2026-01-01T09:00:00Z');
    analyses.add(id, measured[0]!, null, {});
    expect(analyses.latest(id).calibration).toBeNull();
    analyses.add(id, measured[0]!, null, {}, { calibration });
    expect(analyses.latest(id).calibration).toEqual({ id: calibration.id, name: 'Clinic room', clips: 6 });
    database.close();
  });
});
