// Calibration to the user's recordings, measured on real speech from a studio the shipped tables were
// not made in (nEMO, Polish), and the checks that keep a damaged calibration file out of an analysis.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserCalibration } from '../../shared/types/calibration';
import { analyzeProsody } from './analyze';
import { computeCalibration } from './calibration';
import { PROSODY_FUNCTIONAL_NAMES } from './functionals';
import { levelsFor } from './levels';
import { readWav16k, SHARED_DATA_DIR } from './testing/audio-files';
import {
  computeUserCalibration,
  functionalStats,
  MIN_CALIBRATION_CLIPS,
  readUserCalibrationFile,
  stdFloor,
  userCalibrationClip,
  UserCalibrationError,
  validateUserCalibration,
  writeUserCalibrationFile,
  type UserCalibrationClip,
} from './user-calibration';

const NEMO = path.join(SHARED_DATA_DIR, 'nemo');
// One speaker (EB0, female), all six emotions: the kind of mix a user's own session would have.
const FILES = [
  'EB0/EB0_anger_1.flac',
  'EB0/EB0_fear_1.flac',
  'EB0/EB0_happiness_12.flac',
  'EB0/EB0_neutral_10.flac',
  'EB0/EB0_sadness_10.flac',
  'EB0/EB0_surprised_11.flac',
  'EB0/EB0_anger_53.flac',
  'EB0/EB0_sadness_5.flac',
].map((f) => path.join(NEMO, f));
const BASELINE = path.join(NEMO, 'EB0/EB0_neutral_5.flac');
const haveData = [...FILES, BASELINE].every((f) => existsSync(f));

/** A clip whose measures could not be made (no voiced frame): what a silent recording gives. */
const silent = (name: string, like: UserCalibrationClip): UserCalibrationClip => ({
  ...like,
  name,
  measures: { medianF0Hz: NaN, energyDb: NaN, rate: 0 },
});

