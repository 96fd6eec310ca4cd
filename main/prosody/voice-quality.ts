// Jitter, shimmer and HNR as Praat's voice report measures them (issue 15): local jitter and local
// shimmer on the cross-correlation pulses (glottal-pulses.ts) of the cc pitch track, HNR by
// Harmonicity (cc) (both from cc-analysis.ts). Rules and constants are Praat's "Get jitter (local)" / "Get shimmer (local)"
// (PointProcess and AmplitudeTier in the Praat manual): period floor 0.1 ms, ceiling 20 ms (a longer
// interval is a pause, not a period), period factor 1.3, amplitude factor 1.6.
// Benchmark against Praat itself: `npm run bench:voice-quality`.
import type { VoiceQuality } from '../../shared/types/prosody';
import { findGlottalPulses } from './glottal-pulses';
import { analyseCc, meanHarmonicityDb } from './cc-analysis';

const MIN_PERIOD_S = 0.0001;
const MAX_PERIOD_S = 0.02;
const MAX_PERIOD_FACTOR = 1.3;
const MAX_AMPLITUDE_FACTOR = 1.6;

const inRange = (period: number) => period >= MIN_PERIOD_S && period <= MAX_PERIOD_S;
const ratio = (a: number, b: number) => (a > b ? a / b : b / a);

/** Is the interval after pulse i a period: in range, and not off by the factor from both neighbours. */
function isPeriod(timesS: Float64Array, i: number): boolean {
  const interval = timesS[i + 1]! - timesS[i]!;
  if (!(interval > 0) || !inRange(interval)) return false;
  const previous = i >= 1 ? interval / (timesS[i]! - timesS[i - 1]!) : NaN;
  const next = i + 2 < timesS.length ? interval / (timesS[i + 2]! - timesS[i + 1]!) : NaN;
  const off = (factor: number) => Number.isFinite(factor) && factor > 0 && (factor < 1 ? 1 / factor : factor) > MAX_PERIOD_FACTOR;
  return !(off(previous) && off(next));
}

/** Mean period (s) and how many intervals count as periods. */
function meanPeriod(timesS: Float64Array): { meanS: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let i = 0; i + 1 < timesS.length; i++) {
    if (!isPeriod(timesS, i)) continue;
    sum += timesS[i + 1]! - timesS[i]!;
    count++;
  }
  return { meanS: count ? sum / count : NaN, count };
}

/** Is pulse i (with a pulse either side) between two periods in range that differ by at most the factor. */
function betweenPeriods(timesS: Float64Array, i: number): boolean {
  const p1 = timesS[i]! - timesS[i - 1]!;
  const p2 = timesS[i + 1]! - timesS[i]!;
  return inRange(p1) && inRange(p2) && ratio(p1, p2) <= MAX_PERIOD_FACTOR;
}

/** Praat's jitter (local): mean |T_i − T_{i−1}| over consecutive valid periods / mean period. */
export function jitterLocal(timesS: Float64Array): number {
  let periods = timesS.length - 1;
  if (periods < 2) return NaN;
  let sum = 0;
  for (let i = 1; i + 1 < timesS.length; i++) {
    if (betweenPeriods(timesS, i)) sum += Math.abs(timesS[i]! - timesS[i - 1]! - (timesS[i + 1]! - timesS[i]!));
    else periods--;
  }
  if (periods < 2) return NaN;
  return sum / (periods - 1) / meanPeriod(timesS).meanS;
}

/** Hann-windowed RMS around a pulse, 0.2 of the period before and after it; NaN with < 3 samples. */
function pulseAmplitude(samples: Float32Array, sampleRate: number, timeS: number, leftS: number, rightS: number): number {
  // Sample k sits at (k + 0.5) / sampleRate, as in Praat.
  const first = Math.max(0, Math.ceil((timeS - leftS) * sampleRate - 0.5));
  const last = Math.min(samples.length - 1, Math.floor((timeS + rightS) * sampleRate - 0.5));
  if (last - first + 1 < 3) return NaN;
  let sum = 0;
  let windowSum = 0;
  for (let k = first; k <= last; k++) {
    const t = (k + 0.5) / sampleRate;
    const w = 0.5 + 0.5 * Math.cos((Math.PI * (t - timeS)) / (t < timeS ? leftS : rightS));
    sum += (samples[k]! * w) ** 2;
    windowSum += w * w;
  }
  return Math.sqrt(sum / windowSum);
}

/** Praat's shimmer (local): mean |A_i − A_{i−1}| over consecutive pulses / mean amplitude. */
export function shimmerLocal(samples: Float32Array, sampleRate: number, timesS: Float64Array): number {
  if (timesS.length < 3) return NaN;
  const times: number[] = [];
  const amplitudes: number[] = [];
  for (let i = 1; i + 1 < timesS.length; i++) {
    if (!betweenPeriods(timesS, i)) continue;
    const p1 = timesS[i]! - timesS[i - 1]!;
    const p2 = timesS[i + 1]! - timesS[i]!;
    const amplitude = pulseAmplitude(samples, sampleRate, timesS[i]!, 0.2 * p1, 0.2 * p2);
    if (amplitude > 0) {
      times.push(timesS[i]!);
      amplitudes.push(amplitude);
    }
  }
  let numerator = 0;
  let count = 0;
  for (let i = 1; i < amplitudes.length; i++) {
    if (!inRange(times[i]! - times[i - 1]!)) continue;
    const a1 = amplitudes[i - 1]!;
    const a2 = amplitudes[i]!;
    if (ratio(a1, a2) > MAX_AMPLITUDE_FACTOR) continue;
    numerator += Math.abs(a1 - a2);
    count++;
  }
  if (count < 1) return NaN;
  // Praat's denominator: every amplitude but the last.
  let denominator = 0;
  for (let i = 0; i + 1 < amplitudes.length; i++) denominator += amplitudes[i]!;
  denominator /= amplitudes.length - 1;
  return denominator > 0 ? numerator / count / denominator : NaN;
}

/** All voice-quality measures for a clip. */
export function measureVoiceQuality(samples: Float32Array, sampleRate: number): VoiceQuality {
  const cc = analyseCc(samples, sampleRate);
  const timesS = findGlottalPulses(samples, sampleRate, cc).map((p) => p / sampleRate);
  return {
    jitterLocal: jitterLocal(timesS),
    shimmerLocal: shimmerLocal(samples, sampleRate, timesS),
    hnrDb: meanHarmonicityDb(cc),
    periodCount: meanPeriod(timesS).count,
  };
}
