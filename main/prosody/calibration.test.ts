import { describe, expect, it } from 'vitest';
import type { CalibrationRow } from '../../shared/types/prosody';
import { computeCalibration, computeSpeakerBaseline, validateCalibration } from './calibration';
import { ProsodyError } from './errors';
import { levelsFor } from './levels';

/** Nine clips per gender with F0, energy and rate spread evenly so tertiles are predictable. */
function rows(): CalibrationRow[] {
  const out: CalibrationRow[] = [];
  for (let i = 0; i < 9; i++) {
    out.push({ corpus: 'toy', gender: 'female', medianF0Hz: 180 + 10 * i, energyDb: 40 + i, rate: 3 + 0.25 * i });
    out.push({ corpus: 'toy', gender: 'male', medianF0Hz: 90 + 10 * i, energyDb: 40 + i, rate: 3 + 0.25 * i });
  }
  return out;
}

describe('calibration tertiles and levels', () => {
  const tables = computeCalibration([
    ...rows(),
    { corpus: 'other', gender: null, medianF0Hz: 100, energyDb: 1, rate: 1 },
    { corpus: 'other', gender: null, medianF0Hz: 200, energyDb: 2, rate: 2 },
    { corpus: 'other', gender: null, medianF0Hz: 300, energyDb: 3, rate: 3 },
  ]);
  const toy = tables.find((t) => t.corpus === 'toy');

  it('makes one table per corpus, sorted by name', () => {
    expect(tables.map((t) => t.corpus)).toEqual(['other', 'toy']);
  });

  it('cuts pitch at per-gender tertiles and energy and rate over everyone', () => {
    expect(toy!.corpus).toBe('toy');
    expect(toy!.medianF0Hz.female!.lower).toBeCloseTo(180 + 10 * (8 / 3), 6);
    expect(toy!.medianF0Hz.male!.upper).toBeCloseTo(90 + 10 * (16 / 3), 6);
    expect(toy!.energyDb.count).toBe(18);
  });

  it('reads the same 150 Hz as high for a man and low for a woman, and uses the pooled table when gender is unknown', () => {
    const measures = { medianF0Hz: 150, energyDb: 44, rate: 4 };
    expect(levelsFor(measures, toy!, 'male').pitch).toBe('high');
    expect(levelsFor(measures, toy!, 'female').pitch).toBe('low');
    expect(levelsFor(measures, toy!, null).pitch).toBe('normal');
  });

  it('maps energy and rate below, between and above the tertiles to low/normal/high and slow/normal/fast', () => {
    const level = (energyDb: number, rate: number) => levelsFor({ medianF0Hz: 200, energyDb, rate }, toy!, 'female');
    expect([level(40, 3).energy, level(44, 3).energy, level(48, 3).energy]).toEqual(['low', 'normal', 'high']);
    expect([level(44, 3).speed, level(44, 4).speed, level(44, 5).speed]).toEqual(['slow', 'normal', 'fast']);
  });

  it('re-centres the tertiles on a speaker baseline in per-speaker mode', () => {
    const loudSpeaker = computeSpeakerBaseline([
      { medianF0Hz: 260, energyDb: 60, rate: 4 },
      { medianF0Hz: 280, energyDb: 62, rate: 4.2 },
    ]);
    expect(loudSpeaker.energyDb).toBe(61);
    const levels = levelsFor({ medianF0Hz: 270, energyDb: 61, rate: 4.1 }, toy!, 'female', loudSpeaker);
    expect(levels).toMatchObject({ pitch: 'normal', energy: 'normal', speed: 'normal', mode: 'speaker' });
    expect(levelsFor({ medianF0Hz: 270, energyDb: 61, rate: 4.1 }, toy!, 'female').energy).toBe('high');
  });

  it('rejects a corpus with too few clips and a malformed table with a typed error', () => {
    expect(() => computeCalibration([{ corpus: 'tiny', gender: null, medianF0Hz: 100, energyDb: 1, rate: 1 }])).toThrow(ProsodyError);
    try {
      validateCalibration({ corpus: 'x' });
    } catch (error) {
      expect((error as ProsodyError).code).toBe('bad_calibration');
    }
    expect(() => validateCalibration({ corpus: 'x' })).toThrow(/malformed/);
  });
});
