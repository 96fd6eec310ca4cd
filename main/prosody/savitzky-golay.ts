// Savitzky–Golay smoothing (Savitzky & Golay 1964): least-squares polynomial over a sliding window.
// Written here rather than taken from npm because the edges matter to us: the final pitch movement
// is read from the last 400 ms, and padding by replication (what the npm filter offers) flattens
// exactly that end. Here edge points are evaluated on the polynomial of the first/last full window.

/** Solves A x = b for a small dense system (Gaussian elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Weights that give the fitted value at window position `at` (0..size-1) from the window's samples. */
export function savitzkyGolayWeights(size: number, order: number, at: number): Float64Array {
  const x = Array.from({ length: size }, (_, i) => i - (size - 1) / 2);
  const gram = Array.from({ length: order + 1 }, (_, r) =>
    Array.from({ length: order + 1 }, (_, c) => x.reduce((s, v) => s + v ** (r + c), 0)),
  );
  const xAt = at - (size - 1) / 2;
  // w_j = φ(x_at)ᵀ G⁻¹ φ(x_j): solve G z = φ(x_at) once, then dot with each φ(x_j).
  const z = solve(
    gram,
    Array.from({ length: order + 1 }, (_, k) => xAt ** k),
  );
  return Float64Array.from(x, (xj) => z.reduce((s, zk, k) => s + zk * xj ** k, 0));
}

/** Smooths values with an odd window (clipped to the data length) and polynomial order < window. */
export function savitzkyGolay(values: ArrayLike<number>, windowSize: number, order: number): Float64Array {
  const n = values.length;
  let size = Math.min(windowSize, n % 2 === 0 ? n - 1 : n);
  const out = Float64Array.from(values);
  if (size <= order || size < 3) return out;
  size = size % 2 === 0 ? size - 1 : size;
  const half = (size - 1) / 2;
  const centre = savitzkyGolayWeights(size, order, half);
  for (let i = 0; i < n; i++) {
    const start = Math.min(Math.max(0, i - half), n - size);
    const weights = start === i - half ? centre : savitzkyGolayWeights(size, order, i - start);
    let acc = 0;
    for (let j = 0; j < size; j++) acc += weights[j]! * values[start + j]!;
    out[i] = acc;
  }
  return out;
}
