// Per-frame pitch candidates from the correlation grid, scored the way Praat scores them (Boersma 1993,
// "Accurate short-term analysis of the fundamental frequency…", IFA Proceedings 17): a voiced candidate
// is a local NCCF maximum, strength r + octaveCost·log2(f / floor) (a slight preference for the higher of
// two near-equal peaks, against subharmonic errors); one unvoiced candidate per frame whose strength
// rises as the frame gets quiet relative to the loudest frame.
import type { CorrelationGrid } from './correlation-grid';

export interface CandidateSettings {
  /** Rate of the signal the grid was computed on (Hz). */
  coarseRate: number;
  /** Search range for this pass (Hz). */
  minHz: number;
  maxHz: number;
  /** Reference floor for the octave cost; kept fixed across passes so strengths stay comparable. */
  octaveReferenceHz: number;
  maxCandidates: number;
  octaveCost: number;
  voicingThreshold: number;
  silenceThreshold: number;
  /** NCCF peaks below this are not candidates. */
  minPeak: number;
}

/** Slot 0 of each frame is the unvoiced candidate (lag 0); slots 1..count−1 are voiced. */
export interface CandidateSet {
  slotsPerFrame: number;
  count: Uint8Array;
  /** Fractional lag in coarse samples; 0 for the unvoiced slot. */
  lag: Float32Array;
  strength: Float32Array;
  log2Hz: Float32Array;
}

export function createCandidateSet(frameCount: number, maxCandidates: number): CandidateSet {
  const slots = maxCandidates + 1;
  return {
    slotsPerFrame: slots,
    count: new Uint8Array(frameCount),
    lag: new Float32Array(frameCount * slots),
    strength: new Float32Array(frameCount * slots),
    log2Hz: new Float32Array(frameCount * slots),
  };
}

/** Fills the voiced slots of the grid's frames with its strongest NCCF peaks in the pass's range. */
export function addVoicedCandidates(set: CandidateSet, grid: CorrelationGrid, settings: CandidateSettings): void {
  const { firstFrame, frameCount, lagMin, lagCount, values } = grid;
  const { count, lag, strength, log2Hz } = set;
  const slots = set.slotsPerFrame;
  const fs = settings.coarseRate;
  // Interior lags only: each peak needs a neighbour on both sides for the interpolation.
  const firstLag = Math.max(lagMin + 1, Math.floor(fs / settings.maxHz));
  const lastLag = Math.min(lagMin + lagCount - 2, Math.ceil(fs / settings.minHz));
  const log2Ref = Math.log2(settings.octaveReferenceHz);
  // Hot-loop constants as locals: the settings object is built by spreading and may be slow to read.
  const minPeak = settings.minPeak;
  const octaveCost = settings.octaveCost;
  const minHz = settings.minHz;
  const maxHz = settings.maxHz;

  for (let f = 0; f < frameCount; f++) {
    const row = f * lagCount - lagMin;
    const base = (firstFrame + f) * slots;
    let n = 1;
    for (let t = firstLag; t <= lastLag; t++) {
      const v = values[row + t]!;
      if (v < minPeak) continue;
      const before = values[row + t - 1]!;
      const after = values[row + t + 1]!;
      if (!(v > before && v >= after)) continue;
      interpolatePeak(before, v, after);
      const fracLag = t + peakOffset;
      const hz = fs / fracLag;
      if (hz < minHz || hz > maxHz) continue;
      const height = Math.min(1, peakHeight);
      const l2 = Math.log2(hz);
      const score = height + octaveCost * (l2 - log2Ref);
      // Insertion into the strength-sorted voiced slots, dropping the weakest when full.
      let pos = n;
      if (n === slots) {
        if (score <= strength[base + slots - 1]!) continue;
        pos = slots - 1;
      } else n++;
      while (pos > 1 && strength[base + pos - 1]! < score) {
        lag[base + pos] = lag[base + pos - 1]!;
        strength[base + pos] = strength[base + pos - 1]!;
        log2Hz[base + pos] = log2Hz[base + pos - 1]!;
        pos--;
      }
      lag[base + pos] = fracLag;
      strength[base + pos] = score;
      log2Hz[base + pos] = l2;
    }
    count[f + firstFrame] = n;
  }
}

/**
 * Sets each frame's unvoiced strength (slot 0) from its level relative to the loudest frame of the
 * recording (Praat's formula, with window RMS where Praat uses the local peak).
 */
export function setUnvoicedStrengths(set: CandidateSet, frameRms: Float32Array, settings: CandidateSettings): void {
  let maxRms = 0;
  for (let f = 0; f < frameRms.length; f++) if (frameRms[f]! > maxRms) maxRms = frameRms[f]!;
  const vt = settings.voicingThreshold;
  const silenceScale = settings.silenceThreshold / (1 + vt);
  for (let f = 0; f < frameRms.length; f++) {
    const relativeLevel = maxRms > 0 ? frameRms[f]! / maxRms : 0;
    set.strength[f * set.slotsPerFrame] = vt + Math.max(0, 2 - relativeLevel / silenceScale);
  }
}

// Scratch results of interpolatePeak (no per-peak allocation in the hot loop).
let peakOffset = 0;
let peakHeight = 0;

/**
 * Offset and height of the maximum through three samples at −1, 0, +1 around a local maximum. Fits
 * A·cos(ω(t − t₀)) rather than a parabola: near a peak the NCCF of a band-limited periodic signal is a
 * sum of cosines, and on a ~3 kHz grid a parabola underestimates a peak between samples by more than
 * the octave cost — enough for an exactly periodic tone to lose to a subharmonic whose lag falls on a
 * sample. Falls back to the parabola where no cosine fits (flat or non-concave points).
 */
function interpolatePeak(before: number, middle: number, after: number): void {
  const ratio = middle > 0 ? (before + after) / (2 * middle) : 2;
  if (ratio > -1 && ratio < 1) {
    const omega = Math.acos(ratio);
    const offset = Math.atan((after - before) / (2 * middle * Math.sin(omega))) / omega;
    if (Math.abs(offset) <= 0.5) {
      peakOffset = offset;
      peakHeight = middle / Math.cos(omega * offset);
      return;
    }
  }
  const curvature = before - 2 * middle + after;
  peakOffset = curvature < 0 ? (0.5 * (before - after)) / curvature : 0;
  peakHeight = middle - 0.25 * (before - after) * peakOffset;
}

/**
 * The candidates of `source` within [minHz, maxHz] (the unvoiced slot kept): the second pass re-runs
 * the path search on these instead of re-scanning the grid, since the first pass already kept every
 * peak the restricted scan could find unless a frame had more than maxCandidates peaks.
 */
export function restrictCandidates(source: CandidateSet, minHz: number, maxHz: number): CandidateSet {
  const slots = source.slotsPerFrame;
  const frameCount = source.count.length;
  const restricted = createCandidateSet(frameCount, slots - 1);
  const { count, lag, strength, log2Hz } = restricted;
  const log2Min = Math.log2(minHz);
  const log2Max = Math.log2(maxHz);
  for (let f = 0; f < frameCount; f++) {
    const base = f * slots;
    strength[base] = source.strength[base]!;
    let n = 1;
    for (let k = 1; k < source.count[f]!; k++) {
      const l2 = source.log2Hz[base + k]!;
      if (l2 < log2Min || l2 > log2Max) continue;
      lag[base + n] = source.lag[base + k]!;
      strength[base + n] = source.strength[base + k]!;
      log2Hz[base + n] = l2;
      n++;
    }
    count[f] = n;
  }
  return restricted;
}
