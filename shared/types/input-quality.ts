// Whether a clip is like the speech a model was trained on (issue 11 item 5): signal measures (blind
// SNR, bandwidth, clipping, speech duration, digital silence), how far the model's z-scored utterance
// vector lies from the training clips, and what follows — a warning with the reason, a lowered shown
// confidence, or "cannot judge" instead of a label. Measured in main/prosody/input-quality.ts.
// JSON-safe by construction: an undefined measure is null, never NaN.
import { z } from 'zod';

/** Why a clip is out of range: each code has a message for a person next to it. */
export const INPUT_QUALITY_CODES = ['too_short', 'silent', 'no_speech', 'noisy', 'narrowband', 'clipped', 'unlike_training'] as const;
/** Why a clip is out of range. */
export type InputQualityCode = (typeof INPUT_QUALITY_CODES)[number];

/** One finding; `blocking` ones make the clip one the model cannot judge at all. */
export const inputQualityReasonSchema = z.object({
  code: z.enum(INPUT_QUALITY_CODES),
  message: z.string(),
  blocking: z.boolean(),
});
/** One finding about a clip's input quality. */
export type InputQualityReason = z.infer<typeof inputQualityReasonSchema>;

const maybeNumber = z.number().nullable();

/** The measures behind the verdict (null where undefined, e.g. no SNR for digital silence). */
export const inputQualityMeasuresSchema = z.object({
  durationS: z.number().nonnegative(),
  /** Speech stretches of the prosody segmentation, summed (s). */
  speechS: z.number().nonnegative(),
  /** Voiced frames of the pitch track, summed (s). */
  voicedS: z.number().nonnegative(),
  /** Level of the active frames (within 30 dB of the loudest), dBFS; null for digital silence. */
  activeLevelDbfs: maybeNumber,
  /** Blind SNR of the speech stretches (WADA, Kim & Stern 2008, −10…30 dB): needs no silence; null for digital silence. */
  snrDb: maybeNumber,
  /** Highest frequency where the long-term spectrum of the active frames stays within 40 dB of its peak (Hz). */
  bandwidthHz: maybeNumber,
  /** Share of samples at full scale or in flat-topped runs at the clip's peak (0..1). */
  clippedShare: z.number().min(0).max(1),
  /** Share of 10 ms frames below −90 dBFS: digital zeros, not a room's silence (0..1). */
  digitalSilenceShare: z.number().min(0).max(1),
  /** RMS of the model's z-scored utterance vector; null when no model read the clip. */
  rmsZ: maybeNumber,
  /** Largest |z| of that vector (the model's input clips at 5). */
  maxAbsZ: maybeNumber,
});
/** The measures behind an input-quality verdict. */
export type InputQualityMeasures = z.infer<typeof inputQualityMeasuresSchema>;

/** A clip's input quality: its measures, the findings, and what they do to the shown answer. */
export const inputQualitySchema = z.object({
  measures: inputQualityMeasuresSchema,
  /** Some measure lies outside what the model was trained on: the answer comes with a warning. */
  outOfRange: z.boolean(),
  /** False when the model cannot judge the clip (too short, silent, no speech, noise only): show no label. */
  judgeable: z.boolean(),
  /** How far the shown probabilities were blended toward uniform: 0 unchanged … 1 uniform. */
  severity: z.number().min(0).max(1),
  reasons: z.array(inputQualityReasonSchema),
  /** Where the thresholds came from: the model's manifest (its training clips) or the app's defaults. */
  rangeSource: z.enum(['manifest', 'default']),
});
/** A clip's input quality: measures, findings, and their effect on the shown answer. */
export type InputQuality = z.infer<typeof inputQualitySchema>;

const upper = z.object({ p95: z.number().positive(), p99: z.number().positive() });
const lower = z.object({ p1: z.number(), p5: z.number() });

/**
 * What the training clips spanned (manifest `inputRange`, filled by training with computeInputRange):
 * upper percentiles of the distance measures, lower percentiles of the signal measures.
 */
export const InputRangeSchema = z.object({
  /** How many training clips the percentiles were taken over. */
  clips: z.number().int().positive(),
  rmsZ: upper,
  maxAbsZ: upper,
  snrDb: lower,
  bandwidthHz: lower,
  speechS: lower,
});
/** What the training clips spanned, per measure. */
export type InputRange = z.infer<typeof InputRangeSchema>;
