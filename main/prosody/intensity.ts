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
  // Issue 11: a frame's window sums are Praat's, term for term in sample order, but a window that
  // lies wholly inside the clip has the same weight sum every time (summed once, the same way), and
  // two such frames are summed in one pass (their sums are independent, so neither waits on the
  // other): the same numbers to the bit, in about half the time.
  let wholeWeightSum = 0;
  for (let k = 0; k <= 2 * half; k++) wholeWeightSum += window[k]!;
  const whole = (f: number) => f * hopSamples - half >= 0 && f * hopSamples + half <= samples.length - 1;
  const level = (weightSum: number, weightedSum: number, weightedSquares: number) => {
    const meanValue = weightedSum / weightSum;
    const meanSquare = Math.max(MEAN_SQUARE_FLOOR, weightedSquares / weightSum - meanValue * meanValue);
    return 10 * Math.log10(meanSquare / REFERENCE_PRESSURE_SQUARED);
  };
  for (let f = 0; f < count; f++) {
    if (f + 1 < count && whole(f) && whole(f + 1)) {
      const from = f * hopSamples - half;
      const nextFrom = from + hopSamples;
      let weightedSum = 0;
      let weightedSquares = 0;
      let nextWeightedSum = 0;
      let nextWeightedSquares = 0;
      for (let k = 0; k <= 2 * half; k++) {
        const w = window[k]!;
        const x = samples[from + k]!;
        const next = samples[nextFrom + k]!;
        weightedSum += w * x;
        weightedSquares += w * x * x;
        nextWeightedSum += w * next;
        nextWeightedSquares += w * next * next;
      }
      out[f] = level(wholeWeightSum, weightedSum, weightedSquares);
      out[f + 1] = level(wholeWeightSum, nextWeightedSum, nextWeightedSquares);
      f++;
      continue;
    }
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
    out[f] = level(weightSum, weightedSum, weightedSquares);
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
