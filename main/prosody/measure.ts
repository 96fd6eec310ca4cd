// Measures every prosodic track and summary of a clip, given its pitch track.
// Levels and caption need a calibration and live in analyze.ts; calibrate.ts uses this directly.
import type { MonoAudio } from '../../shared/types/audio';
import type { PitchTrack } from '../../shared/types/pitch';
import { PROSODY_FRAME_STEP_S } from '../../shared/types/pitch';
import type { PitchSummary, ProsodyMeasures, SpeakingRate, SyllableNucleus, TimeInterval } from '../../shared/types/prosody';
import { summariseEnergy } from './energy';
import { spectralBalanceDb } from './spectral-balance';
import { ProsodyError } from './errors';
import { computeFunctionals } from './functionals';
import { frameCount, intensityDb, rmsDbfs } from './intensity';
import { classifyIntonation, semitoneContour } from './intonation';
import { segmentsFromFrames, speechF0, speechFrames } from './segmentation';
import { median, percentile } from './stats';
import { scoreStress } from './stress';
import { findNuclei, type NucleusFrames } from './syllables';
import { measureVoiceQuality } from './voice-quality';

/** Praat's default minimum pitch for the displayed intensity track (32 ms effective window). */
const INTENSITY_MIN_PITCH_HZ = 100;
/** De Jong & Wempe's intensity for nuclei: minimum pitch 50 Hz (64 ms effective window). */
const NUCLEUS_MIN_PITCH_HZ = 50;
/** RMS window of the dBFS track and the segmentation (s): short, so pause edges stay sharp. */
const RMS_WINDOW_S = 0.02;

/** All measures of a clip except levels and caption (declared in shared/types/prosody.ts). */
export type { ProsodyMeasures };

export function validateAudio(audio: MonoAudio): number {
  const { samples, sampleRate } = audio;
  const hop = sampleRate * PROSODY_FRAME_STEP_S;
  if (!Number.isInteger(hop) || sampleRate < 8000) {
    throw new ProsodyError(
      'bad_sample_rate',
      `Sample rate ${sampleRate} Hz is not usable: need ≥ 8000 Hz and a whole number of samples per 10 ms frame.`,
    );
  }
  if (samples.length < hop)
    throw new ProsodyError('empty_audio', `Audio has ${samples.length} samples; prosody needs at least one 10 ms frame.`);
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i]!))
      throw new ProsodyError('non_finite_samples', `Sample ${i} is ${samples[i]}; audio must be finite numbers.`);
  }
  return hop;
}

/** Pitch arrays resized to the frame grid (the tracker and we agree; this guards other sources). */
function alignPitch(pitch: PitchTrack, count: number): { f0Hz: Float32Array; voicedProbability: Float32Array } {
  if (Math.abs(pitch.frameStepS - PROSODY_FRAME_STEP_S) > 1e-9 || pitch.f0Hz.length !== pitch.voicedProbability.length) {
    throw new ProsodyError('bad_pitch_track', `Pitch track must have a ${PROSODY_FRAME_STEP_S} s step and equal-length arrays.`);
  }
  const f0Hz = new Float32Array(count);
  const voicedProbability = new Float32Array(count);
  f0Hz.set(pitch.f0Hz.subarray(0, count));
  voicedProbability.set(pitch.voicedProbability.subarray(0, count));
  return { f0Hz, voicedProbability };
}

/** Extends a nucleus' dips no further than the speech around its peak. */
function nucleusSpan(n: NucleusFrames, isSpeech: Uint8Array): [number, number] {
  let left = n.peak;
  while (left > n.leftDip && isSpeech[left - 1] === 1) left--;
  let right = n.peak;
  while (right < n.rightDip && isSpeech[right + 1] === 1) right++;
  return [left, right];
}

/** Speech and articulation rate and the pauses' count and length, from the syllables and segmentation. */
function speakingRate(syllableCount: number, segmentation: ProsodyMeasures['segmentation']): SpeakingRate {
  const { speech, pauses } = segmentation;
  const utteranceTimeS = speech.length ? speech[speech.length - 1]!.endS - speech[0]!.startS : 0;
  const speakingTimeS = speech.reduce((sum, s) => sum + s.endS - s.startS, 0);
  const totalPauseS = pauses.reduce((sum, p) => sum + p.endS - p.startS, 0);
  // De Jong & Wempe divide by the file's duration; we divide by first-onset-to-last-offset time so
  // leading/trailing silence (≈ 1 s in RAVDESS, varying) does not change the rate.
  return {
    syllableCount,
    utteranceTimeS,
    speakingTimeS,
    speechRateSylPerS: utteranceTimeS > 0 ? syllableCount / utteranceTimeS : 0,
    articulationRateSylPerS: speakingTimeS > 0 ? syllableCount / speakingTimeS : 0,
    pauseCount: pauses.length,
    totalPauseS,
    meanPauseS: pauses.length ? totalPauseS / pauses.length : 0,
  };
}

