import { describe, expect, it } from 'vitest';
import { goldenSectionMinimum } from './maths';

describe('golden-section search', () => {
  it('narrows the bracket around the minimum until it is as narrow as asked', () => {
    const { lo, hi, minimum } = goldenSectionMinimum((x) => (x - 1.3) ** 2 + 2, -4, 6, { width: 1e-6, ties: 'lower' });
    expect(hi - lo).toBeLessThanOrEqual(1e-6);
    expect(lo).toBeLessThanOrEqual(1.3 + 1e-6);
    expect(hi).toBeGreaterThanOrEqual(1.3 - 1e-6);
    expect(minimum).toBeCloseTo(2, 10);
  });

  it('takes exactly the steps asked: each cuts the bracket by the golden ratio', () => {
    const { lo, hi } = goldenSectionMinimum((x) => Math.abs(x), -1, 1, { steps: 10, ties: 'lower' });
    expect(hi - lo).toBeCloseTo(2 * ((Math.sqrt(5) - 1) / 2) ** 10, 12);
  });

  it('keeps the side the caller names when the two probes tie', () => {
    const flat = () => 0;
    const lower = goldenSectionMinimum(flat, 0, 1, { steps: 20, ties: 'lower' });
    const upper = goldenSectionMinimum(flat, 0, 1, { steps: 20, ties: 'upper' });
    expect(lower.lo).toBe(0);
    expect(lower.hi).toBeLessThan(1e-3);
    expect(upper.hi).toBe(1);
    expect(upper.lo).toBeGreaterThan(1 - 1e-3);
  });
});
