// Training jobs as the researcher's app sees them (issue 13): the form a job is made from, its life
// cycle, the summary the job list shows, the frozen config its page shows, and the chart, completions
// and log views read back from its folder. Plain data with runtime schemas: they cross the IPC door.
import { z } from 'zod';
import type { DatasetSplit } from './dataset';
import { GRPO_ABLATIONS } from './grpo';
import { rewardModelJobSchema, rewardModelKeySchema } from './reward-models';
import { JOB_STATES, METRIC_SERIES, TRAINING_STAGES } from './training-job-names';

export {
  JOB_STATES,
  METRIC_SERIES,
  STAGE_LABELS,
  TRAINING_STAGES,
  type JobState,
  type MetricSeriesKey,
  type TrainingStage,
} from './training-job-names';

const DATASET_SELECTIONS = ['train', 'validation', 'test', 'all'] as const satisfies readonly (DatasetSplit | 'all')[];

/** Id of a job: the folder name under <data folder>/jobs. */
export const jobIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'not a job id');

/** Where a job's examples come from: an imported dataset's split, or a speech-jsonl training file on disk. */
export const jobDatasetSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dataset'), datasetId: z.string().min(1).max(200), split: z.enum(DATASET_SELECTIONS) }).strict(),
  z
    .object({
      kind: z.literal('file'),
      /** Absolute path of a speech-jsonl file (one {audio, prompt?, target} per line), e.g. written by `npm run build:cot`. */
      path: z.string().min(1).max(4096),
      /** Licence of its audio, carried into the trained model (empty: the base model's). */
      licence: z.string().max(200),
    })
    .strict(),
]);
/** A job's dataset source. */
export type JobDatasetSource = z.infer<typeof jobDatasetSourceSchema>;

const weight = z.number().min(0).max(10);

