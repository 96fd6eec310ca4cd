// Multinomial logistic regression (softmax regression) with L2 penalty, trained by full-batch Adam
// on the cross-entropy. The problem is convex, so a few hundred full-batch steps reach the optimum
// for our sizes (≈1,000 clips × 33 functionals × 8 classes) in well under a second.
// Why not ml-logistic-regression from npm: it trains one-vs-rest binary models with a fixed step and
// no penalty, which is not the multinomial model the literature baseline is.
import { softmaxInPlace } from '../../../shared/util/maths';

/** A trained softmax regression: weights[c][j] and bias[c] for class c, feature j. */
export interface SoftmaxRegression {
  classes: string[];
  weights: Float64Array[];
  bias: Float64Array;
}

export interface SoftmaxRegressionOptions {
  /** L2 penalty on the weights (not the bias), per sample; default 1e-2. */
  l2?: number;
  /** Full-batch Adam steps; default 500. */
  iterations?: number;
  /** Adam step size; default 0.05. */
  learningRate?: number;
}

export function softmaxProbabilities(model: SoftmaxRegression, x: ArrayLike<number>): Float64Array {
  const logits = new Float64Array(model.classes.length);
  for (let c = 0; c < logits.length; c++) {
    let z = model.bias[c]!;
    const w = model.weights[c]!;
    for (let j = 0; j < w.length; j++) z += w[j]! * x[j]!;
    logits[c] = z;
  }
  return softmaxInPlace(logits);
}

/** Mean cross-entropy plus the L2 term: what training minimises (exposed for tests). */
export function softmaxLoss(model: SoftmaxRegression, xs: readonly ArrayLike<number>[], ys: readonly number[], l2: number): number {
  let loss = 0;
  xs.forEach((x, i) => (loss -= Math.log(Math.max(softmaxProbabilities(model, x)[ys[i]!]!, 1e-300))));
  let penalty = 0;
  for (const w of model.weights) for (const v of w) penalty += v * v;
  return loss / xs.length + 0.5 * l2 * penalty;
}

export function trainSoftmaxRegression(
  xs: readonly ArrayLike<number>[],
  ys: readonly number[],
  classes: string[],
  options: SoftmaxRegressionOptions = {},
): SoftmaxRegression {
  if (xs.length === 0 || xs.length !== ys.length) throw new RangeError('trainSoftmaxRegression needs as many labels as rows, at least one');
  const l2 = options.l2 ?? 1e-2;
  const iterations = options.iterations ?? 500;
  const lr = options.learningRate ?? 0.05;
  const k = classes.length;
  const d = xs[0]!.length;
  const model: SoftmaxRegression = { classes, weights: Array.from({ length: k }, () => new Float64Array(d)), bias: new Float64Array(k) };
  // Parameters as one flat vector [w_0 … w_{k-1}, b] for Adam.
  const size = k * d + k;
  const grad = new Float64Array(size);
  const m1 = new Float64Array(size);
  const m2 = new Float64Array(size);
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  for (let t = 1; t <= iterations; t++) {
    grad.fill(0);
    xs.forEach((x, i) => {
      const p = softmaxProbabilities(model, x);
      p[ys[i]!]! -= 1;
      for (let c = 0; c < k; c++) {
        const e = p[c]! / xs.length;
        for (let j = 0; j < d; j++) grad[c * d + j]! += e * x[j]!;
        grad[k * d + c]! += e;
      }
    });
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) grad[c * d + j]! += l2 * model.weights[c]![j]!;
    // Step size decays linearly to 10 % so the last iterations settle instead of circling the optimum.
    const rate = lr * (1 - (0.9 * (t - 1)) / iterations);
    for (let q = 0; q < size; q++) {
      m1[q] = beta1 * m1[q]! + (1 - beta1) * grad[q]!;
      m2[q] = beta2 * m2[q]! + (1 - beta2) * grad[q]! ** 2;
      const step = (rate * (m1[q]! / (1 - beta1 ** t))) / (Math.sqrt(m2[q]! / (1 - beta2 ** t)) + eps);
      if (q < k * d) model.weights[Math.floor(q / d)]![q % d]! -= step;
      else model.bias[q - k * d]! -= step;
    }
  }
  return model;
}
