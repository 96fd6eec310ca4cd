import { describe, expect, it } from 'vitest';
import { comparePitch, estimateAt, scorePitch } from './pitch-metrics';

const track = (stepS: number, f0Hz: number[]) => ({ firstTimeS: 0, stepS, f0Hz });

describe('pitch metrics', () => {
  it('interpolates between two voiced frames and takes voicing from the nearest frame', () => {
    const estimate = track(0.01, [100, 200, 0]);
    expect(estimateAt(estimate, 0.005)).toBeCloseTo(150);
    expect(estimateAt(estimate, 0.014)).toBeCloseTo(200); // nearest frame 1 voiced, frame 2 unvoiced
    expect(estimateAt(estimate, 0.016)).toBe(0); // nearest frame 2 is unvoiced
    expect(estimateAt(estimate, 0.05)).toBe(0); // past the end
  });

  it('counts a >20 % deviation as gross and a voicing mismatch as a voicing error', () => {
    const reference = track(0.01, [100, 100, 100, 0, 100]);
    const estimate = track(0.01, [100, 125, 119, 100, 0]);
    const result = comparePitch(estimate, reference);
    expect(result).toMatchObject({ referenceFrames: 5, voicedInBoth: 3, grossErrors: 1, voicingErrors: 2 });
    expect(result.fineErrorsCents[0]).toBe(0);
    expect(result.fineErrorsCents[1]).toBeCloseTo(1200 * Math.log2(1.19));
  });

  it('skips reference frames marked NaN (not scored)', () => {
    const result = comparePitch(track(0.01, [100, 100]), track(0.01, [NaN, 100]));
    expect(result.referenceFrames).toBe(1);
  });

  it('compares at the reference frame times when the grids differ (15 ms reference, 10 ms estimate)', () => {
    const estimate = track(0.01, [100, 110, 120, 130, 140]);
    const reference = track(0.015, [100, 115, 130]);
    const result = comparePitch(estimate, reference);
    expect(result.voicedInBoth).toBe(3);
    expect(Math.max(...result.fineErrorsCents)).toBeLessThan(1e-9);
  });

  it('pools files frame-weighted, with the median and mean over all fine errors', () => {
    const a = comparePitch(track(0.01, [100, 300]), track(0.01, [100, 100]));
    const b = comparePitch(track(0.01, [0, 0, 200 * 2 ** (10 / 1200)]), track(0.01, [100, 0, 200]));
    const scores = scorePitch([a, b]);
    expect(scores.referenceFrames).toBe(5);
    expect(scores.voicedInBoth).toBe(3);
    expect(scores.gpe).toBeCloseTo(1 / 3);
    expect(scores.vde).toBeCloseTo(1 / 5);
    expect(scores.fineMedianCents).toBeCloseTo(5);
    expect(scores.fineMeanCents).toBeCloseTo(5);
  });

  it('gives NaN rather than a made-up number when nothing is comparable', () => {
    const scores = scorePitch([]);
    expect(scores.gpe).toBeNaN();
    expect(scores.fineMedianCents).toBeNaN();
  });
});
