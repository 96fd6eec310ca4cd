// What the Analyze, Review and Report views draw for one recording: prosody tracks ready for display,
// the marks on them, and the model's explanation when an emotion model produced one.
// JSON-safe (the WebSocket carries JSON): undefined values (NaN) travel as null.
import { z } from 'zod';
import { calibrationRefSchema } from './calibration';
import type { ClaimAttribute, ClaimRegion, ClaimVerdict, EvidenceClaim } from './evidence';
import { inputQualitySchema } from './input-quality';
import { recordingIdSchema } from './library';

const maybeNumber = z.number().nullable();
const interval = z.object({ startS: z.number(), endS: z.number() });

/** Per-frame tracks on the 10 ms grid; null where a value is undefined. */
export const displayTracksSchema = z.object({
  frameStepS: z.number().positive(),
  f0Hz: z.array(maybeNumber),
  voicedProbability: z.array(maybeNumber),
  semitones: z.array(maybeNumber),
  intensityDb: z.array(maybeNumber),
  isSpeech: z.array(z.number().int()),
});
/** Per-frame tracks on the 10 ms grid. */
export type DisplayTracks = z.infer<typeof displayTracksSchema>;

/** A syllable nucleus as the charts mark it. */
export const syllableMarkSchema = z.object({
  timeS: z.number(),
  f0Hz: maybeNumber,
  intensityDb: maybeNumber,
  stressed: z.boolean(),
  stressStrength: z.number(),
});
/** A syllable nucleus as the charts mark it. */
export type SyllableMark = z.infer<typeof syllableMarkSchema>;

const claimAttributes = [
  'pitch-level',
  'energy-level',
  'speed-level',
  'pitch-range',
  'intonation-pattern',
  'final-movement',
  'stress',
  'pauses',
  'voice-quality',
  'unparsed',
] as const satisfies readonly ClaimAttribute[];

/** A time region a claim refers to (schema twin of ClaimRegion). */
export const claimRegionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('utterance'), startS: z.number(), endS: z.number() }),
  z.object({ kind: z.literal('final'), startS: z.number(), endS: z.number() }),
  z.object({ kind: z.literal('syllable'), timeS: z.number() }),
  z.object({ kind: z.literal('pause'), startS: z.number(), endS: z.number() }),
  z.object({ kind: z.literal('none') }),
]) satisfies z.ZodType<ClaimRegion>;

/** One checked claim of the reasoning (schema twin of EvidenceClaim). */
export const evidenceClaimSchema = z.object({
  attribute: z.enum(claimAttributes),
  span: z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }),
  text: z.string(),
  claim: z.string(),
  negated: z.boolean(),
  verdict: z.enum(['verified', 'contradicted', 'unverifiable']) satisfies z.ZodType<ClaimVerdict>,
  region: claimRegionSchema,
  measured: z.string(),
  note: z.string().optional(),
}) satisfies z.ZodType<EvidenceClaim>;

/**
 * One utterance of a long recording on its emotion timeline (issue 15): the model's answer on it,
 * its reasoning and checked claims (their regions on the recording's time axis).
 */
export const timelineSegmentSchema = z.object({
  startS: z.number().nonnegative(),
  endS: z.number().nonnegative(),
  /** The emotion judgement on this utterance; '' when it is not one (see `answered`, `wellFormed`, `inputQuality`). */
  label: z.string(),
  answered: z.string().nullable(),
  probabilities: z.record(z.string(), z.number().min(0).max(1)),
  rawProbabilities: z.record(z.string(), z.number().min(0).max(1)),
  reasoning: z.string(),
  claims: z.array(evidenceClaimSchema),
  wellFormed: z.boolean(),
  problems: z.array(z.string()),
  modelPrompt: z.string().nullable(),
  reasoningPrefix: z.string().nullable(),
  inputQuality: inputQualitySchema,
  /** The utterance's own prosody in one sentence. */
  caption: z.string(),
});
/** One utterance of a long recording on its emotion timeline. */
export type TimelineSegment = z.infer<typeof timelineSegmentSchema>;

