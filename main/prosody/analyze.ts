// The one entry point: pitch tracking, every measure, levels and caption for a clip.
import type { MonoAudio } from '../../shared/types/audio';
import { PROSODY_FRAME_STEP_S, type PitchTrack } from '../../shared/types/pitch';
import type { ProsodyAnalysis, ProsodyCalibration, SpeakerBaseline, SpeakerGender, TimeInterval } from '../../shared/types/prosody';
import { prosodyCaption } from './caption';
import { validateCalibration } from './calibration';
import { DEFAULT_CALIBRATION } from './default-calibration';
import { levelsFor } from './levels';
import { frameCount } from './intensity';
import { measureProsody, turnOnFrameGrid, validateAudio } from './measure';
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
  /**
   * A long recording's turns (its utterances, utterance-split.ts): pitch, speech and syllables are
   * found in each turn on its own (the tracker's voicing threshold, like Praat's, is relative to the
   * loudest stretch it sees, so a quiet turn after a loud one would have no pitch); outside them, none.
   */
  turns?: readonly TimeInterval[];
}

/** The pitch track of each turn on its own, on the clip's frame grid; unvoiced outside the turns. */
function trackPitchByTurn(audio: MonoAudio, turns: readonly TimeInterval[]): PitchTrack {
  const hop = Math.round(PROSODY_FRAME_STEP_S * audio.sampleRate);
  const count = frameCount(audio.samples.length, hop);
  const f0Hz = new Float32Array(count);
  const voicedProbability = new Float32Array(count);
  for (const turn of turns) {
    const grid = turnOnFrameGrid(audio.samples, hop, turn);
    if (!grid) continue;
    const own = trackPitch({ samples: grid.samples, sampleRate: audio.sampleRate });
    f0Hz.set(own.f0Hz.subarray(0, count - grid.first), grid.first);
    voicedProbability.set(own.voicedProbability.subarray(0, count - grid.first), grid.first);
  }
  return { frameStepS: PROSODY_FRAME_STEP_S, f0Hz, voicedProbability };
}

export function analyzeProsody(audio: MonoAudio, options: AnalyzeProsodyOptions = {}): ProsodyAnalysis {
  const started = performance.now();
  validateAudio(audio);
  const calibration = options.calibration ? validateCalibration(options.calibration) : DEFAULT_CALIBRATION;
  const pitchTrack = options.pitchTrack ?? (options.turns ? trackPitchByTurn(audio, options.turns) : trackPitch(audio));
  const measures = measureProsody(audio, pitchTrack, options.turns);
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