/** The frame tracks, speech/pause segmentation, syllable nuclei (with stress) and rate of a clip. */
interface SpeechMeasures {
  hop: number;
  durationS: number;
  f0Hz: Float32Array;
  voicedProbability: Float32Array;
  voiced: Uint8Array;
  intensity: Float32Array;
  rms: Float32Array;
  isSpeech: Uint8Array;
  segmentation: ProsodyMeasures['segmentation'];
  medianHz: number;
  voicedF0: number[];
  semitones: Float32Array;
  syllables: SyllableNucleus[];
  rate: SpeakingRate;
}

/** Speech frames and syllable nuclei (stress scored among them) of one stretch, from its own levels. */
function speechAndSyllables(
  samples: Float32Array,
  sampleRate: number,
  hop: number,
  tracks: { f0Hz: Float32Array; voiced: Uint8Array; intensity: Float32Array; rms: Float32Array },
): { isSpeech: Uint8Array; syllables: SyllableNucleus[] } {
  const step = PROSODY_FRAME_STEP_S;
  const { f0Hz, voiced, intensity, rms } = tracks;
  const isSpeech = speechFrames(rms, voiced, step);
  const medianHz = median(speechF0(f0Hz, isSpeech));
  // A nucleus peak one frame off a voiced frame still counts as voiced (tracker edges jitter).
  const nearVoiced = Uint8Array.from(voiced, (_, i) => (voiced[i - 1] || voiced[i] || voiced[i + 1] ? 1 : 0));
  const nuclei = findNuclei(intensityDb(samples, sampleRate, hop, NUCLEUS_MIN_PITCH_HZ), nearVoiced, isSpeech);
  const cues = nuclei.map((n) => {
    const [left, right] = nucleusSpan(n, isSpeech);
    let top = NaN;
    for (let i = left; i <= right; i++) if (f0Hz[i]! > 0) top = Number.isNaN(top) ? f0Hz[i]! : Math.max(top, f0Hz[i]!);
    return { pitchSt: 12 * Math.log2(top / medianHz), intensityDb: intensity[n.peak]!, durationS: (right - left + 1) * step, f0Hz: top };
  });
  const stress = scoreStress(cues);
  const syllables: SyllableNucleus[] = nuclei.map((n, k) => ({
    timeS: n.peak * step,
    intensityDb: cues[k]!.intensityDb,
    f0Hz: Number.isFinite(cues[k]!.f0Hz) ? cues[k]!.f0Hz : 0,
    durationS: cues[k]!.durationS,
    stressStrength: stress[k]!.strength,
    stressed: stress[k]!.stressed,
  }));
  return { isSpeech, syllables };
}

/** A turn on the clip's frame grid: its frames first … last − 1 and their samples; null when under one frame. */
export function turnOnFrameGrid(
  samples: Float32Array,
  hop: number,
  turn: TimeInterval,
): { first: number; last: number; samples: Float32Array } | null {
  const first = Math.max(0, Math.floor(turn.startS / PROSODY_FRAME_STEP_S));
  const last = Math.min(frameCount(samples.length, hop), Math.ceil(turn.endS / PROSODY_FRAME_STEP_S));
  const part = samples.subarray(first * hop, Math.min(samples.length, last * hop));
  return part.length < hop ? null : { first, last, samples: part };
}

/** The 20 ms RMS level track (dBFS) on the frame grid that speech is found from (segmentation.ts). */
export function speechLevelDb(audio: MonoAudio): Float32Array {
  return rmsDbfs(audio.samples, audio.sampleRate, validateAudio(audio), RMS_WINDOW_S);
}

/**
 * Where the clip speaks and pauses and where its syllables are (measureProsody calls this). Speech
 * is found from 25 dB below the clip's loudest stretch and nuclei relative to it: right for one
 * utterance. A long recording of turns is given its `turns` (utterance-split.ts): each turn's
 * speech and syllables are then found from its own levels — a calm speaker after an angry one is not
 * one long pause — and the stretches between turns are pauses.
 */
