// ProsodyAnalysis → the compact summary stored in caches and records, and re-levelling of a summary
// with the calibration computed from the dataset being built (tertiles per corpus and gender).
import type { ProsodySummary } from '../../../shared/types/dataset';
import type { CalibrationRow, ProsodyAnalysis, ProsodyCalibration, SpeakerGender } from '../../../shared/types/prosody';
import { levelsFor, prosodyCaption } from '../../prosody';

/** Drops the frame tracks and functionals; rounds nothing (the checker compares exact values). */
export function summarise(analysis: ProsodyAnalysis): ProsodySummary {
  const { durationS, gender, segmentation, syllables, rate, pitch, intonation, energy, voiceQuality, levels } = analysis;
  return { durationS, gender, segmentation, syllables, rate, pitch, intonation, energy, voiceQuality, levels };
}

/** The clip's calibration input row. */
export function calibrationRow(corpus: string, gender: SpeakerGender | null, s: ProsodySummary): CalibrationRow {
  return { corpus, gender, medianF0Hz: s.pitch.medianHz, energyDb: s.energy.effortDb, rate: s.rate.articulationRateSylPerS };
}

/** The summary with levels and caption recomputed from `calibration` (and the speaker's gender). */
export function relevel(
  s: ProsodySummary,
  calibration: ProsodyCalibration,
  gender: SpeakerGender | null,
): { summary: ProsodySummary; caption: string } {
  const levels = levelsFor(
    { medianF0Hz: s.pitch.medianHz, energyDb: s.energy.effortDb, rate: s.rate.articulationRateSylPerS },
    calibration,
    gender,
  );
  const summary = { ...s, gender, levels };
  return { summary, caption: prosodyCaption(levels, s.intonation, s.syllables, gender) };
}

/** JSON cannot hold NaN: numbers that are not finite become null on the way out and NaN on the way in. */
export function nanToNull(key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}
