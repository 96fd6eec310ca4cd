// F0 tracker: Praat-class correlation tracker with a Viterbi path, plus the EmotionCoT second pass.
// Pipeline: low-pass + decimate to ~3.2 kHz → NCCF of every 10 ms frame at every lag of 55–500 Hz →
// candidates (local maxima) → Viterbi over candidates with voicing and octave-jump costs → second pass
// restricted to 0.6×–2× the speaker's median F0 (DESIGN.md, EmotionCoT pipeline facts) → each voiced
// frame's lag refined on the full-rate signal with a parabola through the NCCF peak.
import type { MonoAudio } from '../../../shared/types/audio';
import { PROSODY_FRAME_STEP_S, type PitchTrack } from '../../../shared/types/pitch';
import { CorrelationGridBuilder, refineLag } from './correlation-grid';
import { decimationFactor, lowpassDecimate } from './decimate';
import { PitchError } from './pitch-error';
import {
  addVoicedCandidates,
  createCandidateSet,
  restrictCandidates,
  setUnvoicedStrengths,
  type CandidateSettings,
} from './pitch-candidates';
import { bestCandidatePath } from './pitch-path';

export interface TrackPitchOptions {
  /** Lowest F0 searched (Hz); EmotionCoT's pYIN range starts at 55 Hz. */
  minHz?: number;
  /** Highest F0 searched (Hz); EmotionCoT's pYIN range ends at 500 Hz. */
  maxHz?: number;
  /** Re-track within 0.6×–2× the median F0 of the first pass (EmotionCoT). Default true. */
  secondPass?: boolean;
}

/**
 * Tuning constants. The Praat-named ones start from Praat's defaults (Boersma 1993, Praat manual) and
 * were tuned once on all of Keele + FDA (pooled GPE 1.08 % → 0.59 %, VDE 5.6 % → 5.5 %, scripts/bench/prosody.ts): a
 * voicing threshold, octave-jump and voicing-change costs above Praat's suit the rectangular-window NCCF, whose peaks
 * are higher than Praat's Hann-window autocorrelation. The octave cost stays at Praat's 0.01: 0 scored
 * 0.59 % but let exactly periodic tones fall to a subharmonic whose lag is a whole number of coarse
 * samples (and so correlates a hair better than the true, fractional one).
 */
export const TRACKER_SETTINGS = {
  /** Low-pass before decimation (Hz): ≥ 2 harmonics at 500 Hz, little of F2 and above (0.8–1.6 kHz tested). */
  coarseCutoffHz: 1200,
  /** Correlation window (s); the pair of segments spans window + lag (15–30 ms tested). */
  windowS: 0.02,
  maxCandidates: 8,
  octaveCost: 0.01,
  voicingThreshold: 0.55,
  silenceThreshold: 0.03,
  octaveJumpCost: 0.8,
  voicedUnvoicedCost: 0.2,
  /** NCCF peaks below this are not candidates (Praat: half the voicing threshold). */
  minPeak: 0.275,
  /** Second pass range relative to the first-pass median F0 (EmotionCoT, DESIGN.md). */
  secondPassLow: 0.6,
  secondPassHigh: 2,
  /** Frames per chunk of the correlation grid (5.12 s): small enough to stay in the CPU cache. */
  chunkFrames: 512,
  /** Scale of the logistic that turns the voiced-vs-unvoiced strength margin into a probability. */
  probabilityScale: 0.1,
} as const;