function measureSpeech(audio: MonoAudio, pitch: PitchTrack, turns?: readonly TimeInterval[]): SpeechMeasures {
  const hop = validateAudio(audio);
  const { samples, sampleRate } = audio;
  const step = PROSODY_FRAME_STEP_S;
  const durationS = samples.length / sampleRate;
  const count = frameCount(samples.length, hop);
  const { f0Hz, voicedProbability } = alignPitch(pitch, count);
  const voiced = Uint8Array.from(f0Hz, (f) => (f > 0 ? 1 : 0));

  const intensity = intensityDb(samples, sampleRate, hop, INTENSITY_MIN_PITCH_HZ);
  const rms = rmsDbfs(samples, sampleRate, hop, RMS_WINDOW_S);
  let isSpeech: Uint8Array;
  let syllables: SyllableNucleus[];
  if (!turns) {
    ({ isSpeech, syllables } = speechAndSyllables(samples, sampleRate, hop, { f0Hz, voiced, intensity, rms }));
  } else {
    isSpeech = new Uint8Array(count);
    syllables = [];
    for (const turn of turns) {
      // On the frame grid, so the turn's frame k is the clip's frame first + k.
      const grid = turnOnFrameGrid(samples, hop, turn);
      if (!grid) continue;
      const { first, last } = grid;
      const own = measureSpeech(
        { samples: grid.samples, sampleRate },
        { frameStepS: step, f0Hz: f0Hz.subarray(first, last), voicedProbability: voicedProbability.subarray(first, last) },
      );
      isSpeech.set(own.isSpeech.subarray(0, count - first), first);
      for (const s of own.syllables) syllables.push({ ...s, timeS: s.timeS + first * step });
    }
  }
  const segmentation = segmentsFromFrames(isSpeech, step, durationS);
  const voicedF0 = speechF0(f0Hz, isSpeech);
  const medianHz = median(voicedF0);
  const semitones = Number.isFinite(medianHz) ? semitoneContour(f0Hz, medianHz, step) : new Float32Array(count).fill(NaN);
  return {
    hop,
    durationS,
    f0Hz,
    voicedProbability,
    voiced,
    intensity,
    rms,
    isSpeech,
    segmentation,
    medianHz,
    voicedF0,
    semitones,
    syllables,
    rate: speakingRate(syllables.length, segmentation),
  };
}

/** Every measure of a clip given its pitch track; `turns`: a long recording's utterances (measureSpeech). */
export function measureProsody(audio: MonoAudio, pitch: PitchTrack, turns?: readonly TimeInterval[]): ProsodyMeasures {
  const { samples, sampleRate } = audio;
  const step = PROSODY_FRAME_STEP_S;
  const speech = measureSpeech(audio, pitch, turns);
  const { hop, f0Hz, voiced, intensity, rms, isSpeech, semitones } = speech;
  const speechFrameCount = isSpeech.reduce((a, b) => a + b, 0);
  const voicedSpeech = voiced.reduce((sum, v, i) => sum + (v & isSpeech[i]!), 0);
  const pitchSummary: PitchSummary = {
    medianHz: speech.medianHz,
    p5Hz: percentile(speech.voicedF0, 5),
    p95Hz: percentile(speech.voicedF0, 95),
    voicedFraction: speechFrameCount ? voicedSpeech / speechFrameCount : 0,
  };
  const intonation = classifyIntonation(semitones, step);
  const energy = summariseEnergy(rms, isSpeech, spectralBalanceDb(samples, sampleRate, f0Hz, hop));
  const voiceQuality = measureVoiceQuality(samples, sampleRate);
  const functionals = computeFunctionals({
    frameStepS: step,
    f0Hz,
    intensityDb: intensity,
    semitones,
    isSpeech,
    rate: speech.rate,
    energy,
    intonation,
    voiceQuality,
  });
  return {
    durationS: speech.durationS,
    sampleRate,
    frames: {
      frameStepS: step,
      f0Hz,
      voicedProbability: speech.voicedProbability,
      intensityDb: intensity,
      rmsDbfs: rms,
      semitones,
      isSpeech,
    },
    segmentation: speech.segmentation,
    syllables: speech.syllables,
    rate: speech.rate,
    pitch: pitchSummary,
    intonation,
    energy,
    voiceQuality,
    functionals,
  };
}
