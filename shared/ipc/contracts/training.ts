// The training area's channels, spread into the one contract (../contract.ts): train form → measured
// estimate → job; the job list and page; charts, completions and log read back from the job folder;
// pause, resume (with the settings that may change) and cancel.
import { z } from 'zod';
import {
  completionPageSchema,
  jobIdSchema,
  jobMetricsSchema,
  resumeChangesSchema,
  stepEstimateSchema,
  trainingFormSchema,
  trainingJobDetailsSchema,
  trainingJobSummarySchema,
  trainingProgressSchema,
} from '../../types/training-jobs';
import { rewardModelListingSchema } from '../../types/reward-models';
import type { EventSpec, RequestSpec } from '../contract-spec';

const byJob = z.object({ jobId: jobIdSchema }).strict();
const step = z.number().int().min(0).max(10_000_000);

export const trainingRequests = {
  'training.estimate': {
    payload: trainingFormSchema,
    response: stepEstimateSchema,
    doc: 'Runs a few real steps of the form’s config in a throwaway folder: the measured time per step and the config that will run.',
  },
  'training.start': {
    payload: z.object({ form: trainingFormSchema, estimate: stepEstimateSchema.nullable() }).strict(),
    response: trainingJobSummarySchema,
    doc: 'Freezes the form’s config in a new job folder and queues it; one job trains at a time.',
  },
  'training.list': {
    payload: z.object({}).strict(),
    response: z.object({ jobs: z.array(trainingJobSummarySchema) }),
    doc: 'Every job, newest first (running, queued, paused, interrupted and finished ones).',
  },
  'training.get': {
    payload: byJob,
    response: trainingJobDetailsSchema,
    doc: 'A job’s page: summary, the frozen config, its settings in words and its state history.',
  },
  'training.metrics': {
    payload: z.object({ jobId: jobIdSchema, points: z.number().int().min(10).max(10_000) }).strict(),
    response: jobMetricsSchema,
    doc: 'Every chart series the job’s metrics.jsonl has, each decimated (min/max) to about `points` points, and the guardrail warnings.',
  },
  'training.completions': {
    payload: z
      .object({
        jobId: jobIdSchema,
        offset: z.number().int().min(0).max(10_000_000),
        limit: z.number().int().min(1).max(500),
        fromStep: step.optional(),
        toStep: step.optional(),
        correct: z.boolean().optional(),
      })
      .strict(),
    response: completionPageSchema,
    doc: 'A page of a GRPO job’s completions, newest first, filtered by step range and right/wrong.',
  },
  'training.log': {
    payload: z.object({ jobId: jobIdSchema, lines: z.number().int().min(1).max(5000) }).strict(),
    response: z.object({ lines: z.array(z.string()) }),
    doc: 'The last lines of the job’s log.',
  },
  'training.pause': {
    payload: byJob,
    response: trainingJobSummarySchema,
    doc: 'Pauses the running job after its current step; answers once it has checkpointed.',
  },
  'training.resume': {
    payload: z.object({ jobId: jobIdSchema, changes: resumeChangesSchema }).strict(),
    response: trainingJobSummarySchema,
    doc: 'Continues a paused or interrupted job from its checkpoint; only steps, threads, provider and checkpoint interval may change.',
  },
  'training.cancel': {
    payload: byJob,
    response: trainingJobSummarySchema,
    doc: 'Cancels a job; a running or paused one checkpoints first and keeps its folder.',
  },
  'training.exportRl': {
    payload: z
      .object({ datasetId: z.string().min(1).max(200), engine: z.enum(['verl', 'trl']), copyAudio: z.boolean().optional() })
      .strict(),
    response: z.object({
      outDir: z.string(),
      files: z.array(z.string()),
      train: z.number().int().nonnegative(),
      val: z.number().int().nonnegative(),
    }),
    doc: 'Exports a dataset’s EmotionCoT records as a GRPO-PTR job for verl or TRL into <data folder>/exports (rows, launch settings, the reward adapter, a README); the rewards are served by `emotionthinker reward-server`.',
  },
  'training.rewardModels': {
    payload: z.object({}).strict(),
    response: rewardModelListingSchema,
    doc: 'The reasoning reward models (shipped and trained in the app) with their clinician-ratings counts and held-out figures, and how many clinician ratings a new reward-model job would read.',
  },
} as const satisfies Record<string, RequestSpec>;

export const trainingEvents = {
  'training.progress': {
    payload: trainingProgressSchema,
    doc: 'A job moved on (step, elapsed, ETA, state); at most 10 per second per job, state changes at once.',
  },
  'training.changed': {
    payload: z.object({ jobId: jobIdSchema }),
    doc: 'A job was created or changed state: lists and pages should refresh.',
  },
} as const satisfies Record<string, EventSpec>;