/** What an emotion model said about a recording and how its reasoning checked out. */
export const explanationSchema = z.object({
  modelId: z.string(),
  /**
   * The emotion judgement: the model's label when its generation was well formed and the model is
   * not a test model; '' otherwise (see `answered`, `wellFormed`, `testModel` and `problems`).
   */
  label: z.string(),
  /** Probability per label, summing to ~1. */
  probabilities: z.record(z.string(), z.number().min(0).max(1)),
  /** The reasoning text (the <think> part). */
  reasoning: z.string(),
  claims: z.array(evidenceClaimSchema),
  // The fields below are always set by this app's analyses; they are optional so that explanations
  // made by older builds (and fixtures of other areas) still fit.
  /** Registry key of the model (`shipped:<folder>` / `user:<folder>`). */
  modelKey: z.string().optional(),
  modelName: z.string().optional(),
  /** An untrained test model: its output is noise and is never an emotion judgement. */
  testModel: z.boolean().optional(),
  /** The label the model wrote in <answer>, whatever it was; null when there was none. */
  answered: z.string().nullable().optional(),
  /** The generation had exactly the <think>…</think><answer>label</answer> form with a known label. */
  wellFormed: z.boolean().optional(),
  /** What is wrong with the generation; empty when well formed. */
  problems: z.array(z.string()).optional(),
  /** Read at the generated <answer>, or by forcing one after the reasoning when none was written. */
  probabilitySource: z.enum(['generated-answer', 'forced-answer']).optional(),
  /** The measured cues the model read before it reasoned (null: the model takes no prompt). */
  modelPrompt: z.string().nullable().optional(),
  /** The opening of the reasoning the app wrote from the measurements (null: the model wrote it all). */
  reasoningPrefix: z.string().nullable().optional(),
  /**
   * How like the training data the recording is: a warning when out of range (then `probabilities`
   * are lowered toward uniform), "cannot judge" and label '' when not judgeable. Absent before issue 11.
   */
  inputQuality: inputQualitySchema.optional(),
  /** The model's own probabilities before that lowering. */
  rawProbabilities: z.record(z.string(), z.number().min(0).max(1)).optional(),
  /**
   * A long recording's utterances, each explained on its own (then `reasoning` summarises them and
   * `probabilities` average them over the judged speech); absent for a single clip.
   */
  segments: z.array(timelineSegmentSchema).optional(),
});
/** What an emotion model said about a recording and how its reasoning checked out. */
export type Explanation = z.infer<typeof explanationSchema>;

/** Everything the Analyze view draws for one recording. */
export const analysisViewSchema = z.object({
  recordingId: recordingIdSchema,
  analysisId: z.number().int(),
  analyzedAt: z.string(),
  durationS: z.number().nonnegative(),
  tracks: displayTracksSchema,
  syllables: z.array(syllableMarkSchema),
  pauses: z.array(interval),
  speech: z.array(interval),
  levels: z.object({ pitch: z.string(), energy: z.string(), speed: z.string(), calibration: z.string(), mode: z.string() }),
  caption: z.string(),
  /** Headline measures in words-ready numbers. */
  summary: z.object({
    medianF0Hz: maybeNumber,
    pitchRangeSt: maybeNumber,
    intonation: z.string(),
    articulationRateSylPerS: maybeNumber,
    syllableCount: z.number().int(),
    pauseCount: z.number().int(),
    totalPauseS: z.number(),
  }),
  /** Null when no emotion model was installed for this analysis. */
  explanation: explanationSchema.nullable(),
  /** The user calibration the levels were relative to; null: the training corpora's tables. */
  calibration: calibrationRefSchema.nullable(),
  timings: z.record(z.string(), z.number()),
});
/** Everything the Analyze view draws for one recording. */
export type AnalysisView = z.infer<typeof analysisViewSchema>;

/** Min/max envelope of the waveform over a time window, one pair per display column. */
export const waveformEnvelopeSchema = z.object({
  startS: z.number(),
  endS: z.number(),
  min: z.array(z.number()),
  max: z.array(z.number()),
});
/** Min/max envelope of the waveform over a time window. */
export type WaveformEnvelope = z.infer<typeof waveformEnvelopeSchema>;

/** Spectrogram of a time window: `columns` × `bins` bytes (0..255, dB scaled), column-major, base64. */
export const spectrogramSchema = z.object({
  startS: z.number(),
  endS: z.number(),
  columns: z.number().int().nonnegative(),
  bins: z.number().int().positive(),
  maxHz: z.number().positive(),
  dataBase64: z.string(),
});
/** Spectrogram of a time window. */
export type Spectrogram = z.infer<typeof spectrogramSchema>;

/** A time window of a recording at a display width (for waveform and spectrogram requests). */
export const timeWindowRequestSchema = z
  .object({
    recordingId: recordingIdSchema,
    startS: z.number().nonnegative(),
    endS: z.number().positive(),
    columns: z.number().int().min(1).max(4096),
  })
  .strict()
  .refine((w) => w.endS > w.startS, { message: 'endS must be after startS' });
