// Calibration to the user's setting (issue 11): level tertiles and the model's input normalisation
// measured on the user's own recordings (a library selection, or a folder from the CLI), so that
// "pitch high" and the model's z-scored functionals are relative to *their* room, microphone and
// speakers instead of the training studios. Plain data: stored in SQLite, sent over IPC, written to
// a JSON file for the CLI's --calibration.
import { z } from 'zod';
import type { ProsodyCalibration, SpeakerBaseline } from './prosody';

/** The format tag every calibration file carries. */
export const USER_CALIBRATION_FORMAT = 'emotionthinker-calibration-v1';

/** Mean and standard deviation of each prosody functional over the calibration recordings. */
export interface FunctionalStats {
  /** Functional names (PROSODY_FUNCTIONAL_NAMES spelling); mean/std are in the same order. */
  names: string[];
  mean: number[];
  std: number[];
}

/** A calibration measured on the user's recordings: level tertiles, functional statistics, optional speaker baseline. */
export interface UserCalibration {
  /** Format tag of the JSON file, so a stray JSON is refused with a clear message. */
  format: typeof USER_CALIBRATION_FORMAT;
  id: string;
  name: string;
  createdAt: string;
  /** How many recordings it was measured on. */
  clips: number;
  /** Level tertiles from these recordings (`corpus` is the calibration's name). */
  levels: ProsodyCalibration;
  /** Normalisation of the model's utterance vector: replaces the training corpora's statistics. */
  functionals: FunctionalStats;
  /** Optional per-speaker baseline (a neutral clip of the speaker), for speaker-relative levels. */
  speakerBaseline: SpeakerBaseline | null;
  /** Names of the clips the speaker baseline was measured on (absent in files without a baseline). */
  speakerBaselineFrom?: string[];
}

/** What an analysis says about the calibration it used; null means "relative to the training corpora". */
export interface CalibrationRef {
  id: string;
  name: string;
  clips: number;
}

/** Id of a stored calibration (a random UUID minted by main, or any short id a CLI file carries). */
export const calibrationIdSchema = z.string().min(1).max(100);

/** CalibrationRef as data (the analysis view and the calibration listing carry it). */
export const calibrationRefSchema = z.object({
  id: calibrationIdSchema,
  name: z.string(),
  clips: z.number().int().nonnegative(),
}) satisfies z.ZodType<CalibrationRef>;

const cutPoints = z.object({ lower: z.number(), upper: z.number() });

/** One stored calibration as the Library lists it: what it was made from and its level cut points. */
export const calibrationSummarySchema = calibrationRefSchema.extend({
  createdAt: z.string(),
  /** True for the one the app's analyses use now. */
  active: z.boolean(),
  /** Names of the clips the speaker baseline was measured on; null when it has none. */
  baselineFrom: z.array(z.string()).nullable(),
  /** Level cut points (lower/upper tertile): median F0 (Hz, all speakers), energy re floor (dB), articulation rate (syl/s). */
  cuts: z.object({ medianF0Hz: cutPoints, energyDb: cutPoints, rateSylPerS: cutPoints }),
  /** How many of the model's utterance functionals the calibration normalises. */
  functionalCount: z.number().int().nonnegative(),
});
/** One stored calibration as the Library lists it. */
export type CalibrationSummary = z.infer<typeof calibrationSummarySchema>;

/** Every stored calibration, newest first, and which one is active (null: the training corpora's tables). */
export const calibrationListingSchema = z.object({
  items: z.array(calibrationSummarySchema),
  activeId: calibrationIdSchema.nullable(),
  /** Corpus name of the shipped level table used without a calibration (e.g. "ravdess"). */
  trainingTable: z.string(),
});
/** Every stored calibration and which one is active. */
export type CalibrationListing = z.infer<typeof calibrationListingSchema>;
