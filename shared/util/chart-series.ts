// The training dashboard's chart data layer (issue 13): display decimation that keeps a 100,000-step
// curve responsive without hiding its spikes, and the smoothed curve drawn over the raw one.

/**
 * Indices of at most `maxPoints` samples that draw like all of them: the range is cut into
 * maxPoints/2 buckets and each keeps its minimum and maximum (in index order), so a one-step KL spike
 * or loss blow-up survives decimation; the first and last sample are always kept. Non-finite values
 * are skipped. A series already short enough is returned whole.
 */
export function minMaxIndices(values: ArrayLike<number>, maxPoints: number): number[] {
  const n = values.length;
  const all: number[] = [];
  if (n <= Math.max(2, maxPoints)) {
    for (let i = 0; i < n; i++) if (Number.isFinite(values[i]!)) all.push(i);
    return all;
  }
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const out: number[] = [];
  const push = (i: number) => {
    if (i >= 0 && out[out.length - 1] !== i && Number.isFinite(values[i]!)) out.push(i);
  };
  push(0);
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    let minI = -1;
    let maxI = -1;
    for (let i = from; i < to; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (minI < 0 || v < values[minI]!) minI = i;
      if (maxI < 0 || v > values[maxI]!) maxI = i;
    }
    if (minI < 0) continue;
    push(Math.min(minI, maxI));
    push(Math.max(minI, maxI));
  }
  push(n - 1);
  return out;
}

/** `items` at `indices`. */
export function pick<T>(items: ArrayLike<T>, indices: readonly number[]): T[] {
  return indices.map((i) => items[i]!);
}

/**
 * Exponential moving average with debiasing (TensorBoard's smoothing): s_t = w·s_{t−1} + (1−w)·v_t
 * from s_0 = 0, divided by 1 − w^t so the first points are not dragged towards zero. `weight` 0 is
 * the raw curve; 0.99 is very smooth. Non-finite values pass through as NaN and do not count.
 */
export function emaDebiased(values: ArrayLike<number>, weight: number): number[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  const out = new Array<number>(values.length);
  let last = 0;
  let counted = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = Number.NaN;
      continue;
    }
    last = last * w + (1 - w) * v;
    counted += 1;
    out[i] = w === 0 ? v : last / (1 - w ** counted);
  }
  return out;
}

/** Points for a log-scaled axis: values ≤ 0 cannot be drawn there and become gaps (null). */
export function forLogScale(values: readonly number[]): (number | null)[] {
  return values.map((v) => (v > 0 && Number.isFinite(v) ? v : null));
}
