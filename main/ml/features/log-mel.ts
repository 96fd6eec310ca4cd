// Log-mel spectrogram: the ONE implementation the app uses for training and inference (issue 4).
// Parameters come from the model manifest (tools/model/config.py FEATURES); log-mel.test.ts checks it
// against torch.stft + the same filterbank in Python to ≤ 1e-4.
import { createRequire } from 'node:module';
import type { FeatureParams } from '../../../shared/types/model';

// fft.js ships no types; a local interface (rather than an ambient `declare module`) avoids clashing
// with any other declaration of the package elsewhere in the app.
interface RealFft {
  realTransform(out: Float64Array, input: Float64Array): void;
  createComplexArray(): Float64Array;
}
const FFT = createRequire(import.meta.url)('fft.js') as new (size: number) => RealFft;

export type LogMelParams = Pick<
  FeatureParams,
  'sampleRate' | 'nFft' | 'winLength' | 'hopLength' | 'nMels' | 'fMin' | 'fMax' | 'logFloor' | 'center'
>;

/** Frames × mel bins, row-major ([frame][bin]). */
export interface LogMel {
  frames: number;
  nMels: number;
  data: Float32Array;
}

const hzToMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);

/** HTK-scale triangular filters on the FFT bin frequencies, unnormalised (torchaudio's defaults). */
export function melFilterbank(p: LogMelParams): Float64Array[] {
  const bins = p.nFft / 2 + 1;
  const lo = hzToMel(p.fMin);
  const hi = hzToMel(p.fMax);
  const edges = Array.from({ length: p.nMels + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (p.nMels + 1)));
  return Array.from({ length: p.nMels }, (_, m) => {
    const [left, centre, right] = [edges[m]!, edges[m + 1]!, edges[m + 2]!];
    const filter = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      const hz = (k * p.sampleRate) / p.nFft;
      filter[k] = Math.max(0, Math.min((hz - left) / (centre - left), (right - hz) / (right - centre)));
    }
    return filter;
  });
}

/** Number of frames: one per hop, frame i centred at sample i·hop (so it lines up with the 10 ms prosody grid). */
export function frameCount(samples: number, p: Pick<LogMelParams, 'hopLength' | 'center' | 'winLength'>): number {
  if (p.center) return Math.floor(samples / p.hopLength) + 1;
  return samples < p.winLength ? 0 : Math.floor((samples - p.winLength) / p.hopLength) + 1;
}

/** A filter's non-zero stretch: its weights for bins first … first + weights.length − 1. */
interface FilterSpan {
  first: number;
  weights: Float64Array;
}

/**
 * Each triangle's non-zero bins. A filter covers 2–3 % of the spectrum, so summing only these is ~30×
 * fewer multiply-adds than the dense product; the terms left out are exact zeros (adding +0 changes no
 * sum), so every output is bit-for-bit the dense one. Kept per parameter set: the app uses one.
 */
const tablesCache = new Map<string, { filters: FilterSpan[]; window: Float64Array }>();

function analysisTables(p: LogMelParams): { filters: FilterSpan[]; window: Float64Array } {
  const key = `${p.sampleRate}|${p.nFft}|${p.winLength}|${p.nMels}|${p.fMin}|${p.fMax}`;
  let tables = tablesCache.get(key);
  if (!tables) {
    const filters = melFilterbank(p).map((filter) => {
      let first = 0;
      while (first < filter.length && filter[first] === 0) first++;
      let last = filter.length - 1;
      while (last >= first && filter[last] === 0) last--;
      return { first, weights: filter.slice(first, last + 1) };
    });
    // Periodic Hann, as torch.hann_window(periodic=True) and librosa use for spectral analysis.
    const window = Float64Array.from({ length: p.winLength }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / p.winLength));
    tables = { filters, window };
    tablesCache.set(key, tables);
  }
  return tables;
}

