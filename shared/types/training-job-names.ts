// The names of the training area's stages, job states and chart series, apart from their schemas
// (training-jobs.ts) so that the renderer can use them without loading zod.

/**
 * The stages a job can run: prosody base (stage 1 SFT), CoT SFT (stage 2), GRPO-PTR (stage 3), and the
 * reasoning reward model GRPO-PTR's R_reason comes from (issue 12).
 */
export const TRAINING_STAGES = ['prosody-base', 'cot-sft', 'grpo-ptr', 'reward-model'] as const;
/** One of {@link TRAINING_STAGES}. */
export type TrainingStage = (typeof TRAINING_STAGES)[number];

/** Words for a stage, for the form and the job list. */
export const STAGE_LABELS: Record<TrainingStage, string> = {
  'prosody-base': 'Prosody base (stage 1, SFT)',
  'cot-sft': 'CoT SFT (stage 2)',
  'grpo-ptr': 'GRPO-PTR (reinforcement)',
  'reward-model': 'Reasoning reward model (R_reason)',
};

/** Life cycle of a job in the app: the worker's states plus queued (waiting its turn) and interrupted (its worker or the app died). */
export const JOB_STATES = ['queued', 'running', 'paused', 'completed', 'cancelled', 'failed', 'interrupted'] as const;
/** One of {@link JOB_STATES}. */
export type JobState = (typeof JOB_STATES)[number];

/** Names of the chart series a job's metrics can have (whichever its records carry). */
export const METRIC_SERIES = [
  'loss',
  'validationLoss',
  'accuracy',
  'rollingAccuracy',
  'kl',
  'entropy',
  'rewardTotal',
  'rewardFormat',
  'rewardOutcome',
  'rewardReason',
  'trust',
  'zeroSpread',
  'completionLength',
  'completionLengthMax',
  'truncation',
  'lr',
  'gradNorm',
  'tokensPerS',
  'examplesPerS',
  'stepMs',
] as const;
/** One of {@link METRIC_SERIES}. */
export type MetricSeriesKey = (typeof METRIC_SERIES)[number];