/** The train form as submitted: every setting of a job; main checks it and fills nothing silently. */
export const trainingFormSchema = z
  .object({
    name: z.string().trim().min(1, 'give the job a name').max(120),
    stage: z.enum(TRAINING_STAGES),
    baseModelKey: z.string().regex(/^(shipped|user):[A-Za-z0-9._-]{1,120}$/, 'choose a base model'),
    dataset: jobDatasetSourceSchema,
    lr: z.number().gt(0, 'the learning rate must be above 0').max(1, 'a learning rate above 1 diverges'),
    /** GRPO: clips per step (each gets K completions). SFT batches are fixed by the model's training graph. */
    clipsPerStep: z.number().int().min(1).max(64),
    steps: z.number().int().min(1, 'at least one step').max(1_000_000),
    warmupSteps: z.number().int().min(0).max(1_000_000),
    /** GRPO: K completions per clip. */
    groupSize: z.number().int().min(2, 'K must be at least 2 (advantages compare completions)').max(64),
    /** GRPO: KL weight β. */
    beta: z.number().min(0).max(10),
    /** GRPO: generated tokens at most per completion. */
    maxTokens: z.number().int().min(4).max(512),
    rewardWeights: z.object({ format: weight, outcome: weight, reasoning: weight }).strict(),
    /** GRPO: rolling outcome accuracy at which R_reason switches on (0..1). */
    progressiveThreshold: z.number().min(0).max(1),
    /** GRPO: steps in the rolling accuracy window. */
    progressiveWindow: z.number().int().min(1).max(10_000),
    /** GRPO: weight R_reason by the trust τ (off = the "without τ" ablation). */
    useTrust: z.boolean(),
    executionProvider: z.enum(['cpu', 'cuda', 'dml', 'coreml', 'webgpu']),
    threads: z.number().int().min(1).max(64),
    checkpointEvery: z.number().int().min(1).max(1_000_000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
    /**
     * Reasoning reward model stage: the reward-model folder it fine-tunes. GRPO-PTR with the
     * reward-model scorer: the one that scores R_reason.
     */
    rewardModelKey: rewardModelKeySchema.optional(),
    /** Reasoning reward model stage: corrupted copies made of each trace (besides the trace as written). */
    corruptedCopies: z.number().int().min(0).max(20).optional(),
    /** GRPO-PTR: who scores R_reason (absent: the evidence checker, as before the reward model existed). */
    scorer: z.enum(['reward-model', 'evidence-checker']).optional(),
    /** GRPO-PTR: the issue-12 ablation preset (absent: from the reasoning weight and τ). */
    ablation: z.enum(GRPO_ABLATIONS).optional(),
    /** GRPO-PTR: ratio clip ε_high (DAPO's clip-higher; absent: equal to ε = 0.2). */
    clipEpsilonHigh: z.number().min(0.01).max(1).optional(),
  })
  .strict()
  .refine((f) => f.warmupSteps <= f.steps, { message: 'warm-up cannot be longer than the job', path: ['warmupSteps'] })
  .refine((f) => f.stage !== 'grpo-ptr' || f.rewardWeights.outcome + f.rewardWeights.format + f.rewardWeights.reasoning > 0, {
    message: 'at least one reward weight must be above 0',
    path: ['rewardWeights'],
  })
  .refine((f) => f.stage !== 'reward-model' || f.rewardModelKey !== undefined, {
    message: 'choose the reward model to start from',
    path: ['rewardModelKey'],
  })
  .refine((f) => f.stage !== 'reward-model' || f.corruptedCopies !== undefined, {
    message: 'give the corrupted copies per trace',
    path: ['corruptedCopies'],
  })
  .refine((f) => f.stage !== 'reward-model' || (f.dataset.kind === 'dataset' && f.dataset.split === 'all'), {
    message: 'the reasoning reward model trains on a whole imported dataset (its validation and test speakers are held out)',
    path: ['dataset'],
  })
  .refine((f) => f.scorer !== 'reward-model' || f.rewardModelKey !== undefined, {
    message: 'choose the reward model that scores R_reason',
    path: ['rewardModelKey'],
  })
  .refine((f) => f.ablation !== 'checker' || f.scorer !== 'reward-model', {
    message: 'the "checker" ablation scores R_reason with the evidence checker',
    path: ['scorer'],
  });
/** A submitted train form. */
export type TrainingForm = z.infer<typeof trainingFormSchema>;

/** What may change when a paused or interrupted job resumes; everything else is frozen with its checkpoints. */
export const resumeChangesSchema = z
  .object({
    /** More (or fewer, not below the step reached) total steps. */
    steps: z.number().int().min(1).max(1_000_000).optional(),
    threads: z.number().int().min(1).max(64).optional(),
    executionProvider: z.enum(['cpu', 'cuda', 'dml', 'coreml', 'webgpu']).optional(),
    checkpointEvery: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();
/** Settings a resume may change. */
export type ResumeChanges = z.infer<typeof resumeChangesSchema>;

/** One entry of a job's state history. */
export const jobStateEntrySchema = z.object({ state: z.enum(JOB_STATES), at: z.string(), note: z.string().optional() });

/** A job as the list shows it. */
export const trainingJobSummarySchema = z.object({
  id: jobIdSchema,
  name: z.string(),
  stage: z.enum(TRAINING_STAGES),
  state: z.enum(JOB_STATES),
  /** Why it is in this state (the error of a failed job, what interrupted one). */
  stateNote: z.string().nullable(),
  step: z.number().int(),
  totalSteps: z.number().int(),
  createdAt: z.string(),
  /** Wall time spent running so far (ms), across resumes. */
  elapsedMs: z.number(),
  /** Estimated time to finish at the recent pace (ms); null when not running or unknown. */
  etaMs: z.number().nullable(),
  lastLoss: z.number().nullable(),
  baseModelName: z.string(),
  datasetDescription: z.string(),
  /** The model folder the completed job was exported to (its registry key), when it was. */
  exportedModelKey: z.string().nullable(),
});
/** A row of the job list. */
export type TrainingJobSummary = z.infer<typeof trainingJobSummarySchema>;

/** Settings of the run as the runtime gets them (frozen in job.json), in words for the job page. */
export const frozenSettingSchema = z.object({ name: z.string(), value: z.string(), mayChangeOnResume: z.boolean() });
/** One frozen setting. */
export type FrozenSetting = z.infer<typeof frozenSettingSchema>;

/** The measured time per step of a form's config: a few real steps in a throwaway job folder. */
export const stepEstimateSchema = z.object({
  stepsMeasured: z.number().int(),
  /** Median step time after the first (which warms up caches), ms. */
  msPerStep: z.number(),
  /** Opening the model, sessions and dataset (ms), paid once per start or resume. */
  startupMs: z.number(),
  /** startup + steps × msPerStep (ms). */
  totalMs: z.number(),
  /** True when a job was training at the same time, so the figure is slower than an idle machine's. */
  sharedWithRunningJob: z.boolean(),
  /** The runtime config that was measured (its job folder was removed), pretty-printed JSON. */
  runConfigJson: z.string(),
  settings: z.array(frozenSettingSchema),
});
/** A measured step-time estimate. */
export type StepEstimate = z.infer<typeof stepEstimateSchema>;

/** A job's page: its summary, the form it came from, the config that runs, and its history. */
export const trainingJobDetailsSchema = z.object({
  summary: trainingJobSummarySchema,
  form: z.record(z.string(), z.unknown()),
  /** The runtime's config exactly as frozen (paths included), pretty-printed JSON. */
  runConfigJson: z.string(),
  settings: z.array(frozenSettingSchema),
  history: z.array(jobStateEntrySchema),
  folder: z.string(),
  /** The measured estimate made before start, when one was. */
  estimate: stepEstimateSchema.nullable(),
  /** A reasoning-reward-model job's inputs (clinician ratings counted) and its trained folder's figures. */
  rewardModel: rewardModelJobSchema.nullable(),
});
/** A job's page data. */
export type TrainingJobDetails = z.infer<typeof trainingJobDetailsSchema>;

/** One series, decimated: parallel arrays of step, seconds since the job's first step, and value. */
export const metricSeriesSchema = z.object({
  key: z.enum(METRIC_SERIES),
  steps: z.array(z.number()),
  timesS: z.array(z.number()),
  values: z.array(z.number()),
});
/** A decimated chart series. */
export type MetricSeries = z.infer<typeof metricSeriesSchema>;

/** A guardrail warning on the job page (training-guardrails.ts). */
export const guardrailWarningSchema = z.object({
  kind: z.enum(['zero-spread', 'truncation-rising', 'length-drift', 'entropy-collapse', 'kl-spike', 'reason-vs-accuracy']),
  /** From which step the condition holds (for the chart marker and the words). */
  step: z.number(),
  message: z.string(),
});
/** A guardrail warning. */
export type GuardrailWarning = z.infer<typeof guardrailWarningSchema>;

/** A job's charts: every series it has, decimated to about the requested point count. */
export const jobMetricsSchema = z.object({
  jobId: jobIdSchema,
  /** Records in metrics.jsonl (before decimation). */
  records: z.number().int(),
  series: z.array(metricSeriesSchema),
  /** The step at which R_reason switched on (GRPO), for the vertical marker. */
  reasoningOnStep: z.number().nullable(),
  warnings: z.array(guardrailWarningSchema),
});
/** A job's chart data. */
export type JobMetrics = z.infer<typeof jobMetricsSchema>;

const criteriaSchema = z.object({
  factualAlignment: z.number(),
  interpretativeQuality: z.number(),
  captionCompleteness: z.number(),
  fluencyStructure: z.number(),
});

/** One GRPO completion as the table shows it. */
export const completionRowSchema = z.object({
  index: z.number().int(),
  step: z.number().int(),
  clipId: z.string(),
  truth: z.string(),
  text: z.string(),
  correct: z.boolean(),
  rewards: z.object({
    format: z.number(),
    outcome: z.number(),
    reason: z.number().nullable(),
    criteria: criteriaSchema.nullable(),
    trust: z.number(),
    total: z.number(),
  }),
  advantage: z.number(),
  truncated: z.boolean(),
  tokens: z.number().int(),
});
/** A completion row. */
export type CompletionRow = z.infer<typeof completionRowSchema>;

/** A page of completions after the filters. */
export const completionPageSchema = z.object({
  total: z.number().int(),
  /** Completions in the file before filtering. */
  all: z.number().int(),
  rows: z.array(completionRowSchema),
  /** The steps that have completions (first and last), for the step filter. */
  firstStep: z.number().int().nullable(),
  lastStep: z.number().int().nullable(),
});
/** A page of completions. */
export type CompletionPage = z.infer<typeof completionPageSchema>;

/** A job's progress, pushed at most 10 times a second per job. */
export const trainingProgressSchema = z.object({
  jobId: jobIdSchema,
  state: z.enum(JOB_STATES),
  step: z.number().int(),
  totalSteps: z.number().int(),
  elapsedMs: z.number(),
  etaMs: z.number().nullable(),
  stepMs: z.number().nullable(),
  lastLoss: z.number().nullable(),
});
/** A progress event. */
export type TrainingProgress = z.infer<typeof trainingProgressSchema>;