describe.skipIf(!haveData)('a calibration computed from real recordings (nEMO speaker EB0)', () => {
  let clips: UserCalibrationClip[];
  let baseline: UserCalibrationClip;
  beforeAll(async () => {
    const measure = async (file: string) => userCalibrationClip(path.basename(file), analyzeProsody(await readWav16k(file)));
    clips = await Promise.all(FILES.map(measure));
    baseline = await measure(BASELINE);
  });

  it('cuts its level tertiles exactly where computeCalibration cuts the same measures', () => {
    const calibration = computeUserCalibration(clips, { name: 'EB0 session', id: 'eb0', now: new Date('2026-01-02T03:04:05Z') });
    const [expected] = computeCalibration(clips.map((c) => ({ corpus: 'EB0 session', gender: null, ...c.measures })));
    expect(calibration).toMatchObject({
      format: 'emotionthinker-calibration-v1',
      id: 'eb0',
      name: 'EB0 session',
      createdAt: '2026-01-02T03:04:05.000Z',
      clips: FILES.length,
      speakerBaseline: null,
    });
    expect(calibration.levels).toEqual(expected);
    expect(calibration.levels.medianF0Hz.any.count).toBe(FILES.length);
  });

  it('spreads the recordings over low, normal and high on their own cut points', () => {
    const { levels } = computeUserCalibration(clips, { name: 'EB0' });
    const seen = clips.map((c) => levelsFor(c.measures, levels, null));
    for (const key of ['pitch', 'energy'] as const) expect(new Set(seen.map((l) => l[key]))).toEqual(new Set(['low', 'normal', 'high']));
    expect(new Set(seen.map((l) => l.speed))).toEqual(new Set(['slow', 'normal', 'fast']));
    expect(seen.every((l) => l.calibration === 'EB0' && l.mode === 'corpus')).toBe(true);
  });

  it('keeps the mean and deviation of every functional the recordings measure, in the analysis’s names', () => {
    const { functionals } = computeUserCalibration(clips, { name: 'EB0' });
    expect(functionals.names.length).toBeGreaterThan(20);
    expect([...PROSODY_FUNCTIONAL_NAMES]).toEqual(expect.arrayContaining(functionals.names));
    const at = functionals.names.indexOf('f0_st_mean');
    const values = clips.map((c) => c.functionals.values[c.functionals.names.indexOf('f0_st_mean')]!);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    expect(functionals.mean[at]).toBeCloseTo(m, 9);
    expect(functionals.std[at]).toBeCloseTo(Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length), 9);
    expect(functionals.std.every((s, i) => s > stdFloor(functionals.mean[i]!))).toBe(true);
  });

  it('re-centres the levels on a speaker baseline clip and names the clip', () => {
    const calibration = computeUserCalibration(clips, { name: 'EB0', baseline: [baseline] });
    expect(calibration.speakerBaseline).toEqual({
      medianF0Hz: baseline.measures.medianF0Hz,
      energyDb: baseline.measures.energyDb,
      rate: baseline.measures.rate,
    });
    expect(calibration.speakerBaselineFrom).toEqual(['EB0_neutral_5.flac']);
    // The baseline clip itself sits at the centre of the re-centred cut points: normal on all three.
    expect(levelsFor(baseline.measures, calibration.levels, null, calibration.speakerBaseline!)).toMatchObject({
      pitch: 'normal',
      energy: 'normal',
      speed: 'normal',
      mode: 'speaker',
    });
  });

  it(`refuses fewer than ${MIN_CALIBRATION_CLIPS} usable recordings and names the ones it could not use`, () => {
    const few = [...clips.slice(0, 4), silent('silence.wav', clips[0]!)];
    let thrown: unknown;
    try {
      computeUserCalibration(few, { name: 'too few' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserCalibrationError);
    expect((thrown as UserCalibrationError).code).toBe('too_few_clips');
    expect((thrown as Error).message).toMatch(/at least 5 recordings .*4 of 5 are usable\. Not usable: silence\.wav \(no voiced speech\)/);
    // The same four plus one more real clip are enough.
    expect(computeUserCalibration([...clips.slice(0, 5), silent('silence.wav', clips[0]!)], { name: 'ok' }).clips).toBe(5);
  });

  it('refuses a baseline clip without voiced speech', () => {
    expect(() => computeUserCalibration(clips, { name: 'x', baseline: [silent('quiet.wav', baseline)] })).toThrow(
      /speaker baseline \(quiet\.wav\) has no measurable medianF0Hz, energyDb/,
    );
  });

  it('leaves out a functional that does not vary over the recordings, so the model keeps its training statistics for it', () => {
    const constant = clips.map((c) => ({
      ...c,
      functionals: {
        names: c.functionals.names,
        values: c.functionals.values.map((v, i) => (c.functionals.names[i] === 'pause_fraction' ? 0 : v)),
      },
    }));
    const stats = functionalStats(constant);
    expect(stats.names).not.toContain('pause_fraction');
    expect(stats.names).toContain('f0_st_mean');
  });

  describe('as a file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'user-calibration-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const fileWith = (name: string, edit: (json: Record<string, unknown>) => void): string => {
      const json = JSON.parse(JSON.stringify(computeUserCalibration(clips, { name: 'EB0', id: 'eb0' }))) as Record<string, unknown>;
      edit(json);
      const file = path.join(dir, name);
      writeFileSync(file, JSON.stringify(json));
      return file;
    };
    const problem = (file: string): string => {
      try {
        readUserCalibrationFile(file);
      } catch (error) {
        expect(error).toBeInstanceOf(UserCalibrationError);
        expect((error as UserCalibrationError).code).toBe('bad_calibration_file');
        return (error as Error).message;
      }
      throw new Error(`${file} was accepted`);
    };

    it('reads back exactly what was written', () => {
      const calibration = computeUserCalibration(clips, { name: 'EB0', baseline: [baseline] });
      const file = path.join(dir, 'eb0.json');
      writeUserCalibrationFile(file, calibration);
      expect(readUserCalibrationFile(file)).toEqual(calibration);
      expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('emotionthinker-calibration-v1');
    });

    it('names the problem of a malformed file', () => {
      expect(problem(path.join(dir, 'missing.json'))).toMatch(/Cannot read the calibration file .*missing\.json/);
      writeFileSync(path.join(dir, 'text.json'), 'pitch: high');
      expect(problem(path.join(dir, 'text.json'))).toMatch(/text\.json is not JSON/);
      expect(problem(fileWith('tag.json', (j) => (j.format = 'ravdess-table')))).toMatch(
        /format is "ravdess-table", expected "emotionthinker-calibration-v1": this is not an EmotionThinker calibration file/,
      );
      expect(problem(fileWith('null.json', (j) => ((j.functionals as { mean: unknown[] }).mean[2] = null)))).toMatch(
        /functionals\.mean\[2\] \(f0_st_p20\) is null, not a finite number/,
      );
      expect(problem(fileWith('short.json', (j) => (j.functionals as { std: unknown[] }).std.pop()))).toMatch(
        /functionals has \d+ names, \d+ means and \d+ deviations: they must be the same length/,
      );
      expect(problem(fileWith('tertile.json', (j) => ((j.levels as { energyDb: { lower: unknown } }).energyDb.lower = 'loud')))).toMatch(
        /levels\.energyDb\.lower is "loud", not a finite number/,
      );
      expect(problem(fileWith('order.json', (j) => ((j.levels as { rateSylPerS: { lower: number } }).rateSylPerS.lower = 99)))).toMatch(
        /levels\.rateSylPerS\.lower \(99\) is above levels\.rateSylPerS\.upper/,
      );
      expect(problem(fileWith('twice.json', (j) => ((j.functionals as { names: string[] }).names[1] = 'f0_st_mean')))).toMatch(
        /lists "f0_st_mean" twice/,
      );
    });

    it('raises a zero or negative deviation to the floor instead of dividing by it', () => {
      const file = fileWith('zero.json', (j) => {
        const f = j.functionals as { std: number[] };
        f.std[0] = 0;
        f.std[1] = -2;
      });
      const read: UserCalibration = readUserCalibrationFile(file);
      expect(read.functionals.std[0]).toBe(stdFloor(read.functionals.mean[0]!));
      expect(read.functionals.std[1]).toBe(stdFloor(read.functionals.mean[1]!));
      expect(read.functionals.std[0]).toBeGreaterThan(0);
    });

    it('refuses non-finite numbers handed over in memory (IPC), which JSON cannot even carry', () => {
      const calibration = computeUserCalibration(clips, { name: 'EB0' });
      const broken = { ...calibration, speakerBaseline: { medianF0Hz: Infinity, energyDb: 1, rate: 4 } };
      expect(() => validateUserCalibration(broken)).toThrow(/speakerBaseline\.medianF0Hz is Infinity, not a finite number/);
      expect(() => validateUserCalibration({ ...calibration, clips: NaN })).toThrow(/clips is NaN, not a finite number/);
    });
  });
});
