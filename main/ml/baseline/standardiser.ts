// z-scoring fitted on training rows only (so nothing of the test speakers leaks into the scale).
// Missing values (NaN: e.g. no voiced frame, no pause) are imputed with the training mean, i.e. 0
// after scaling; a constant column scales by 1 so it stays 0 rather than dividing by zero.

/** Per-column mean and standard deviation of the training rows. */
export interface Standardiser {
  mean: Float64Array;
  std: Float64Array;
}

export function fitStandardiser(rows: readonly ArrayLike<number>[]): Standardiser {
  if (rows.length === 0) throw new RangeError('fitStandardiser needs at least one row');
  const width = rows[0]!.length;
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  for (let j = 0; j < width; j++) {
    let sum = 0;
    let count = 0;
    for (const row of rows)
      if (Number.isFinite(row[j]!)) {
        sum += row[j]!;
        count++;
      }
    mean[j] = count ? sum / count : 0;
    let sq = 0;
    for (const row of rows) if (Number.isFinite(row[j]!)) sq += (row[j]! - mean[j]!) ** 2;
    const sd = count > 1 ? Math.sqrt(sq / (count - 1)) : 0;
    std[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, std };
}

export function standardise(s: Standardiser, row: ArrayLike<number>): Float64Array {
  const out = new Float64Array(s.mean.length);
  for (let j = 0; j < out.length; j++) out[j] = Number.isFinite(row[j]!) ? (row[j]! - s.mean[j]!) / s.std[j]! : 0;
  return out;
}
