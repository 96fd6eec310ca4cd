// Calibration tables: tertile cut points per corpus (pitch per corpus and gender), as in
// EmotionCoT (DESIGN.md). Any dataset can feed computeCalibration with one row per clip.
import type { CalibrationRow, ProsodyCalibration, SpeakerBaseline, Tertiles } from '../../shared/types/prosody';
import { ProsodyError } from './errors';
import { median, percentile } from './stats';

/** Tertile cut points of the finite values; null when there are fewer than 3. */
export function tertiles(values: number[]): Tertiles | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 3) return null;
  return { lower: percentile(finite, 100 / 3), upper: percentile(finite, 200 / 3), count: finite.length };
}

function requireTertiles(values: number[], what: string, corpus: string): Tertiles {
  const cut = tertiles(values);
  if (!cut) throw new ProsodyError('bad_calibration', `Corpus "${corpus}" has fewer than 3 clips with a finite ${what}.`);
  return cut;
}

/** One calibration table per corpus in the rows, sorted by corpus name. */
export function computeCalibration(rows: CalibrationRow[]): ProsodyCalibration[] {
  const corpora = [...new Set(rows.map((r) => r.corpus))].sort();
  return corpora.map((corpus) => {
    const own = rows.filter((r) => r.corpus === corpus);
    const f0Of = (gender: CalibrationRow['gender'] | 'any'): number[] =>
      own.filter((r) => gender === 'any' || r.gender === gender).map((r) => r.medianF0Hz);
    return {
      corpus,
      medianF0Hz: {
        female: tertiles(f0Of('female')),
        male: tertiles(f0Of('male')),
        any: requireTertiles(f0Of('any'), 'median F0', corpus),
      },
      energyDb: requireTertiles(
        own.map((r) => r.energyDb),
        'energy',
        corpus,
      ),
      rateSylPerS: requireTertiles(
        own.map((r) => r.rate),
        'rate',
        corpus,
      ),
    };
  });
}

/** A speaker's baseline: medians of their clips' measures (for per-speaker level mode). */
export function computeSpeakerBaseline(rows: Pick<CalibrationRow, 'medianF0Hz' | 'energyDb' | 'rate'>[]): SpeakerBaseline {
  const finite = (values: number[]): number[] => values.filter(Number.isFinite);
  return {
    medianF0Hz: median(finite(rows.map((r) => r.medianF0Hz))),
    energyDb: median(finite(rows.map((r) => r.energyDb))),
    rate: median(finite(rows.map((r) => r.rate))),
  };
}

/** Checks a calibration loaded from disk or IPC before it is used. */
export function validateCalibration(value: unknown): ProsodyCalibration {
  const isTertiles = (t: unknown): t is Tertiles =>
    typeof t === 'object' &&
    t !== null &&
    ['lower', 'upper', 'count'].every((k) => typeof (t as Record<string, unknown>)[k] === 'number') &&
    (t as Tertiles).lower <= (t as Tertiles).upper;
  const c = value as ProsodyCalibration;
  const ok =
    typeof value === 'object' &&
    value !== null &&
    typeof c.corpus === 'string' &&
    typeof c.medianF0Hz === 'object' &&
    isTertiles(c.medianF0Hz?.any) &&
    (c.medianF0Hz.female === null || isTertiles(c.medianF0Hz.female)) &&
    (c.medianF0Hz.male === null || isTertiles(c.medianF0Hz.male)) &&
    isTertiles(c.energyDb) &&
    isTertiles(c.rateSylPerS);
  if (!ok)
    throw new ProsodyError(
      'bad_calibration',
      'Calibration table is malformed: expected corpus, medianF0Hz.{female,male,any}, energyDb and rateSylPerS tertiles.',
    );
  return c;
}
