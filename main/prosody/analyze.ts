// The one entry point: pitch tracking, every measure, levels and caption for a clip.
import type { MonoAudio } from '../../shared/types/audio';
import type { PitchTrack } from '../../shared/types/pitch';
import type { ProsodyAnalysis, ProsodyCalibration, SpeakerBaseline, SpeakerGender } from '../../shared/types/prosody';
import { prosodyCaption } from './caption';
import { validateCalibration } from './calibration';
import { DEFAULT_CALIBRATION } from './default-calibration';
import { levelsFor } from './levels';
import { measureProsody, validateAudio } from './measure';
import { trackPitch } from './pitch';

export interface AnalyzeProsodyOptions {
  /** Speaker gender if known; picks the gendered pitch tertiles. Never guessed. */
  gender?: SpeakerGender;
  /** Tertile table; defaults to the shipped RAVDESS table. */
  calibration?: ProsodyCalibration;
  /** Per-speaker level mode: tertile widths re-centred on this speaker's typical values. */
  speakerBaseline?: SpeakerBaseline;
  /** A pitch track already computed for this audio (skips tracking). */
  pitchTrack?: PitchTrack;
}

export function analyzeProsody(audio: MonoAudio, options: AnalyzeProsodyOptions = {}): ProsodyAnalysis {
  const started = performance.now();
  validateAudio(audio);
  const calibration = options.calibration ? validateCalibration(options.calibration) : DEFAULT_CALIBRATION;
  const pitchTrack = options.pitchTrack ?? trackPitch(audio);
  const measures = measureProsody(audio, pitchTrack);
  const gender = options.gender ?? null;
  const levels = levelsFor(
    { medianF0Hz: measures.pitch.medianHz, energyDb: measures.energy.effortDb, rate: measures.rate.articulationRateSylPerS },
    calibration,
    gender,
    options.speakerBaseline,
  );
  const caption = prosodyCaption(levels, measures.intonation, measures.syllables, gender);
  return { ...measures, gender, levels, caption, analysisMs: performance.now() - started };
}
