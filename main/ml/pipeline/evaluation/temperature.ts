// Temperature scaling of the answer's label distribution (Guo et al. 2017, "On Calibration of Modern
// Neural Networks"): one scalar T, fitted by minimising the negative log-likelihood of the true
// labels on held-out clips. A model that writes its conclusion before <answer> puts ~all mass on
// that label, so its raw confidence says nothing; T > 1 spreads it to match how often it is right.
// T never changes the most probable label, so accuracy and recall are untouched.
import { goldenSectionMinimum } from '../../../../shared/util/maths';
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

/** T minimising the NLL, by golden-section search on log T over TEMPERATURE_RANGE (60 steps; a tie keeps the lower T). */
export function fitTemperature(answers: readonly ScoredAnswer[]): number {
  if (answers.length === 0) throw new RangeError('fitting a temperature needs at least one answer');
  const nll = (logT: number) => temperedNll(answers, Math.exp(logT));
  const { lo, hi } = goldenSectionMinimum(nll, Math.log(TEMPERATURE_RANGE[0]), Math.log(TEMPERATURE_RANGE[1]), {
    steps: 60,
    ties: 'lower',
  });
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
