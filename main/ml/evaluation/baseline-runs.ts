// The classic baselines of the evaluation, on the very clips the model answered: logistic regression
// and an MLP on the functionals (main/ml/baseline), trained on the training speakers of every given
// corpus; leave-one-corpus-out (trained on one corpus's training speakers, tested on another's
// validation speakers); and the "calibrated" variant whose inputs are z-scored per corpus with that
// corpus's own unlabelled statistics (what calibrating to a user's recordings does for the model).
import {
  trainFunctionalBaselines,
  type BaselineOptions,
  type BaselinePredictions,
  type LabelledRows,
} from '../baseline/functional-baselines';

type Row = readonly (number | null)[];

/** Training rows of one corpus. */
export interface CorpusRows extends LabelledRows {
  corpus: string;
}

/** A baseline's answers on some test rows, with the rows' corpus for slicing. */
export interface BaselineRun extends BaselinePredictions {
  /** What it was trained on, in words. */
  trainedOn: string;
  trainClips: number;
}

/** Labels of the training rows, in `preferred` order first (the model's), then any others sorted. */
export function labelUnion(preferred: readonly string[], rows: readonly LabelledRows[]): string[] {
  const seen = new Set(rows.flatMap((r) => r.labels));
  return [...preferred.filter((l) => seen.has(l)), ...[...seen].filter((l) => !preferred.includes(l)).sort()];
}

export function trainBaselines(
  train: readonly CorpusRows[],
  test: readonly Row[],
  preferredLabels: readonly string[],
  options: BaselineOptions = {},
): BaselineRun[] {
  const rows: LabelledRows = { features: train.flatMap((t) => t.features), labels: train.flatMap((t) => t.labels) };
  const classes = labelUnion(preferredLabels, train);
  const trainedOn = train.map((t) => t.corpus).join(' + ');
  return trainFunctionalBaselines(rows, test, classes, options).map((b) => ({ ...b, trainedOn, trainClips: rows.labels.length }));
}

/** Per-column mean and deviation of some rows (NaN/null ignored); a constant column keeps std 1. */
export function columnStats(rows: readonly Row[]): { mean: number[]; std: number[] } {
  const width = rows[0]?.length ?? 0;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < width; j++) {
    const values = rows.map((r) => r[j]).filter((v): v is number => v !== null && v !== undefined && Number.isFinite(v));
    const m = values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
    const s = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1)) : 0;
    mean.push(m);
    std.push(s > 1e-9 ? s : 1);
  }
  return { mean, std };
}

/** Rows z-scored with their own statistics (unlabelled: only the feature values are read). */
export function standardiseOwn(rows: readonly Row[]): (number | null)[][] {
  const { mean, std } = columnStats(rows);
  return rows.map((r) => r.map((v, j) => (v === null || !Number.isFinite(v) ? null : (v - mean[j]!) / std[j]!)));
}
