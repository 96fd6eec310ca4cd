import { percentile } from '../../../../shared/util/maths';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  confusionMatrix,
  expectedCalibrationError,
  pairedBootstrapDifference,
  perClassRecall,
  unweightedAverageRecall,
  wilsonInterval,
} from './metrics';

const classes = ['a', 'b', 'c'];
// 6 clips of a, 2 of b, 2 of c; a is mostly right, b half right, c never (once unanswered).
const truth = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'c', 'c'];
const predicted = ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'a', 'a', null];

describe('classification metrics on a hand-computed case', () => {
  it('accuracy counts a missing answer as wrong', () => {
    expect(accuracy(truth, predicted)).toBeCloseTo(6 / 10, 12);
  });

  it('the confusion matrix puts true classes in rows and keeps unanswered clips apart', () => {
    const cm = confusionMatrix(truth, predicted, classes);
    expect(cm.counts).toEqual([
      [5, 1, 0],
      [1, 1, 0],
      [1, 0, 0],
    ]);
    expect(cm.unanswered).toEqual([0, 0, 1]);
  });

  it('UAR is the plain mean of per-class recalls, so the big class cannot hide the small ones', () => {
    const cm = confusionMatrix(truth, predicted, classes);
    expect(perClassRecall(cm)).toEqual({ a: 5 / 6, b: 0.5, c: 0 });
    expect(unweightedAverageRecall(cm)).toBeCloseTo((5 / 6 + 0.5 + 0) / 3, 12);
  });
});

describe('expected calibration error', () => {
  it('is zero when confidence equals accuracy in every bin', () => {
    // Bin (0.733, 0.8]: four clips at 0.75, three right. Bin (0.467, 0.533]: two at 0.5, one right.
    expect(expectedCalibrationError([0.75, 0.75, 0.75, 0.75, 0.5, 0.5], [true, true, true, false, true, false])).toBeCloseTo(0, 12);
  });

  it('weights each bin by its share of clips (hand-computed, 15 bins)', () => {
    // Bin of 0.95: two clips, one right → |0.5 − 0.95| = 0.45, weight 2/4. Bin of 0.3: two clips,
    // both right → |1 − 0.3| = 0.7, weight 2/4. ECE = 0.225 + 0.35.
    expect(expectedCalibrationError([0.95, 0.95, 0.3, 0.3], [true, false, true, true])).toBeCloseTo(0.575, 12);
  });

  it('puts a confidence on a bin edge in the lower bin and rejects values outside [0, 1]', () => {
    // 1/15 belongs to bin 0 with 0.05; mean conf 0.0583, accuracy 0.5 → 0.4417.
    expect(expectedCalibrationError([1 / 15, 0.05], [true, false])).toBeCloseTo(0.5 - (1 / 15 + 0.05) / 2, 12);
    expect(() => expectedCalibrationError([1.2], [true])).toThrow(/outside/);
  });
});

describe('intervals', () => {
  it('Wilson interval matches the textbook value for 60 of 100', () => {
    const { low, high } = wilsonInterval(60, 100);
    expect(low).toBeCloseTo(0.502, 3);
    expect(high).toBeCloseTo(0.6906, 3);
  });

  it('240 clips at 57 % give about ±6 points (DESIGN.md)', () => {
    const { low, high } = wilsonInterval(137, 240);
    expect((high - low) / 2).toBeGreaterThan(0.055);
    expect((high - low) / 2).toBeLessThan(0.07);
  });

  it('the paired bootstrap interval holds the observed difference and excludes 0 for a clear gap', () => {
    const a = Array.from({ length: 200 }, (_, i) => i % 10 < 8);
    const b = Array.from({ length: 200 }, (_, i) => i % 10 < 5);
    const d = pairedBootstrapDifference(a, b, 500, 3);
    expect(d.difference).toBeCloseTo(0.3, 12);
    expect(d.low).toBeGreaterThan(0.2);
    expect(d.high).toBeLessThan(0.4);
  });

  it('percentile interpolates between order statistics', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 90)).toBe(46);
  });
});
