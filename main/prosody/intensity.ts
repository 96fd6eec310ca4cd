// Frame-level intensity and RMS level on the 10 ms grid.
import { besselI0 } from './kaiser';

/** Number of frames on the grid for a clip: frame i is centred at i * hop samples. */
export function frameCount(sampleCount: number, hopSamples: number): number {
  return sampleCount === 0 ? 0 : Math.floor((sampleCount - 1) / hopSamples) + 1;
}

// Praat's Sound: To Intensity uses a Kaiser window of physical length 6.4/minPitch with
// beta = 2π² + 0.5 (effective length 3.2/minPitch), so one glottal period never shows as a
// ripple (Praat manual, "Sound: To Intensity..."). We follow it, DC subtracted per window.
const PRAAT_KAISER_BETA = 2 * Math.PI * Math.PI + 0.5;
// Praat reads samples as pascal; 2e-5 Pa is the auditory threshold reference.
const REFERENCE_PRESSURE_SQUARED = 4e-10;
/** Mean square floor so digital silence gives a finite (very low) intensity. */
const MEAN_SQUARE_FLOOR = 1e-20;

/** Praat-like intensity track (dB) on frames centred at i * hopSamples. */
export function intensityDb(samples: Float32Array, sampleRate: number, hopSamples: number, minPitchHz: number): Float32Array {
  const half = Math.round((6.4 / minPitchHz / 2) * sampleRate);
  const window = new Float64Array(2 * half + 1);
  const i0Beta = besselI0(PRAAT_KAISER_BETA);
  for (let k = -half; k <= half; k++) {
    const r = k / (half + 1);
    window[k + half] = besselI0(PRAAT_KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta;
  }
  const count = frameCount(samples.length, hopSamples);
  const out = new Float32Array(count);
  for (let f = 0; f < count; f++) {
    const centre = f * hopSamples;
    const from = Math.max(0, centre - half);
    const to = Math.min(samples.length - 1, centre + half);
    let weightSum = 0;
    let weightedSum = 0;
    let weightedSquares = 0;
    for (let n = from; n <= to; n++) {
      const w = window[n - centre + half]!;
      const x = samples[n]!;
      weightSum += w;
      weightedSum += w * x;
      weightedSquares += w * x * x;
    }
    const meanValue = weightedSum / weightSum;
    const meanSquare = Math.max(MEAN_SQUARE_FLOOR, weightedSquares / weightSum - meanValue * meanValue);
    out[f] = 10 * Math.log10(meanSquare / REFERENCE_PRESSURE_SQUARED);
  }
  return out;
}

/** RMS level in dBFS of a rectangular window of windowS centred on each frame (floor -120 dBFS). */
export function rmsDbfs(samples: Float32Array, sampleRate: number, hopSamples: number, windowS: number): Float32Array {
  const prefix = new Float64Array(samples.length + 1);
  for (let n = 0; n < samples.length; n++) prefix[n + 1] = prefix[n]! + samples[n]! * samples[n]!;
  const half = Math.round((windowS / 2) * sampleRate);
  const count = frameCount(samples.length, hopSamples);
  const out = new Float32Array(count);
  for (let f = 0; f < count; f++) {
    const from = Math.max(0, f * hopSamples - half);
    const to = Math.min(samples.length, f * hopSamples + half);
    const meanSquare = (prefix[to]! - prefix[from]!) / Math.max(1, to - from);
    out[f] = 10 * Math.log10(Math.max(1e-12, meanSquare));
  }
  return out;
}
