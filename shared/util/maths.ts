// The small numeric helpers used across prosody, evaluation, generation and the recipe, written once.
import type { Random } from './random';

/** Linear-interpolated percentile (p in 0..100) of the finite values; NaN when there are none. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]!)) finite.push(values[i]!);
  if (finite.length === 0) return Number.NaN;
  const sorted = Float64Array.from(finite).sort();
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function median(values: ArrayLike<number>): number {
  return percentile(values, 50);
}

/** Softmax of `values` in place (numerically stable: the maximum is subtracted first). */
export function softmaxInPlace(values: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] = Math.exp((values[i]! - max) / temperature);
  for (let i = 0; i < values.length; i++) values[i]! /= sum;
  return values;
}

/** Softmax of `row` at `temperature`, as new float64 probabilities. */
export function softmax(row: ArrayLike<number>, temperature = 1): Float64Array {
  return softmaxInPlace(Float64Array.from(row), temperature);
}

/** Fisher–Yates shuffle of a copy of `values` with the seeded generator `random` (generator first, like pick). */
export function shuffled<T>(random: Random, values: readonly T[]): T[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** How a golden-section search narrows its bracket, and which side it keeps when the two probes tie. */
export interface GoldenSectionOptions {
  /** Stop once the bracket is at most this wide (default 0: only `steps` stops it). */
  width?: number;
  /** Stop after this many narrowing steps (default: no limit). */
  steps?: number;
  /**
   * Which part of the bracket survives when f is equal at the two probes: 'lower' keeps [lo, upper
   * probe], 'upper' keeps [lower probe, hi]. Callers pin it so their results stay bit-for-bit.
   */
  ties: 'lower' | 'upper';
}

/**
 * Golden-section search for the minimum of `f` on [lo, hi] (f unimodal there; Kiefer 1953): two
 * probes at the golden ratio, the bracket cut to the side of the lower value, one new evaluation a
 * step. Returns the final bracket and the least value f took at its probes.
 */
export function goldenSectionMinimum(
  f: (x: number) => number,
  lo: number,
  hi: number,
  { width = 0, steps = Infinity, ties }: GoldenSectionOptions,
): { lo: number; hi: number; minimum: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let lower = hi - g * (hi - lo);
  let upper = lo + g * (hi - lo);
  let fLower = f(lower);
  let fUpper = f(upper);
  for (let step = 0; step < steps && hi - lo > width; step++) {
    if (fLower < fUpper || (ties === 'lower' && fLower === fUpper)) {
      hi = upper;
      upper = lower;
      fUpper = fLower;
      lower = hi - g * (hi - lo);
      fLower = f(lower);
    } else {
      lo = lower;
      lower = upper;
      fLower = fUpper;
      upper = lo + g * (hi - lo);
      fUpper = f(upper);
    }
  }
  return { lo, hi, minimum: Math.min(fLower, fUpper) };
}
