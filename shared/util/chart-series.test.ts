import { describe, expect, it } from 'vitest';
import { emaDebiased, forLogScale, minMaxIndices, pick } from './chart-series';

describe('minMaxIndices (display decimation)', () => {
  it('returns a short series whole, skipping non-finite values', () => {
    expect(minMaxIndices([1, Number.NaN, 3], 10)).toEqual([0, 2]);
  });

  it('keeps 100,000 points to the requested count, first and last included, in order, fast', () => {
    const values = Float64Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 500) + (i % 7) * 0.01);
    const started = performance.now();
    const indices = minMaxIndices(values, 1000);
    expect(performance.now() - started).toBeLessThan(100);
    expect(indices.length).toBeLessThanOrEqual(1000);
    expect(indices.length).toBeGreaterThan(900);
    expect(indices[0]).toBe(0);
    expect(indices.at(-1)).toBe(99_999);
    for (let i = 1; i < indices.length; i++) expect(indices[i]!).toBeGreaterThan(indices[i - 1]!);
  });

  it('never loses a one-step spike or dip', () => {
    const values = new Array<number>(50_000).fill(1);
    values[31_337] = 40;
    values[7_001] = -5;
    const kept = pick(values, minMaxIndices(values, 200));
    expect(Math.max(...kept)).toBe(40);
    expect(Math.min(...kept)).toBe(-5);
  });
});

describe('emaDebiased (smoothing)', () => {
  it('is the raw curve at weight 0 and starts at the first value, not at zero, when debiased', () => {
    expect(emaDebiased([3, 5, 7], 0)).toEqual([3, 5, 7]);
    const smooth = emaDebiased([10, 10, 10, 10], 0.9);
    for (const v of smooth) expect(v).toBeCloseTo(10, 9);
  });

  it('follows TensorBoard’s formula step by step', () => {
    const [a, b] = emaDebiased([2, 4], 0.5);
    expect(a).toBeCloseTo(2); // (0.5·2) / (1 − 0.5)
    expect(b).toBeCloseTo((0.5 * 1 + 0.5 * 4) / (1 - 0.25)); // 2.5 / 0.75
  });

  it('passes gaps through without letting them pull the average', () => {
    const smooth = emaDebiased([1, Number.NaN, 1], 0.6);
    expect(smooth[1]).toBeNaN();
    expect(smooth[2]).toBeCloseTo(1, 9);
  });
});

describe('forLogScale', () => {
  it('turns values a log axis cannot draw into gaps', () => {
    expect(forLogScale([0.1, 0, -2, 3])).toEqual([0.1, null, null, 3]);
  });
});
