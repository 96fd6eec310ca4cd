// The model's side of an analysis as it happens: an explanation run per recording (reasoning tokens
// streamed in order, then the stored result), and the running emotion estimate while recording.
// The page folds the stream with shared/util/explanation-fold.ts, which needs only these types.
import { z } from 'zod';
import { inputQualitySchema } from './input-quality';
import { recordingIdSchema } from './library';
import { modelKeySchema } from './model-registry';

/** Which model an explanation run uses and for which recording. */
export const explanationRunSchema = z.object({
  recordingId: recordingIdSchema,
  /** Unique per run; every event of the run carries it. */
  runId: z.string().uuid(),
  modelKey: modelKeySchema,
  modelId: z.string(),
  modelName: z.string(),
  /** An untrained test model: what it writes is noise, not an emotion judgement. */
  testModel: z.boolean(),
  startedAt: z.string(),
});
/** Which model an explanation run uses and for which recording. */
export type ExplanationRun = z.infer<typeof explanationRunSchema>;

/**
 * Which utterance of a long recording a run is explaining (issue 15: a recording longer than
 * TIMELINE_MIN_RECORDING_S is explained utterance by utterance and shown as an emotion timeline).
 */
export const runSegmentSchema = z.object({
  /** 0-based, in time order. */
  index: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  startS: z.number().nonnegative(),
  endS: z.number().nonnegative(),
});
/** Which utterance of a long recording a run is explaining. */
export type RunSegment = z.infer<typeof runSegmentSchema>;

/** Reasoning text the model just wrote; `seq` counts the run's token events from 0 without gaps. */
export const reasoningTokensSchema = z.object({
  recordingId: recordingIdSchema,
  runId: z.string().uuid(),
  seq: z.number().int().nonnegative(),
  /** Generation attempt (a malformed first attempt is retried; a new attempt starts a new text). */
  attempt: z.number().int().nonnegative(),
  text: z.string(),
  /** The utterance being explained, for a long recording; a new utterance starts a new text. */
  segment: runSegmentSchema.optional(),
});
/** Reasoning text the model just wrote. */
export type ReasoningTokens = z.infer<typeof reasoningTokensSchema>;

/** An explanation run ended: stored as a new analysis, or failed with a code and message. */
export const explanationFinishedSchema = z.object({
  recordingId: recordingIdSchema,
  runId: z.string().uuid(),
  outcome: z.enum(['stored', 'failed']),
  analysisId: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
/** An explanation run ended. */
export type ExplanationFinished = z.infer<typeof explanationFinishedSchema>;

/** A run in progress as a page that opens late sees it: the text so far and the last seq it covers. */
export const explanationProgressSchema = explanationRunSchema.extend({
  attempt: z.number().int().nonnegative(),
  text: z.string(),
  /** seq of the last token event folded into `text`; -1 before the first. */
  lastSeq: z.number().int(),
  /** The utterance `text` belongs to, for a long recording. */
  segment: runSegmentSchema.optional(),
});
/** A run in progress as a page that opens late sees it. */
export type ExplanationProgress = z.infer<typeof explanationProgressSchema>;

/** The current estimate of the emotion in the last seconds of a recording in progress. */
export const liveEmotionEstimateSchema = z.object({
  sessionId: z.string(),
  modelId: z.string(),
  modelName: z.string(),
  /** The most probable label and its probability. */
  label: z.string(),
  probability: z.number().min(0).max(1),
  probabilities: z.record(z.string(), z.number().min(0).max(1)),
  /** The stretch of the recording the estimate covers (seconds from its start). */
  windowStartS: z.number().nonnegative(),
  windowEndS: z.number().nonnegative(),
  /** Milliseconds the model took. */
  computeMs: z.number().nonnegative(),
  /**
   * How like the training data the window is: when not judgeable (silence, noise, too little
   * speech) the page says "cannot judge" instead of the label; absent from older hosts.
   */
  inputQuality: inputQualitySchema.optional(),
  /** The user's calibration the model read its inputs against (null: the training corpora's); absent from older hosts. */
  calibration: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
});
/** The current emotion estimate while recording. */
export type LiveEmotionEstimate = z.infer<typeof liveEmotionEstimateSchema>;
