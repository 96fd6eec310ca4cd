// Temperature scaling of the answer's label distribution (Guo et al. 2017, "On Calibration of Modern
// Neural Networks"): one scalar T, fitted by minimising the negative log-likelihood of the true
// labels on held-out clips. A model that writes its conclusion before <answer> puts ~all mass on
// that label, so its raw confidence says nothing; T > 1 spreads it to match how often it is right.
// T never changes the most probable label, so accuracy and recall are untouched.
import { temperProbabilities } from '../explain-clip';

/** Held-out answers: the label distribution the model gave and the true label. */
export interface ScoredAnswer {
  probabilities: Record<string, number>;
  truth: string;
}

/** The search interval for T (log-spaced); the optimum of a one-scalar NLL is unimodal in log T. */
export const TEMPERATURE_RANGE: readonly [number, number] = [0.05, 100];

/** Mean negative log-likelihood of the true labels after tempering with `temperature`. */
export function temperedNll(answers: readonly ScoredAnswer[], temperature: number): number {
  if (answers.length === 0) return NaN;
  let total = 0;
  for (const a of answers) total -= Math.log(Math.max(temperProbabilities(a.probabilities, temperature)[a.truth] ?? 0, 1e-12));
  return total / answers.length;
}

/** T minimising the NLL, by golden-section search on log T over TEMPERATURE_RANGE. */
export function fitTemperature(answers: readonly ScoredAnswer[]): number {
  if (answers.length === 0) throw new RangeError('fitting a temperature needs at least one answer');
  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(TEMPERATURE_RANGE[0]);
  let hi = Math.log(TEMPERATURE_RANGE[1]);
  const f = (logT: number) => temperedNll(answers, Math.exp(logT));
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 60; i++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = f(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * Cross-fitted calibration: each group's answers are tempered with a T fitted on the other groups
 * only (groups = speakers), so the reported calibration is measured on clips the fit never saw.
 */
export function crossFitTemperatures(answers: readonly (ScoredAnswer & { group: string })[]): {
  tempered: Record<string, number>[];
  temperatureByGroup: Record<string, number>;
} {
  const groups = [...new Set(answers.map((a) => a.group))].sort();
  if (groups.length < 2) throw new RangeError('cross-fitting needs answers from at least two groups');
  const temperatureByGroup = Object.fromEntries(groups.map((g) => [g, fitTemperature(answers.filter((a) => a.group !== g))]));
  return { tempered: answers.map((a) => temperProbabilities(a.probabilities, temperatureByGroup[a.group]!)), temperatureByGroup };
}
