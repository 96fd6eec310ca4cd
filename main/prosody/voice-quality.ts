// Jitter, shimmer and HNR, Praat-like, from the waveform guided by the pitch track.
import type { VoiceQuality } from '../../shared/types/prosody';
import { mean } from './stats';

/** One glottal pulse: sub-sample time (samples) and peak amplitude. */
export interface GlottalPulse {
  position: number;
  amplitude: number;
  /** Index of the voiced run it belongs to; periods never span two runs. */
  run: number;
}

// Praat's voice report defaults: periods 1/600 s .. 0.02 s, period factor 1.3, amplitude factor 1.6.
const MIN_PERIOD_S = 1 / 600;
const MAX_PERIOD_S = 0.02;
const MAX_PERIOD_FACTOR = 1.3;
const MAX_AMPLITUDE_FACTOR = 1.6;
/** Search ±20 % of the expected period for the next pulse. */
const SEARCH_SHARE = 0.2;

/** Quadratic interpolation of a peak at integer index i: offset in (-0.5, 0.5) and height. */
function parabolicPeak(a: number, b: number, c: number): { offset: number; height: number } {
  const denominator = a - 2 * b + c;
  if (denominator >= 0) return { offset: 0, height: b };
  const offset = (0.5 * (a - c)) / denominator;
  return { offset, height: b - 0.25 * (a - c) * offset };
}

/**
 * Places one pulse per glottal cycle: in each voiced run, the largest peak of the run's dominant
 * polarity within the first period, then one peak within ±20 % of each expected next period
 * (expected from the pitch track), refined to sub-sample time by parabolic interpolation.
 */
export function findGlottalPulses(samples: Float32Array, sampleRate: number, f0Hz: Float32Array, hopSamples: number): GlottalPulse[] {
  const pulses: GlottalPulse[] = [];
  let run = 0;
  let f = 0;
  while (f < f0Hz.length) {
    if (!(f0Hz[f]! > 0)) {
      f++;
      continue;
    }
    let g = f;
    while (g < f0Hz.length && f0Hz[g]! > 0) g++;
    const from = Math.max(1, Math.round((f - 0.5) * hopSamples));
    const to = Math.min(samples.length - 2, Math.round((g - 0.5) * hopSamples));
    let positive = 0;
    let negative = 0;
    for (let n = from; n <= to; n++) {
      positive = Math.max(positive, samples[n]!);
      negative = Math.max(negative, -samples[n]!);
    }
    const sign = positive >= negative ? 1 : -1;
    const periodAt = (n: number): number => sampleRate / f0Hz[Math.min(g - 1, Math.max(f, Math.round(n / hopSamples)))]!;
    const argmax = (a: number, b: number): number => {
      let best = a;
      for (let n = a; n <= b; n++) if (sign * samples[n]! > sign * samples[best]!) best = n;
      return best;
    };
    let peak = argmax(from, Math.min(to, from + Math.round(periodAt(from))));
    for (;;) {
      const refined = parabolicPeak(sign * samples[peak - 1]!, sign * samples[peak]!, sign * samples[peak + 1]!);
      pulses.push({ position: peak + refined.offset, amplitude: refined.height, run });
      const period = periodAt(peak);
      const lo = Math.round(peak + period * (1 - SEARCH_SHARE));
      const hi = Math.min(to, Math.round(peak + period * (1 + SEARCH_SHARE)));
      if (lo > hi) break;
      peak = argmax(lo, hi);
    }
    run++;
    f = g;
  }
  return pulses;
}

/** Local jitter and shimmer over consecutive valid periods (Praat's voice-report rules). */
export function jitterShimmer(
  pulses: GlottalPulse[],
  sampleRate: number,
): { jitterLocal: number; shimmerLocal: number; periodCount: number } {
  const periods: { length: number; amplitude: number; run: number }[] = [];
  for (let k = 1; k < pulses.length; k++) {
    if (pulses[k]!.run !== pulses[k - 1]!.run) continue;
    const length = (pulses[k]!.position - pulses[k - 1]!.position) / sampleRate;
    if (length >= MIN_PERIOD_S && length <= MAX_PERIOD_S) periods.push({ length, amplitude: pulses[k]!.amplitude, run: pulses[k]!.run });
  }
  const periodDiffs: number[] = [];
  const amplitudeDiffs: number[] = [];
  for (let k = 1; k < periods.length; k++) {
    const a = periods[k - 1]!;
    const b = periods[k]!;
    if (a.run !== b.run) continue;
    if (Math.max(a.length, b.length) / Math.min(a.length, b.length) <= MAX_PERIOD_FACTOR) periodDiffs.push(Math.abs(b.length - a.length));
    if (Math.max(a.amplitude, b.amplitude) / Math.max(1e-12, Math.min(a.amplitude, b.amplitude)) <= MAX_AMPLITUDE_FACTOR)
      amplitudeDiffs.push(Math.abs(b.amplitude - a.amplitude));
  }
  const meanPeriod = mean(periods.map((p) => p.length));
  const meanAmplitude = mean(periods.map((p) => p.amplitude));
  return {
    jitterLocal: periodDiffs.length ? mean(periodDiffs) / meanPeriod : NaN,
    shimmerLocal: amplitudeDiffs.length ? mean(amplitudeDiffs) / meanAmplitude : NaN,
    periodCount: periods.length,
  };
}

