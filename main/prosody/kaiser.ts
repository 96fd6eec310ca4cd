// Modified Bessel function of the first kind, order 0, for Kaiser windows.

/** I0(x) by its power series; converges fast for the β ≈ 20 Praat uses. */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const quarterSquare = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= quarterSquare / (k * k);
    sum += term;
    if (term < sum * 1e-16) break;
  }
  return sum;
}
