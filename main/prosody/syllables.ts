// Syllable nuclei without a transcript, after De Jong & Wempe (2009, Behav. Res. Methods 41:385):
// intensity peaks above a threshold relative to the clip's 99th percentile, standing out at
// least 2 dB from the dips around them, and voiced.
import { percentile } from './stats';

/** A nucleus candidate as frame indices: the peak and its surrounding dips. */
export interface NucleusFrames {
  peak: number;
  leftDip: number;
  rightDip: number;
}

export interface NucleusOptions {
  /** Threshold below the 99th-percentile intensity (dB); De Jong & Wempe: 25 dB. */
  silenceBelowPeakDb: number;
  /** Minimum drop to the dips on both sides (dB); De Jong & Wempe: 2 dB. */
  minDipDb: number;
}

export const DEFAULT_NUCLEUS_OPTIONS: NucleusOptions = { silenceBelowPeakDb: 25, minDipDb: 2 };

/**
 * Finds nuclei on an intensity track (De Jong & Wempe compute it with a 50 Hz minimum pitch,
 * i.e. a 64 ms effective window, which smooths away sub-syllabic ripples).
 * De Jong & Wempe test only the dip after each peak; we require the drop on both sides
 * (topographic prominence, merging the weakest peak first) so a shoulder on the falling flank
 * of a loud vowel is not counted as its own syllable.
 */
export function findNuclei(
  intensityDb: Float32Array,
  voiced: Uint8Array,
  isSpeech: Uint8Array,
  options: NucleusOptions = DEFAULT_NUCLEUS_OPTIONS,
): NucleusFrames[] {
  const n = intensityDb.length;
  if (n < 3) return [];
  const threshold = percentile(intensityDb, 99) - options.silenceBelowPeakDb;
  const peaks: number[] = [];
  for (let i = 1; i < n - 1; i++) {
    const v = intensityDb[i]!;
    if (v > intensityDb[i - 1]! && v >= intensityDb[i + 1]! && v > threshold) peaks.push(i);
  }
  const dipBetween = (a: number, b: number): number => {
    let best = a;
    for (let i = a; i <= b; i++) if (intensityDb[i]! < intensityDb[best]!) best = i;
    return best;
  };
  const firstFrame = 0;
  const lastFrame = n - 1;
  // Merge away the least prominent peak until every peak stands minDipDb above both dips.
  for (;;) {
    let weakest = -1;
    let weakestDrop = Infinity;
    for (let k = 0; k < peaks.length; k++) {
      const left = dipBetween(k === 0 ? firstFrame : peaks[k - 1]!, peaks[k]!);
      const right = dipBetween(peaks[k]!, k === peaks.length - 1 ? lastFrame : peaks[k + 1]!);
      const drop = intensityDb[peaks[k]!]! - Math.max(intensityDb[left]!, intensityDb[right]!);
      if (drop < weakestDrop) {
        weakestDrop = drop;
        weakest = k;
      }
    }
    if (weakest < 0 || weakestDrop >= options.minDipDb) break;
    peaks.splice(weakest, 1);
  }
  const nuclei: NucleusFrames[] = [];
  for (let k = 0; k < peaks.length; k++) {
    const peak = peaks[k]!;
    if (voiced[peak] !== 1 || isSpeech[peak] !== 1) continue;
    nuclei.push({
      peak,
      leftDip: dipBetween(k === 0 ? firstFrame : peaks[k - 1]!, peak),
      rightDip: dipBetween(peak, k === peaks.length - 1 ? lastFrame : peaks[k + 1]!),
    });
  }
  return nuclei;
}
