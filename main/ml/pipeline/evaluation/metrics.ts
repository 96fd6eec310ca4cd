// Classification metrics of the evaluation: accuracy, confusion matrix, per-class recall, unweighted
// average recall (UAR, the speech-emotion field's headline metric because corpora are unbalanced),
// expected calibration error (Guo et al. 2017, equal-width bins), Wilson score interval and a paired
// bootstrap of an accuracy difference. A null prediction (no valid answer) counts as wrong.
import { percentile } from '../../../../shared/util/maths';
import { seededRandom } from '../../generation/sampling';

export function accuracy(truth: readonly string[], predicted: readonly (string | null)[]): number {
  if (truth.length !== predicted.length) throw new RangeError('truth and predictions differ in length');
  if (truth.length === 0) return NaN;
  return truth.filter((t, i) => predicted[i] === t).length / truth.length;
}

/** counts[t][p]: clips of true class t predicted as p; `unanswered[t]`: predicted null. */
export interface ConfusionMatrix {
  classes: string[];
  counts: number[][];
  unanswered: number[];
}

export function confusionMatrix(
  truth: readonly string[],
  predicted: readonly (string | null)[],
  classes: readonly string[],
): ConfusionMatrix {
  const index = new Map(classes.map((c, i) => [c, i]));
  const counts = classes.map(() => new Array<number>(classes.length).fill(0));
  const unanswered = new Array<number>(classes.length).fill(0);
  truth.forEach((t, i) => {
    const row = index.get(t);
    if (row === undefined) throw new RangeError(`true label "${t}" is not one of the classes`);
    const col = predicted[i] === null ? undefined : index.get(predicted[i]!);
    if (col === undefined) unanswered[row]!++;
    else counts[row]![col]!++;
  });
  return { classes: [...classes], counts, unanswered };
}

/** Recall per class (NaN for a class with no true clip). */
export function perClassRecall(cm: ConfusionMatrix): Record<string, number> {
  return Object.fromEntries(
    cm.classes.map((c, i) => {
      const total = cm.counts[i]!.reduce((a, b) => a + b, 0) + cm.unanswered[i]!;
      return [c, total ? cm.counts[i]![i]! / total : NaN];
    }),
  );
}

/** Mean recall over the classes that occur in the truth. */
export function unweightedAverageRecall(cm: ConfusionMatrix): number {
  const recalls = Object.values(perClassRecall(cm)).filter((r) => !Number.isNaN(r));
  return recalls.length ? recalls.reduce((a, b) => a + b, 0) / recalls.length : NaN;
}

/** Standard number of bins (Guo et al. 2017 use 15). */
export const ECE_BINS = 15;

/**
 * Σ_b (n_b / N) · |accuracy_b − mean confidence_b| over equal-width confidence bins
 * ((b/B, (b+1)/B]; a confidence of exactly 0 goes in the first bin).
 */
export function expectedCalibrationError(confidences: readonly number[], correct: readonly boolean[], bins = ECE_BINS): number {
  if (confidences.length !== correct.length) throw new RangeError('confidences and outcomes differ in length');
  if (confidences.length === 0) return NaN;
  const count = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  confidences.forEach((c, i) => {
    if (!(c >= 0 && c <= 1)) throw new RangeError(`confidence ${c} is outside [0, 1]`);
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(c * bins) - 1));
    count[b]!++;
    conf[b]! += c;
    if (correct[i]) hits[b]!++;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++)
    if (count[b]) ece += (count[b]! / confidences.length) * Math.abs(hits[b]! / count[b]! - conf[b]! / count[b]!);
  return ece;
}

/** Wilson score interval of a proportion (95 % with z = 1.96). */
export function wilsonInterval(successes: number, n: number, z = 1.96): { low: number; high: number } {
  if (n === 0) return { low: NaN, high: NaN };
  const p = successes / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Paired bootstrap of accuracy(A) − accuracy(B) on the same clips: the clips are resampled with
 * replacement, so clip difficulty is shared and the interval is narrower than two separate ones.
 */
export function pairedBootstrapDifference(
  correctA: readonly boolean[],
  correctB: readonly boolean[],
  resamples = 2000,
  seed = 1,
): { difference: number; low: number; high: number } {
  if (correctA.length !== correctB.length || correctA.length === 0)
    throw new RangeError('paired bootstrap needs two equal, non-empty lists');
  const n = correctA.length;
  const random = seededRandom(seed);
  const diffs: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let d = 0;
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n);
      d += Number(correctA[k]) - Number(correctB[k]);
    }
    diffs.push(d / n);
  }
  const difference = (correctA.filter(Boolean).length - correctB.filter(Boolean).length) / n;
  return { difference, low: percentile(diffs, 2.5), high: percentile(diffs, 97.5) };
}