export function trackPitch(audio: MonoAudio, options: TrackPitchOptions = {}): PitchTrack {
  const minHz = options.minHz ?? 55;
  const maxHz = options.maxHz ?? 500;
  const { samples, sampleRate } = audio;
  validate(samples, sampleRate, minHz, maxHz);

  const step = PROSODY_FRAME_STEP_S;
  const n = samples.length;
  // Frames whose centre i·10 ms lies inside the signal; a signal shorter than a frame still gets frame 0.
  const frameCount = n === 0 ? 0 : Math.floor((n - 1) / sampleRate / step + 1e-9) + 1;
  const f0Hz = new Float32Array(frameCount);
  const voicedProbability = new Float32Array(frameCount);
  if (frameCount === 0) return { frameStepS: step, f0Hz, voicedProbability };

  const factor = decimationFactor(sampleRate);
  const coarseRate = sampleRate / factor;
  const cutoff = Math.min(TRACKER_SETTINGS.coarseCutoffHz, 0.45 * coarseRate);
  const coarse = lowpassDecimate(samples, sampleRate, factor, cutoff);
  // Every input sample feeds some coarse sample, and 0·NaN = 0·∞ = NaN: checking the 5x shorter
  // coarse signal finds any non-finite input.
  checkFinite(samples, coarse);
  const window = Math.max(4, Math.round(TRACKER_SETTINGS.windowS * coarseRate));
  const lagMin = Math.max(1, Math.floor(coarseRate / maxHz) - 1);
  const lagMax = Math.ceil(coarseRate / minHz) + 1;
  const settings: CandidateSettings = { ...TRACKER_SETTINGS, coarseRate, minHz, maxHz, octaveReferenceHz: minHz };

  let candidates = createCandidateSet(frameCount, TRACKER_SETTINGS.maxCandidates);
  const frameRms = new Float32Array(frameCount);
  const chunkFrames = Math.min(frameCount, TRACKER_SETTINGS.chunkFrames);
  const builder = new CorrelationGridBuilder(chunkFrames, step * coarseRate, window, lagMin, lagMax);
  for (let first = 0; first < frameCount; first += chunkFrames) {
    const grid = builder.compute(coarse, first, Math.min(chunkFrames, frameCount - first));
    addVoicedCandidates(candidates, grid, settings);
    frameRms.set(grid.frameRms.subarray(0, grid.frameCount), first);
  }
  setUnvoicedStrengths(candidates, frameRms, settings);
  let path = bestCandidatePath(candidates, frameCount, TRACKER_SETTINGS);

  if (options.secondPass ?? true) {
    const median = medianPathHz(candidates.lag, candidates.slotsPerFrame, path, coarseRate);
    if (median > 0) {
      const low = Math.max(minHz, TRACKER_SETTINGS.secondPassLow * median);
      const high = Math.min(maxHz, TRACKER_SETTINGS.secondPassHigh * median);
      candidates = restrictCandidates(candidates, low, high);
      path = bestCandidatePath(candidates, frameCount, TRACKER_SETTINGS);
    }
  }

  const slots = candidates.slotsPerFrame;
  const fullWindow = window * factor;
  for (let f = 0; f < frameCount; f++) {
    const base = f * slots;
    const margin = (candidates.count[f]! > 1 ? candidates.strength[base + 1]! : 0) - candidates.strength[base]!;
    const p = 1 / (1 + Math.exp(-margin / TRACKER_SETTINGS.probabilityScale));
    const chosen = path[f]!;
    if (chosen === 0) {
      voicedProbability[f] = Math.min(p, 0.5);
      continue;
    }
    // The probability is the local evidence, clamped so that it is ≥ 0.5 exactly where F0 > 0.
    voicedProbability[f] = Math.max(p, 0.5);
    const coarseLag = candidates.lag[base + chosen]!;
    const centre = Math.round(f * step * sampleRate);
    let lag = coarseLag * factor;
    if (factor > 1) {
      const refined = refineLag(samples, centre, fullWindow, lag, factor);
      if (Math.abs(refined - lag) <= factor) lag = refined;
    }
    f0Hz[f] = sampleRate / lag;
  }
  return { frameStepS: step, f0Hz, voicedProbability };
}

function validate(samples: Float32Array, sampleRate: number, minHz: number, maxHz: number): void {
  if (!Number.isFinite(sampleRate) || sampleRate < 1000) {
    throw new PitchError('bad_sample_rate', `Sample rate ${sampleRate} Hz is too low or invalid for pitch tracking (need ≥ 1000 Hz).`);
  }
  const coarseRate = sampleRate / decimationFactor(sampleRate);
  if (!(minHz >= 20) || !(maxHz > minHz) || !(maxHz <= coarseRate / 4)) {
    throw new PitchError('bad_pitch_range', `Pitch range ${minHz}–${maxHz} Hz is invalid: need 20 ≤ minHz < maxHz ≤ ${coarseRate / 4} Hz.`);
  }
}

/** Throws if the audio held NaN or ±Infinity, which the low-pass has spread into `coarse`. */
function checkFinite(samples: Float32Array, coarse: Float32Array): void {
  let sum = 0;
  for (let k = 0; k < coarse.length; k++) sum += coarse[k]! * 0;
  if (sum === 0) return;
  const i = samples.findIndex((v) => !Number.isFinite(v));
  throw new PitchError('non_finite_samples', `Sample ${i} is ${samples[i]}; audio must be finite numbers.`);
}

/** Median F0 (Hz) over the voiced frames of a path; 0 if none is voiced. */
function medianPathHz(lag: Float32Array, slots: number, path: Uint8Array, coarseRate: number): number {
  const voiced: number[] = [];
  for (let f = 0; f < path.length; f++) if (path[f]! > 0) voiced.push(coarseRate / lag[f * slots + path[f]!]!);
  if (voiced.length === 0) return 0;
  voiced.sort((a, b) => a - b);
  const mid = voiced.length >> 1;
  return voiced.length % 2 === 1 ? voiced[mid]! : 0.5 * (voiced[mid - 1]! + voiced[mid]!);
}
