import { describe, expect, it } from 'vitest';
import { savitzkyGolay } from './savitzky-golay';

describe('savitzkyGolay', () => {
  it('leaves a quadratic untouched, edges included, with order 2', () => {
    const values = Array.from({ length: 20 }, (_, i) => 0.3 * i * i - 2 * i + 1);
    savitzkyGolay(values, 9, 2).forEach((v, i) => expect(v).toBeCloseTo(values[i]!, 9));
  });

  it('reduces alternating noise on a line', () => {
    const noisy = Array.from({ length: 30 }, (_, i) => i + (i % 2 === 0 ? 0.5 : -0.5));
    const smoothed = savitzkyGolay(noisy, 9, 2);
    const error = smoothed.reduce((s, v, i) => s + Math.abs(v - i), 0) / 30;
    expect(error).toBeLessThan(0.2);
  });

  it('returns short runs unchanged', () => {
    expect(Array.from(savitzkyGolay([1, 5], 9, 2))).toEqual([1, 5]);
  });
});
