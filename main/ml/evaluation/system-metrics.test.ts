import { describe, expect, it } from 'vitest';
import { collapseOf, reliabilityBins, systemMetrics } from './system-metrics';

const MODEL_LABELS = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'];
const uniform = (labels: string[]) => Object.fromEntries(labels.map((l) => [l, 1 / labels.length]));

describe('systemMetrics on a corpus with fewer classes than the model', () => {
  // Six nEMO-like clips of 3 classes; the model answers 'calm' (not a class of this corpus) twice.
  const truth = ['sad', 'sad', 'angry', 'angry', 'happy', 'happy'];
  const predicted = ['sad', 'calm', 'angry', 'sad', 'calm', null];
  const metrics = systemMetrics(
    'm',
    '',
    MODEL_LABELS,
    truth,
    predicted,
    truth.map(() => uniform(MODEL_LABELS)),
  );

  it("scores UAR over the corpus's own classes, counting an answer outside them as wrong", () => {
    expect(metrics.classes).toEqual(['angry', 'happy', 'sad']);
    expect(Object.keys(metrics.perClassRecall)).toEqual(['angry', 'happy', 'sad']);
    expect(metrics.perClassRecall).toEqual({ angry: 0.5, happy: 0, sad: 0.5 });
    expect(metrics.unweightedAverageRecall).toBeCloseTo(1 / 3, 12);
    expect(metrics.accuracy).toBeCloseTo(2 / 6, 12);
  });

  it("keeps answers outside the corpus's classes visible in the confusion matrix", () => {
    const calm = metrics.confusion.classes.indexOf('calm');
    const happy = metrics.confusion.classes.indexOf('happy');
    expect(metrics.confusion.counts[happy]![calm]).toBe(1);
    expect(metrics.confusion.unanswered[happy]).toBe(1);
  });

  it('reports the most frequent answer and its share as the collapse', () => {
    expect(metrics.collapse.share).toBeCloseTo(2 / 6, 12);
    expect(['sad', 'calm']).toContain(metrics.collapse.label);
  });

  it('counts a true class the system cannot answer (a baseline trained on fewer labels) in the confusion', () => {
    const m = systemMetrics(
      'b',
      '',
      ['sad', 'angry'],
      ['happy', 'sad'],
      ['sad', 'sad'],
      [
        { sad: 0.9, angry: 0.1 },
        { sad: 0.8, angry: 0.2 },
      ],
    );
    expect(m.confusion.classes).toEqual(['sad', 'angry', 'happy']);
    expect(m.perClassRecall).toEqual({ happy: 0, sad: 1 });
  });
});

describe('collapseOf', () => {
  it('finds the label given to most clips, with no answer counted as its own kind', () => {
    expect(collapseOf(['sad', 'sad', 'sad', 'angry'])).toEqual({ label: 'sad', share: 0.75 });
    expect(collapseOf([null, null, 'sad'])).toEqual({ label: null, share: 2 / 3 });
    expect(collapseOf([]).share).toBeNaN();
  });
});

describe('reliability bins', () => {
  it("put each answer in the equal-width bin of its confidence, with the bin's mean confidence and accuracy", () => {
    const bins = reliabilityBins([0.05, 0.95, 0.9, 0.92, 0.5], [false, true, false, true, true], 10);
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ low: 0, high: 0.1, clips: 1, meanConfidence: 0.05, accuracy: 0 });
    expect(bins[4]).toMatchObject({ clips: 1, accuracy: 1 });
    expect(bins[8]).toMatchObject({ clips: 1, meanConfidence: 0.9, accuracy: 0 });
    expect(bins[9]!.clips).toBe(2);
    expect(bins[9]!.meanConfidence).toBeCloseTo(0.935);
    expect(bins[9]!.accuracy).toBe(1);
    expect(bins[1]).toMatchObject({ clips: 0, meanConfidence: null, accuracy: null });
  });

  it("come with every system's metrics, over the ECE's 15 bins", () => {
    const metrics = systemMetrics(
      'm',
      '',
      ['a', 'b'],
      ['a', 'b'],
      ['a', 'a'],
      [
        { a: 0.8, b: 0.2 },
        { a: 0.6, b: 0.4 },
      ],
    );
    expect(metrics.reliability).toHaveLength(15);
    expect(metrics.reliability.reduce((n, b) => n + b.clips, 0)).toBe(2);
  });
});
