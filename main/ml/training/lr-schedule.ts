// The learning rate at each optimiser step: linear warm-up from 0, then constant, or a linear decay
// to a fraction of the peak at the job's last step. A run cut short at a constant rate ends on noisy
// weights; decaying over the last stretch is what lets a from-scratch model settle (the continuation
// stage of `train:default` decays to 10 %).
import type { TrainingHyperparameters } from '../../../shared/types/training';

export type LrSchedule = Pick<TrainingHyperparameters, 'lr' | 'warmupSteps'> & { finalLrFraction?: number };

/** LR for optimiser step `step` (1-based) of a job with `totalSteps` steps. */
export function learningRateAt(hyper: LrSchedule, step: number, totalSteps: number): number {
  const { lr, warmupSteps } = hyper;
  if (warmupSteps > 0 && step < warmupSteps) return (lr * step) / warmupSteps;
  const fraction = hyper.finalLrFraction ?? 1;
  if (fraction === 1) return lr;
  const span = Math.max(1, totalSteps - warmupSteps);
  const through = Math.min(1, Math.max(0, (step - warmupSteps) / span));
  return lr * (1 - (1 - fraction) * through);
}