export function logMel(samples: Float32Array, p: LogMelParams): LogMel {
  if (p.winLength > p.nFft || (p.nFft & (p.nFft - 1)) !== 0) {
    throw new RangeError(`log-mel needs a power-of-two nFft ≥ winLength (got nFft ${p.nFft}, winLength ${p.winLength})`);
  }
  const frames = frameCount(samples.length, p);
  const bins = p.nFft / 2 + 1;
  const { filters, window } = analysisTables(p);
  const fft = new FFT(p.nFft);
  const input = new Float64Array(p.nFft);
  const spectrum = fft.createComplexArray();
  const power = new Float64Array(bins);
  const data = new Float32Array(frames * p.nMels);
  const firstSample = p.center ? -Math.floor(p.winLength / 2) : 0;
  for (let f = 0; f < frames; f++) {
    const start = f * p.hopLength + firstSample;
    input.fill(0);
    for (let n = 0; n < p.winLength; n++) {
      const i = start + n;
      if (i >= 0 && i < samples.length) input[n] = samples[i]! * window[n]!; // zeros outside the clip
    }
    fft.realTransform(spectrum, input);
    for (let k = 0; k < bins; k++) power[k] = spectrum[2 * k]! ** 2 + spectrum[2 * k + 1]! ** 2;
    for (let m = 0; m < p.nMels; m++) {
      const { first, weights } = filters[m]!;
      let energy = 0;
      for (let k = 0; k < weights.length; k++) energy += weights[k]! * power[first + k]!;
      data[f * p.nMels + m] = Math.log(Math.max(energy, p.logFloor));
    }
  }
  return { frames, nMels: p.nMels, data };
}

/**
 * Subtracts each mel bin's mean over the clip's frames (cepstral-mean-style normalisation): level and
 * channel become relative to the recording, the DESIGN.md lesson from the classic baseline.
 */
export function normaliseUtteranceMean(mel: LogMel): LogMel {
  const data = new Float32Array(mel.data);
  if (mel.frames === 0) return { ...mel, data };
  for (let m = 0; m < mel.nMels; m++) {
    let sum = 0;
    for (let f = 0; f < mel.frames; f++) sum += data[f * mel.nMels + m]!;
    const mean = sum / mel.frames;
    for (let f = 0; f < mel.frames; f++) data[f * mel.nMels + m]! -= mean;
  }
  return { ...mel, data };
}

/** Floor of the robust normalisation below the clip's loud frames: 60 dB of power, in nats. */
const ROBUST_RANGE_NATS = (60 / 10) * Math.LN10;

/**
 * Channel-robust per-clip normalisation (issue 11), in three steps, each for a measured failure:
 * 1. values more than 60 dB below the clip's loud frames are raised to that floor, so RAVDESS'
 *    digital silence (log 1e-10) and a room's noise floor look alike instead of 100 dB apart;
 * 2. each bin's mean over the louder half of the frames (speech, not pauses) is subtracted: gain and
 *    a fixed microphone/room colouring cancel, however much of the clip is silence;
 * 3. one scale for the whole clip (the spread over those frames) divides it, so noise that compresses
 *    the dynamics does not also shrink every contrast the encoder reads. The spectral tilt removed in
 *    2 comes back, channel-robust, as the utterance vector's vocal-effort functional.
 */
export function normaliseUtteranceRobust(mel: LogMel): LogMel {
  const { frames, nMels } = mel;
  const data = new Float32Array(mel.data);
  if (frames === 0) return { ...mel, data };
  const frameMeans = Array.from({ length: frames }, (_, f) => {
    let sum = 0;
    for (let m = 0; m < nMels; m++) sum += data[f * nMels + m]!;
    return sum / nMels;
  });
  const sorted = [...frameMeans].sort((a, b) => a - b);
  const loud = sorted[Math.min(frames - 1, Math.floor(0.99 * frames))]!;
  const floor = loud - ROBUST_RANGE_NATS;
  for (let i = 0; i < data.length; i++) if (data[i]! < floor) data[i] = floor;
  const threshold = sorted[Math.floor(frames / 2)]!;
  const speech = frameMeans.flatMap((v, f) => (v >= threshold ? [f] : []));
  let sumSq = 0;
  for (let m = 0; m < nMels; m++) {
    let sum = 0;
    for (const f of speech) sum += data[f * nMels + m]!;
    const mean = sum / speech.length;
    for (let f = 0; f < frames; f++) data[f * nMels + m]! -= mean;
    for (const f of speech) sumSq += data[f * nMels + m]! ** 2;
  }
  const scale = Math.sqrt(sumSq / (speech.length * nMels)) || 1;
  for (let i = 0; i < data.length; i++) data[i]! /= scale;
  return { ...mel, data };
}