// Boersma (1993, IFA Proc. 17): normalised autocorrelation of the windowed frame divided by that
// of the window, read at the period; HNR = 10·log10(r / (1 − r)). Praat's "To Harmonicity (ac)"
// uses 4.5 periods of a 75 Hz floor (60 ms); 40 ms (3 periods of 75 Hz) halves the cost, and so
// does reading every second voiced frame (20 ms apart, still ≥ 1 value per syllable).
const HNR_WINDOW_S = 0.04;
const HNR_FRAME_STRIDE = 2;
const HNR_MAX_R = 0.999999; // caps HNR at 60 dB for perfectly periodic synthetic input

/** Mean HNR (dB) over voiced frames; NaN without voiced frames. */
export function harmonicsToNoiseDb(samples: Float32Array, sampleRate: number, f0Hz: Float32Array, hopSamples: number): number {
  const length = Math.round(HNR_WINDOW_S * sampleRate);
  const window = Float64Array.from({ length }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (n + 0.5)) / length));
  const windowAc = new Map<number, number>();
  const windowCorrelation = (lag: number): number => {
    let value = windowAc.get(lag);
    if (value === undefined) {
      value = 0;
      for (let n = 0; n + lag < length; n++) value += window[n]! * window[n + lag]!;
      windowAc.set(lag, value);
    }
    return value;
  };
  const frame = new Float64Array(length);
  const hnrs: number[] = [];
  for (let f = 0; f < f0Hz.length; f += HNR_FRAME_STRIDE) {
    if (!(f0Hz[f]! > 0)) continue;
    const start = f * hopSamples - (length >> 1);
    if (start < 0 || start + length > samples.length) continue;
    let dc = 0;
    for (let n = 0; n < length; n++) dc += samples[start + n]!;
    dc /= length;
    for (let n = 0; n < length; n++) frame[n] = (samples[start + n]! - dc) * window[n]!;
    let energy = 0;
    for (let n = 0; n < length; n++) energy += frame[n]! * frame[n]!;
    if (energy <= 0) continue;
    const lag0 = sampleRate / f0Hz[f]!;
    const lo = Math.max(2, Math.floor(lag0 * 0.9));
    const hi = Math.min(length - 2, Math.ceil(lag0 * 1.1));
    // One lag beyond each end so the parabola through the best integer lag always has neighbours.
    const correlations: number[] = [];
    for (let lag = lo - 1; lag <= hi + 1; lag++) {
      let acc = 0;
      for (let n = 0; n + lag < length; n++) acc += frame[n]! * frame[n + lag]!;
      correlations.push(acc / energy / (windowCorrelation(lag) / windowCorrelation(0)));
    }
    let k = 1;
    for (let j = 2; j < correlations.length - 1; j++) if (correlations[j]! > correlations[k]!) k = j;
    // Periods are rarely whole samples: Praat interpolates the peak between lags (we use a
    // parabola); reading the best integer lag alone underestimates HNR by several dB at 16 kHz.
    const peak = parabolicPeak(correlations[k - 1]!, correlations[k]!, correlations[k + 1]!).height;
    const r = Math.min(HNR_MAX_R, Math.max(1e-6, peak));
    hnrs.push(10 * Math.log10(r / (1 - r)));
  }
  return hnrs.length ? mean(hnrs) : NaN;
}

/** All voice-quality measures for a clip. */
export function measureVoiceQuality(samples: Float32Array, sampleRate: number, f0Hz: Float32Array, hopSamples: number): VoiceQuality {
  const pulses = findGlottalPulses(samples, sampleRate, f0Hz, hopSamples);
  return { ...jitterShimmer(pulses, sampleRate), hnrDb: harmonicsToNoiseDb(samples, sampleRate, f0Hz, hopSamples) };
}
