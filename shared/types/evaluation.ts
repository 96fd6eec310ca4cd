// The Evaluate area: an evaluation of a registered model on a dataset split or a corpus folder,
// beside the active model and the classic baselines on the same clips — what is asked, how far it
// got, and what it found (stored as <data folder>/evaluations/<id>.json). Undefined figures (a
// class with no clips, no checkable claims) are null, never NaN.
import { z } from 'zod';
import { datasetIdSchema } from './datasets';
import { modelKeySchema } from './model-registry';

/** Id of a stored evaluation (a UUID). */
export const evaluationIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'not an evaluation id');
/** Id of a stored evaluation. */
export type EvaluationId = z.infer<typeof evaluationIdSchema>;

/** Which clips to evaluate on: a split of an imported dataset, or a corpus folder on this computer. */
export const evaluationSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dataset'), datasetId: datasetIdSchema, split: z.enum(['train', 'validation', 'test', 'all']) }).strict(),
  z
    .object({
      kind: z.literal('folder'),
      /** Absolute path of a corpus folder (any layout the importers read, or a CSV manifest). */
      path: z.string().trim().min(1).max(4096),
      /** Speakers held out for evaluation; the others train the baselines. Default: the corpus's usual ones (RAVDESS 17–20, nEMO IC0/KS0). */
      validationSpeakers: z.array(z.string().trim().min(1).max(100)).max(500).optional(),
    })
    .strict(),
]);
/** Which clips to evaluate on. */
export type EvaluationSource = z.infer<typeof evaluationSourceSchema>;

/** What the user asks for on the Evaluate page. */
export const evaluationRequestSchema = z
  .object({
    modelKey: modelKeySchema,
    source: evaluationSourceSchema,
    /** At most this many clips per corpus, spread over its classes and speakers; default all of them. */
    limit: z.number().int().min(1).max(1_000_000).optional(),
    /** Run the active model on the same clips too (when it is another model). */
    compareActive: z.boolean().default(true),
    /** Train the MLP baseline as well as logistic regression. */
    mlp: z.boolean().default(true),
    /** Tokens the evaluated model may write per clip; default its own limit (the active model always has its own). */
    maxTokens: z.number().int().min(8).max(4096).optional(),
    /** ONNX Runtime threads of the evaluation process. */
    threads: z.number().int().min(1).max(64).default(1),
  })
  .strict();
/** What the user asks for on the Evaluate page (defaults filled in). */
export type EvaluationRequest = z.output<typeof evaluationRequestSchema>;
/** What the page sends. */
export type EvaluationRequestInput = z.input<typeof evaluationRequestSchema>;

/** Where an evaluation is: running, finished, or stopped (by the user, an error, or an app exit). */
export const evaluationStateSchema = z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted']);
/** Where an evaluation is. */
export type EvaluationState = z.infer<typeof evaluationStateSchema>;

/** The part of the run going on now. */
export const evaluationStageSchema = z.enum(['starting', 'loading', 'model', 'comparison', 'latency', 'saving', 'done']);
/** The part of the run going on now. */
export type EvaluationStage = z.infer<typeof evaluationStageSchema>;

const share = z.number().nullable();

