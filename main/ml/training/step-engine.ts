// What a training job's loop drives, whatever it trains: the SFT engine (one train_sft step per
// batch) or the GRPO-PTR engine (rollouts, rewards and train_grpo micro-steps per step). The job owns
// the life-cycle — lock, checkpoints, metrics, pause/cancel, messages — and an engine owns the data,
// the sessions and the optimiser state, so both kinds share one tested runtime.
import type { TrainingMetricRecord } from '../../../shared/types/training';
import type { DataPosition } from './data-order';
import type { OptimizerState } from './train-step-runner';

export interface StepEngine {
  /** `params.*`, `adam_m.*`, `adam_v.*`: what a checkpoint stores and an export reads. */
  readonly tensors: OptimizerState;
  /** Data position after the last step's examples (what a checkpoint taken now must store). */
  readonly position: DataPosition;
  /** Runs job step `step` (1-based) and returns its metrics line (before its `time`). */
  step(step: number): Promise<Omit<TrainingMetricRecord, 'time'>>;
  /** Engine state beyond tensors and position that a resume needs (JSON), e.g. GRPO's schedule. */
  engineState(): unknown;
  /** Makes the engine's own logs (e.g. GRPO's completions file) durable; called before each checkpoint. */
  flush?(): void;
  /** Mean loss over the job's validation examples (config.validation) under the current weights. */
  validate?(): Promise<{ loss: number; examples: number }>;
  /** Optional dashboard glimpse: what the current weights write for one example. */
  sample?(): Promise<{ output: string; reference: string }>;
  release(): Promise<void>;
}
