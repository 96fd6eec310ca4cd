// Requests cross a process boundary, so the worker checks them against a schema before acting
// (STYLE.md, "guard the door") and answers a malformed one with a 'bad_request' error.
import { z } from 'zod';
import { GRPO_ABLATIONS } from '../../../shared/types/grpo';
import type { TrainingRequest } from '../../../shared/types/training';

const feedSpec = z.object({
  name: z.string().min(1),
  dtype: z.enum(['float32', 'int64']),
  exampleShape: z.array(z.number().int().positive()),
});

const datasetSpec = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('tensor-jsonl'),
    path: z.string().min(1),
    feeds: z.array(feedSpec).min(1),
    rowMaskFeed: z.string().min(1),
    description: z.string(),
  }),
  z.object({ kind: z.literal('speech-jsonl'), path: z.string().min(1), description: z.string(), licence: z.string().optional() }),
]);

const nonNegative = z.number().nonnegative();
const grpoSettings = z
  .object({
    clipsPerStep: z.number().int().min(1).max(256),
    groupSize: z.number().int().min(2).max(64),
    maxTokens: z.number().int().min(1).max(4096),
    temperature: z.number().positive().max(10).optional(),
    topP: z.number().gt(0).lte(1).optional(),
    topK: z.number().int().positive().optional(),
    rewards: z.object({
      weights: z.object({ format: nonNegative, outcome: nonNegative, reasoning: nonNegative }),
      criterionWeights: z.object({
        factualAlignment: nonNegative,
        interpretativeQuality: nonNegative,
        captionCompleteness: nonNegative,
        fluencyStructure: nonNegative,
      }),
      useTrust: z.boolean(),
      schedule: z.object({
        mode: z.enum(['progressive', 'always', 'never']),
        threshold: z.number().min(0).max(1),
        windowSteps: z.number().int().min(1),
      }),
      advantageScale: z.enum(['group', 'batch', 'none']),
      advantageEpsilon: z.number().positive(),
    }),
    beta: nonNegative,
    clipEpsilon: z.number().gt(0).lt(1),
    clipEpsilonHigh: z.number().gt(0).lt(1).optional(),
    maxResamplesPerStep: z.number().int().min(0).max(1000),
    scorer: z.enum(['reward-model', 'evidence-checker']),
    rewardModelDir: z.string().min(1).optional(),
    samplerThreads: z.number().int().positive().optional(),
    ablation: z.enum(GRPO_ABLATIONS).optional(),
  })
  .refine((s) => s.scorer !== 'reward-model' || s.rewardModelDir !== undefined, {
    message: 'scorer "reward-model" needs rewardModelDir',
    path: ['rewardModelDir'],
  });

const jobConfig = z.object({
  jobDir: z.string().min(1),
  modelDir: z.string().min(1),
  dataset: datasetSpec,
  totalSteps: z.number().int().positive(),
  checkpointEvery: z.number().int().positive(),
  seed: z.number().int(),
  hyper: z
    .object({
      lr: z.number().positive(),
      weightDecay: z.number().nonnegative(),
      maxGradNorm: z.number().positive(),
      warmupSteps: z.number().int().nonnegative(),
      finalLrFraction: z.number().gt(0).lte(1),
    })
    .partial()
    .optional(),
  reportEvery: z.number().int().positive().optional(),
  sampleEvery: z.number().int().nonnegative().optional(),
  keepCheckpoints: z.number().int().positive().optional(),
  intraOpNumThreads: z.number().int().positive().optional(),
  executionProvider: z.enum(['cuda', 'dml', 'coreml', 'webgpu', 'cpu']).optional(),
  grpo: grpoSettings.optional(),
  validation: z
    .object({ dataset: datasetSpec, every: z.number().int().positive(), maxExamples: z.number().int().positive().max(100_000) })
    .optional(),
});

const seq = z.number().int().nonnegative();
const trainingRequest = z.discriminatedUnion('type', [
  z.object({ seq, type: z.literal('start'), config: jobConfig }),
  z.object({ seq, type: z.literal('pause') }),
  z.object({ seq, type: z.literal('resume') }),
  z.object({ seq, type: z.literal('cancel') }),
]);

/** A checked request, or the reason it was rejected. */
export function parseTrainingRequest(value: unknown): { ok: true; request: TrainingRequest } | { ok: false; message: string } {
  const parsed = trainingRequest.safeParse(value);
  if (parsed.success) return { ok: true, request: parsed.data as TrainingRequest };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: `malformed training request at ${issue.path.join('.') || '(root)'}: ${issue.message}` };
}
