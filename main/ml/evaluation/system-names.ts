// How the systems are named in the report's tables, and the baselines' rows of a table.
import type { BaselineRun } from './baseline-runs';
import { systemMetrics, type SystemMetrics } from './system-metrics';

/** The model's name in the tables. */
export const modelSystemName = (id: string) => `model ${id}`;
export const baselineSystemName = (b: BaselineRun, suffix = '') => `${b.name} (functionals${suffix})`;

export function baselineSystems(
  baselines: readonly BaselineRun[],
  labels: (b: BaselineRun) => string[],
  truth: string[],
  pick: number[],
  suffix = '',
): SystemMetrics[] {
  return baselines.map((b) =>
    systemMetrics(
      baselineSystemName(b, suffix),
      `${b.description}; trained on ${b.trainClips} clips of the training speakers of ${b.trainedOn}`,
      labels(b),
      truth,
      pick.map((i) => b.predicted[i]!),
      pick.map((i) => b.probabilities[i]!),
    ),
  );
}

export const labelsOf = (b: BaselineRun) => Object.keys(b.probabilities[0] ?? {});
