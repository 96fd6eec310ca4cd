import { describe, expect, it } from 'vitest';
import { seededRandom } from '../generation/sampling';
import { trainFunctionalBaselines } from './functional-baselines';
import { softmaxLoss, trainSoftmaxRegression } from './softmax-regression';
import { fitStandardiser, standardise } from './standardiser';

/** `perClass` points around each of three centres in 4-D, spread `spread`; centres far apart. */
function blobs(perClass: number, spread: number, seed: number) {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = [
    [0, 0, 0, 0],
    [6, 0, 3, 0],
    [0, 6, 0, -3],
  ];
  const features: number[][] = [];
  const labels: string[] = [];
  centres.forEach((centre, c) => {
    for (let i = 0; i < perClass; i++) {
      // Column 3 is on another scale (× 100) to show standardisation matters.
      features.push(centre.map((v, j) => (v + spread * gauss()) * (j === 3 ? 100 : 1)));
      labels.push(['a', 'b', 'c'][c]!);
    }
  });
  return { features, labels };
}

describe('standardiser', () => {
  it('scales with training statistics only, imputes missing values as the mean and leaves constant columns at 0', () => {
    const s = fitStandardiser([
      [1, 5, 7],
      [3, 5, NaN],
      [5, 5, 9],
    ]);
    expect(Array.from(s.mean)).toEqual([3, 5, 8]);
    expect(s.std[0]).toBeCloseTo(2, 12);
    expect(Array.from(standardise(s, [7, 5, NaN]))).toEqual([2, 0, 0]);
  });
});

describe('softmax regression', () => {
  it('reaches the optimum of its convex loss: nudging any weight does not lower it', () => {
    const { features, labels } = blobs(30, 2.5, 3); // overlapping classes, so the optimum is finite
    const ys = labels.map((l) => ['a', 'b', 'c'].indexOf(l));
    const s = fitStandardiser(features);
    const xs = features.map((f) => standardise(s, f));
    const model = trainSoftmaxRegression(xs, ys, ['a', 'b', 'c'], { l2: 0.05, iterations: 800 });
    const base = softmaxLoss(model, xs, ys, 0.05);
    for (const w of model.weights) {
      for (let j = 0; j < w.length; j++) {
        for (const delta of [-0.02, 0.02]) {
          w[j]! += delta;
          expect(softmaxLoss(model, xs, ys, 0.05)).toBeGreaterThan(base - 1e-6);
          w[j]! -= delta;
        }
      }
    }
  });
});

describe('functional baselines on a separable synthetic set', () => {
  it('logistic regression and the MLP classify held-out points of well separated classes correctly', () => {
    const train = blobs(40, 0.7, 1);
    const test = blobs(20, 0.7, 2);
    const results = trainFunctionalBaselines(train, test.features, ['a', 'b', 'c'], { mlp: { epochs: 60 } });
    expect(results.map((r) => r.name)).toEqual(['logistic-regression', 'mlp']);
    for (const r of results) {
      const correct = r.predicted.filter((p, i) => p === test.labels[i]).length;
      expect(correct / test.labels.length).toBeGreaterThanOrEqual(0.98);
      for (const p of r.probabilities) expect(Object.values(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('is no better than chance when labels carry no information', () => {
    const train = blobs(40, 0.7, 1);
    const shuffled = { features: train.features, labels: train.labels.map((_, i) => ['a', 'b', 'c'][(i * 7) % 3]!) };
    const test = blobs(30, 0.7, 2);
    const [logistic] = trainFunctionalBaselines(shuffled, test.features, ['a', 'b', 'c'], { mlp: false });
    const correct = logistic!.predicted.filter((p, i) => p === test.labels[i]).length;
    expect(correct / test.labels.length).toBeLessThan(0.6);
  });

  it('refuses a training label outside the class list', () => {
    expect(() => trainFunctionalBaselines({ features: [[1]], labels: ['z'] }, [[1]], ['a', 'b'])).toThrow(/"z"/);
  });
});
