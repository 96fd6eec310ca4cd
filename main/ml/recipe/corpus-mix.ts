// Mixing corpora for training (issue 11): class balance and per-corpus sampling made explicit, and
// the utterance vector's statistics pooled over every training corpus.
//
// Balance: RAVDESS has 8 labels (neutral at half the others' count), nEMO 6 labels and 1.7× the clips.
// Unweighted, the model would learn nEMO's label prior and RAVDESS' neutral scarcity. Each corpus gets
// the same number of emotion drills, spread evenly over its own labels, by cycling through each
// (corpus, label) cell — with augmented copies in the cells, a repeat is usually another recording.
import { PROSODY_FUNCTIONAL_NAMES } from '../../prosody/functionals';

export interface Cell<T> {
  corpus: string;
  label: string;
  items: T[];
}

/** Items grouped by corpus and label, in first-seen order. */
export function cellsOf<T extends { corpus: string; label: string }>(items: readonly T[]): Cell<T>[] {
  const cells = new Map<string, Cell<T>>();
  for (const item of items) {
    const key = `${item.corpus}\u0000${item.label}`;
    const cell = cells.get(key) ?? { corpus: item.corpus, label: item.label, items: [] };
    cell.items.push(item);
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/**
 * Resamples `items` so that every corpus contributes `perCorpus` items (default: the largest corpus'
 * count) and, inside a corpus, every label the same share. A cell's items are taken in order and
 * cycled, so every item is used before any repeats.
 */
export function balanceCorpora<T extends { corpus: string; label: string }>(items: readonly T[], perCorpus?: number): T[] {
  const cells = cellsOf(items);
  const corpora = [...new Set(cells.map((c) => c.corpus))];
  const sizes = corpora.map((corpus) => cells.filter((c) => c.corpus === corpus).reduce((n, c) => n + c.items.length, 0));
  const target = perCorpus ?? Math.max(0, ...sizes);
  const out: T[] = [];
  for (const corpus of corpora) {
    const own = cells.filter((c) => c.corpus === corpus);
    const perCell = Math.round(target / own.length);
    for (const cell of own) for (let i = 0; i < perCell; i++) out.push(cell.items[i % cell.items.length]!);
  }
  return out;
}

export interface PooledStats {
  fields: string[];
  mean: number[];
  std: number[];
}

/**
 * Mean and standard deviation of each named functional over all clips of all training corpora
 * (undefined values skipped), each corpus weighted equally so the larger one does not set the scale.
 */
export function pooledFunctionalStats(
  clips: readonly { corpus: string; functionals: readonly (number | null)[] }[],
  fields: readonly string[],
): PooledStats {
  const corpora = [...new Set(clips.map((c) => c.corpus))];
  const mean: number[] = [];
  const std: number[] = [];
  for (const field of fields) {
    const at = (PROSODY_FUNCTIONAL_NAMES as readonly string[]).indexOf(field);
    if (at < 0) throw new RangeError(`"${field}" is not a prosody functional`);
    let weightSum = 0;
    let sum = 0;
    let sumSq = 0;
    for (const corpus of corpora) {
      const values = clips
        .filter((c) => c.corpus === corpus)
        .map((c) => c.functionals[at])
        .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      if (values.length === 0) continue;
      const w = 1 / values.length;
      for (const v of values) {
        sum += w * v;
        sumSq += w * v * v;
      }
      weightSum += 1;
    }
    const mu = weightSum ? sum / weightSum : 0;
    const variance = weightSum ? sumSq / weightSum - mu * mu : 1;
    mean.push(Math.round(mu * 1e4) / 1e4);
    std.push(Math.max(1e-4, Math.round(Math.sqrt(Math.max(variance, 0)) * 1e4) / 1e4));
  }
  return { fields: [...fields], mean, std };
}

/**
 * The functionals the default model reads: every one except the levels measured re the noise floor
 * (loudness_re_floor_{mean,p20,p50,p80}, speech_rms_re_floor), which carry the room more than the
 * voice: 60 dB in RAVDESS' digital silence, 30 dB in nEMO's studio, 14–17 dB less again with noise at
 * 20 dB SNR. Their spread (std, range) and the clip-relative loudness and effort measures stay.
 */
export const ROBUST_UTTERANCE_FIELDS: readonly string[] = PROSODY_FUNCTIONAL_NAMES.filter(
  (name) =>
    ![
      'loudness_re_floor_mean_db',
      'loudness_re_floor_p20_db',
      'loudness_re_floor_p50_db',
      'loudness_re_floor_p80_db',
      'speech_rms_re_floor_db',
    ].includes(name),
);
