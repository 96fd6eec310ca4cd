// Small statistics helpers shared by the prosody modules (NaN-free inputs expected). Percentile and
// median are the project's one pair (shared/util/maths.ts).
export { median, percentile } from '../../shared/util/maths';

export function mean(values: ArrayLike<number>): number {
  if (values.length === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Population standard deviation; NaN for an empty list. */
export function std(values: ArrayLike<number>): number {
  const m = mean(values);
  if (Number.isNaN(m)) return NaN;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i]! - m) ** 2;
  return Math.sqrt(sum / values.length);
}

/** Least-squares line y = intercept + slope * x with its residual sum of squares. */
export interface LineFit {
  slope: number;
  intercept: number;
  residualSumSquares: number;
}

export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const n = x.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = my - slope * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (y[i]! - intercept - slope * x[i]!) ** 2;
  return { slope, intercept, residualSumSquares: rss };
}

/** Total sum of squares around the mean (for R²). */
export function totalSumSquares(y: ArrayLike<number>): number {
  const m = mean(y);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (y[i]! - m) ** 2;
  return sum;
}

/** z-scores within the list; all zeros when the spread is zero. */
export function zScores(values: ArrayLike<number>): number[] {
  const m = mean(values);
  const s = std(values);
  return Array.from(values, (v) => (s > 1e-12 ? (v - m) / s : 0));
}

export function hzToSemitones(hz: number, referenceHz: number): number {
  return 12 * Math.log2(hz / referenceHz);
}