/** One evaluation as the list shows it, and its progress while it runs. */
export const evaluationSummarySchema = z.object({
  id: evaluationIdSchema,
  createdAt: z.string(),
  state: evaluationStateSchema,
  modelKey: modelKeySchema,
  modelName: z.string(),
  /** The clips, in words ("RAVDESS dataset, validation split", a folder path). */
  sourceDescription: z.string(),
  progress: z.object({ stage: evaluationStageSchema, done: z.number().int(), total: z.number().int(), message: z.string() }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Headline figures of the evaluated model, once done. */
  accuracy: share,
  unweightedAverageRecall: share,
});
/** One evaluation as the list shows it. */
export type EvaluationSummary = z.infer<typeof evaluationSummarySchema>;

/** One bin of a reliability diagram: clips whose confidence fell in (low, high]. */
export const reliabilityBinSchema = z.object({
  low: z.number(),
  high: z.number(),
  clips: z.number().int(),
  meanConfidence: share,
  accuracy: share,
});
/** One bin of a reliability diagram. */
export type ReliabilityBin = z.infer<typeof reliabilityBinSchema>;

/** Which system a row is: the evaluated model, the active model beside it, or a classic baseline. */
export const systemRoleSchema = z.enum(['model', 'active-model', 'baseline']);
/** Which system a row is. */
export type SystemRole = z.infer<typeof systemRoleSchema>;

/** Everything measured for one system on the evaluated clips. */
export const systemResultSchema = z.object({
  name: z.string(),
  role: systemRoleSchema,
  description: z.string(),
  clips: z.number().int(),
  accuracy: share,
  accuracyCi95: z.object({ low: share, high: share }),
  unweightedAverageRecall: share,
  /** Recall of each true class present. */
  perClassRecall: z.record(z.string(), share),
  /** Rows: true class; columns: predicted class; `unanswered`: clips with no valid answer, per true class. */
  confusion: z.object({ classes: z.array(z.string()), counts: z.array(z.array(z.number().int())), unanswered: z.array(z.number().int()) }),
  expectedCalibrationError: share,
  reliability: z.array(reliabilityBinSchema),
  /** The most frequent answer and its share (a model answering one label for everything has collapsed). */
  collapse: z.object({ label: z.string().nullable(), share }),
});
/** Everything measured for one system. */
export type SystemResult = z.infer<typeof systemResultSchema>;

/** One corpus's row of the per-corpus table. */
export const corpusResultSchema = z.object({
  name: z.string(),
  clips: z.number().int(),
  classes: z.array(z.string()),
  systems: z.array(z.object({ name: z.string(), role: systemRoleSchema, accuracy: share, unweightedAverageRecall: share })),
});
/** One corpus's row of the per-corpus table. */
export type CorpusResult = z.infer<typeof corpusResultSchema>;

/** What a finished evaluation found. */
export const evaluationResultSchema = z.object({
  id: evaluationIdSchema,
  finishedAt: z.string(),
  model: z.object({ key: modelKeySchema, id: z.string(), name: z.string(), testModel: z.boolean() }),
  /** The active model run beside it (null: it is the active model, or the comparison was not asked for). */
  activeModel: z.object({ key: modelKeySchema, name: z.string() }).nullable(),
  clips: z.object({ evaluated: z.number().int(), failed: z.number().int(), baselineTraining: z.number().int() }),
  /** The evaluated model first, then the active model, then the baselines. */
  systems: z.array(systemResultSchema),
  corpora: z.array(corpusResultSchema),
  /** The evaluated model's explanations: share of checkable claims the evidence checker verified. */
  claims: z.object({
    verifiedShare: share,
    modelWrittenVerifiedShare: share,
    verified: z.number().int(),
    contradicted: z.number().int(),
    unverifiable: z.number().int(),
  }),
  /** Share of answers in the expected <think>…</think><answer>…</answer> form. */
  wellFormedShare: share,
  latency: z.object({ perClipMedianMs: share, perClipP90Ms: share, fourSecondMedianMs: share, fourSecondP90Ms: share }),
  /** Clips that could not be analyzed, with their error code (first 200). */
  failures: z.array(z.object({ file: z.string(), code: z.string(), message: z.string() })),
});
/** What a finished evaluation found. */
export type EvaluationResult = z.infer<typeof evaluationResultSchema>;

/** A stored evaluation: its summary, its request and (when done) its result. */
export const evaluationRecordSchema = z.object({
  summary: evaluationSummarySchema,
  request: evaluationRequestSchema,
  result: evaluationResultSchema.nullable(),
});
/** A stored evaluation. */
export type EvaluationRecord = z.infer<typeof evaluationRecordSchema>;
