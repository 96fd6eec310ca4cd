// Is this clip like the speech the model was trained on? (issue 11 item 5.) Measures the signal —
// blind SNR (WADA), effective bandwidth, clipping, speech duration, digital silence — and the distance
// of the model's z-scored utterance vector from the training clips, then says what follows: a
// warning with the reason, a lowered shown confidence, or "cannot judge" for a clip no model can read
// (too short, silent, no speech, noise only). A confident wrong label with a fluent explanation is the
// most harmful thing the app can show a clinician; this is the guard against it.
import { createRequire } from 'node:module';
import type { MonoAudio } from '../../shared/types/audio';
import type { InputQuality, InputQualityMeasures, InputQualityReason, InputRange } from '../../shared/types/input-quality';
import type { ProsodyMeasures } from '../../shared/types/prosody';
import { activeSpeechSnrDb } from './wada-snr';

// fft.js ships no types (see main/ml/features/log-mel.ts for the same local interface).
interface RealFft {
  realTransform(out: Float64Array, input: Float64Array): void;
  createComplexArray(): Float64Array;
}
const FFT = createRequire(import.meta.url)('fft.js') as new (size: number) => RealFft;

/** Frames for levels and the active-speech mask: 20 ms, as the channel transforms measure SNR. */
const LEVEL_FRAME_S = 0.02;
/** Active frames lie within this many dB of the loudest frame (the channel transforms' definition). */
const ACTIVE_RANGE_DB = 30;
/** Frames below this are digital silence: under the dither of 16-bit audio (−96 dBFS per LSB). */
const DIGITAL_SILENCE_DBFS = -90;
/** The long-term spectrum's edge lies where it falls this far below its peak (issue 11 item 5). */
const BANDWIDTH_DROP_DB = 40;
/** Spectrum: 32 ms Hann frames, half overlapping; 125 Hz bands smooth single harmonics away. */
const SPECTRUM_FFT = 512;
const SPECTRUM_BAND_HZ = 125;
/** Full scale: within 0.01 dB of it (as main/audio/signal-checks.ts counts clipped samples). */
const FULL_SCALE = 0.9989;
/** A flat top: at least this many consecutive samples at the clip's peak (a clipped, then scaled, wave). */
const FLAT_RUN = 3;

// Thresholds below which no model can judge a clip, whatever it was trained on. Conventional
// engineering levels, not from a paper: each is stated in the reason a person reads.
/** Less speech than this is a word at most: too little for an emotion judgement. */
export const MIN_SPEECH_S = 0.6;
/** Fewer voiced seconds than this: no pitch contour to read (noise, a whisper, a click). */
const MIN_VOICED_S = 0.2;
/**
 * Below this SNR (dB) the clip is noise or a tone with, at best, speech buried in it: noise alone reads
 * −10 (the curve's floor), speech in Gaussian noise at 0 dB about −1.5.
 */
export const MIN_SNR_DB = -5;
/** Active level below this (dBFS): nothing but a recording chain's noise floor. */
const SILENT_DBFS = -60;
/** More digital silence than this share: the clip is (nearly) all zeros. */
const SILENT_SHARE = 0.95;
/** Bandwidth below this is a telephone channel or a low-bitrate codec (speech reaches 8 kHz at 16 kHz). */
const NARROWBAND_HZ = 4500;
/** More clipped samples than this share (0.1 %, as the decoder warns): the level and spectrum are distorted. */
const CLIPPED_SHARE = 0.001;

/**
 * Fallback range when a model's manifest has none: computeInputRange over 320 RAVDESS clips of
 * actors 1–16 (the default model's training speakers, 20 each) with the default model's z-scoring.
 * On actors 17–20 the same thresholds flag 10 % of clips as unlike the training data, on nEMO
 * (Polish) 54 %. A model trained on other data should carry its own (computeInputRange).
 */
export const DEFAULT_INPUT_RANGE: InputRange = {
  clips: 320,
  rmsZ: { p95: 1.532, p99: 1.792 },
  maxAbsZ: { p95: 4.212, p99: 5 },
  snrDb: { p1: 10.191, p5: 13.149 },
  bandwidthHz: { p1: 7218.75, p5: 7593.75 },
  speechS: { p1: 1.162, p5: 1.26 },
};

const finiteOrNull = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null);
const dbfs = (meanSquare: number) => 10 * Math.log10(Math.max(meanSquare, 1e-20));

/** Mean square of each 20 ms frame (the last partial frame dropped unless it is the only one). */
function frameMeanSquares(samples: Float32Array, sampleRate: number): Float64Array {
  const frame = Math.round(LEVEL_FRAME_S * sampleRate);
  const count = Math.max(1, Math.floor(samples.length / frame));
  const out = new Float64Array(count);
  for (let f = 0; f < count; f++) {
    const end = Math.min(samples.length, (f + 1) * frame);
    let sum = 0;
    for (let i = f * frame; i < end; i++) sum += samples[i]! ** 2;
    out[f] = end > f * frame ? sum / (end - f * frame) : 0;
  }
  return out;
}

/** Mean square of the active frames (within ACTIVE_RANGE_DB of the loudest); 0 for an all-zero clip. */
function activeMeanSquare(frames: Float64Array): number {
  let max = 0;
  for (const e of frames) max = Math.max(max, e);
  if (max === 0) return 0;
  const floor = max * 10 ** (-ACTIVE_RANGE_DB / 10);
  let sum = 0;
  let n = 0;
  for (const e of frames) {
    if (e >= floor) {
      sum += e;
      n++;
    }
  }
  return sum / n;
}

/**
 * Highest frequency (Hz) where the long-term average spectrum of the active frames stays within
 * BANDWIDTH_DROP_DB of its peak (bands of 125 Hz above 80 Hz): ~8 kHz for wideband speech at 16 kHz,
 * ~3.5 kHz through a telephone. Null when the clip has no active frame.
 */
export function effectiveBandwidthHz(samples: Float32Array, sampleRate: number): number | null {
  const n = SPECTRUM_FFT;
  const hop = n / 2;
  const fft = new FFT(n);
  const window = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
  const frame = new Float64Array(n);
  const out = fft.createComplexArray();
  const bins = n / 2 + 1;
  const starts: number[] = [];
  for (let start = 0; start + n <= samples.length; start += hop) starts.push(start);
  if (starts.length === 0 && samples.length > 0) starts.push(0); // a clip shorter than one frame: zero-padded
  const energies = starts.map((start) => {
    let e = 0;
    for (let i = start; i < Math.min(samples.length, start + n); i++) e += samples[i]! ** 2;
    return e;
  });
  const loudest = Math.max(0, ...energies);
  if (loudest === 0) return null;
  const spectrum = new Float64Array(bins);
  starts.forEach((start, f) => {
    if (energies[f]! < loudest * 10 ** (-ACTIVE_RANGE_DB / 10)) return;
    for (let i = 0; i < n; i++) frame[i] = (samples[start + i] ?? 0) * window[i]!;
    fft.realTransform(out, frame);
    for (let k = 0; k < bins; k++) spectrum[k]! += out[2 * k]! ** 2 + out[2 * k + 1]! ** 2;
  });
  const binHz = sampleRate / n;
  const perBand = Math.max(1, Math.round(SPECTRUM_BAND_HZ / binHz));
  const bands: { topHz: number; power: number }[] = [];
  for (let k = Math.ceil(80 / binHz); k < bins; k += perBand) {
    let power = 0;
    const end = Math.min(bins, k + perBand);
    for (let j = k; j < end; j++) power += spectrum[j]!;
    bands.push({ topHz: Math.min(sampleRate / 2, end * binHz), power: power / (end - k) });
  }
  const peak = Math.max(...bands.map((b) => b.power));
  const edge = peak * 10 ** (-BANDWIDTH_DROP_DB / 10);
  let topHz = bands[0]!.topHz;
  for (const band of bands) if (band.power >= edge) topHz = band.topHz;
  return topHz;
}

/**
 * Share of samples that are clipped: at full scale, or in flat-topped runs (≥ 3 equal samples) at
 * the clip's positive or negative peak, which is what clipping looks like after a gain change.
 */
export function clippedShare(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let top = 0;
  let bottom = 0;
  for (let i = 0; i < samples.length; i++) {
    top = Math.max(top, samples[i]!);
    bottom = Math.min(bottom, samples[i]!);
  }
  // Equal within a 16-bit step, or 0.02 % of the peak: a real waveform's top sample differs from its
  // neighbours by more than that (cos(2π·100 Hz/16 kHz) already leaves 0.08 %).
  const near = (value: number, peak: number) => peak !== 0 && Math.abs(value - peak) <= Math.max(1 / 32768, Math.abs(peak) * 2e-4);
  let clipped = 0;
  let run = 0;
  let runPeak = 0;
  const closeRun = () => {
    if (run >= FLAT_RUN) clipped += run;
    run = 0;
  };
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]!;
    const atPeak = near(value, top) ? top : near(value, bottom) ? bottom : 0;
    if (Math.abs(value) >= FULL_SCALE) {
      // Full-scale samples count on their own; a run of them is not counted twice.
      closeRun();
      clipped++;
    } else if (atPeak !== 0 && (run === 0 || atPeak === runPeak)) {
      run++;
      runPeak = atPeak;
    } else {
      closeRun();
      if (atPeak !== 0) {
        run = 1;
        runPeak = atPeak;
      }
    }
  }
  closeRun();
  return Math.min(1, clipped / samples.length);
}

/** RMS and largest |z| of a z-scored utterance vector (what the model read); null for an empty one. */
export function utteranceDistance(vector: Float32Array | null): { rmsZ: number | null; maxAbsZ: number | null } {
  if (!vector || vector.length === 0) return { rmsZ: null, maxAbsZ: null };
  let sum = 0;
  let max = 0;
  for (const z of vector) {
    sum += z * z;
    max = Math.max(max, Math.abs(z));
  }
  return { rmsZ: finiteOrNull(Math.sqrt(sum / vector.length)), maxAbsZ: finiteOrNull(max) };
}

/** The signal measures of a clip and, when a model read it, the distance of its utterance vector. */
export function measureInputQuality(
  audio: MonoAudio,
  prosody: Pick<ProsodyMeasures, 'durationS' | 'segmentation' | 'frames'>,
  vector: Float32Array | null = null,
): InputQualityMeasures {
  const { samples, sampleRate } = audio;
  const frames = frameMeanSquares(samples, sampleRate);
  const active = activeMeanSquare(frames);
  let silentFrames = 0;
  for (const e of frames) if (dbfs(e) < DIGITAL_SILENCE_DBFS) silentFrames++;
  let voiced = 0;
  for (const f0 of prosody.frames.f0Hz) if (f0 > 0) voiced++;
  const speechS = prosody.segmentation.speech.reduce((sum, s) => sum + (s.endS - s.startS), 0);
  const digitallySilent = active === 0 || dbfs(active) < DIGITAL_SILENCE_DBFS;
  return {
    durationS: samples.length / sampleRate,
    speechS,
    voicedS: voiced * prosody.frames.frameStepS,
    activeLevelDbfs: digitallySilent ? null : finiteOrNull(dbfs(active)),
    snrDb: digitallySilent ? null : finiteOrNull(activeSpeechSnrDb(samples, sampleRate, prosody.segmentation)),
    bandwidthHz: digitallySilent ? null : finiteOrNull(effectiveBandwidthHz(samples, sampleRate)),
    clippedShare: clippedShare(samples),
    digitalSilenceShare: silentFrames / frames.length,
    ...utteranceDistance(vector),
  };
}

const ramp = (x: number, from: number, to: number) => Math.max(0, Math.min(1, (x - from) / (to - from)));
const s1 = (x: number) => x.toFixed(1);

/** SNR never counts as noisy above this (dB), however clean the training clips were: clean speakers read 15–30 dB. */
const NOISY_CEILING_DB = 15;
/** A clip the model can judge keeps at least this share of its own answer (severity ≤ 0.9). */
const MAX_JUDGEABLE_SEVERITY = 0.9;

/**
 * The verdict on measured input: reasons (blocking ones make the clip unjudgeable), whether it is out
 * of range, and a severity that says how far the shown probabilities move toward uniform. Each
 * out-of-range finding has its own severity s_i; together 1 − Π(1 − s_i), at most 0.9 for a clip
 * the model can judge and 1 for one it cannot. Lower tails compare with the training clips' 1st
 * percentile, the utterance vector's distance with their 95th and 99th.
 */
export function assessInputQuality(measures: InputQualityMeasures, range: InputRange | undefined): InputQuality {
  const r = range ?? DEFAULT_INPUT_RANGE;
  const reasons: (InputQualityReason & { severity: number })[] = [];
  const block = (code: InputQualityReason['code'], message: string) => reasons.push({ code, message, blocking: true, severity: 1 });
  const warn = (code: InputQualityReason['code'], message: string, severity: number) =>
    reasons.push({ code, message, blocking: false, severity });
  const m = measures;

  if (m.activeLevelDbfs === null || m.activeLevelDbfs < SILENT_DBFS || m.digitalSilenceShare > SILENT_SHARE) {
    block(
      'silent',
      m.activeLevelDbfs === null ? 'the clip is digital silence.' : `the clip is silent (level ${s1(m.activeLevelDbfs)} dBFS).`,
    );
  } else if (m.snrDb !== null && m.snrDb < MIN_SNR_DB) {
    block('noisy', `the clip is noise or a steady tone, with little or no speech in it (SNR ${s1(m.snrDb)} dB).`);
  } else if (m.speechS < MIN_SPEECH_S) {
    block('too_short', `only ${m.speechS.toFixed(2)} s of speech; judging an emotion needs at least ${MIN_SPEECH_S} s.`);
  } else if (m.voicedS < MIN_VOICED_S) {
    block('no_speech', `no voiced speech was found (${m.voicedS.toFixed(2)} s voiced).`);
  }
  if (reasons.length === 0) {
    if (m.speechS < r.speechS.p1) {
      warn(
        'too_short',
        `only ${m.speechS.toFixed(1)} s of speech: 99 % of the training clips had more than ${r.speechS.p1.toFixed(1)} s.`,
        0.3 * (1 - ramp(m.speechS, MIN_SPEECH_S, r.speechS.p1)) + 0.1,
      );
    }
    const noisyBelow = Math.min(r.snrDb.p1, NOISY_CEILING_DB);
    if (m.snrDb !== null && m.snrDb < noisyBelow) {
      warn(
        'noisy',
        `the recording is noisy (SNR ${s1(m.snrDb)} dB, below the ${s1(noisyBelow)} dB that 99 % of the training clips reach).`,
        0.15 + 0.65 * ramp(noisyBelow - m.snrDb, 0, noisyBelow - MIN_SNR_DB),
      );
    }
    if (m.bandwidthHz !== null && m.bandwidthHz < Math.min(NARROWBAND_HZ, r.bandwidthHz.p1)) {
      warn(
        'narrowband',
        `the audio is band-limited to ${s1(m.bandwidthHz / 1000)} kHz, as through a telephone or a low-bitrate codec; the training clips reach ${s1(r.bandwidthHz.p5 / 1000)} kHz.`,
        0.3,
      );
    }
    if (m.clippedShare > CLIPPED_SHARE) {
      warn(
        'clipped',
        `the recording is clipped (${(m.clippedShare * 100).toFixed(2)} % of samples at the peak).`,
        0.2 + 0.4 * ramp(m.clippedShare, CLIPPED_SHARE, 0.05),
      );
    }
    const farRms = m.rmsZ !== null && m.rmsZ > r.rmsZ.p95;
    const farMax = m.maxAbsZ !== null && m.maxAbsZ > r.maxAbsZ.p99;
    if (farRms || farMax) {
      const beyond = farRms && m.rmsZ! > r.rmsZ.p99 ? 99 : 95;
      const how = farRms
        ? `its prosody measures lie further from the training clips' mean (RMS ${m.rmsZ!.toFixed(2)} SD) than ${beyond} % of the training clips`
        : `one of its prosody measures lies ${m.maxAbsZ!.toFixed(1)} SD from the training clips' mean, further than 99 % of them`;
      // 0.15 just past the 95th percentile, 0.4 at the 99th, 0.6 at twice the 99th.
      const rmsSeverity = farRms
        ? m.rmsZ! <= r.rmsZ.p99
          ? 0.15 + 0.25 * ramp(m.rmsZ!, r.rmsZ.p95, r.rmsZ.p99)
          : 0.4 + 0.2 * ramp(m.rmsZ!, r.rmsZ.p99, 2 * r.rmsZ.p99)
        : 0;
      warn('unlike_training', `the speech is unlike the training data: ${how}.`, Math.max(rmsSeverity, farMax ? 0.3 : 0));
    }
  }
  const judgeable = !reasons.some((x) => x.blocking);
  const combined = 1 - reasons.reduce((keep, x) => keep * (1 - x.severity), 1);
  return {
    measures,
    outOfRange: reasons.length > 0,
    judgeable,
    severity: judgeable ? Math.min(MAX_JUDGEABLE_SEVERITY, Math.max(0, combined)) : 1,
    reasons: reasons.map(({ code, message, blocking }) => ({ code, message: capitalise(message), blocking })),
    rangeSource: range ? 'manifest' : 'default',
  };
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Measures and assesses a clip in one call (see measureInputQuality and assessInputQuality). */
export function inputQuality(
  audio: MonoAudio,
  prosody: Pick<ProsodyMeasures, 'durationS' | 'segmentation' | 'frames'>,
  vector: Float32Array | null,
  range: InputRange | undefined,
): InputQuality {
  return assessInputQuality(measureInputQuality(audio, prosody, vector), range);
}

/**
 * The probabilities to show: the model's, blended toward uniform by the severity,
 * p' = (1 − s)·p + s/K. The ranking (and so the label) is unchanged; only the confidence drops.
 */
export function shownProbabilities(probabilities: Record<string, number>, severity: number): Record<string, number> {
  const labels = Object.keys(probabilities);
  if (labels.length === 0 || severity <= 0) return { ...probabilities };
  const s = Math.min(1, severity);
  return Object.fromEntries(labels.map((l) => [l, (1 - s) * probabilities[l]! + s / labels.length]));
}

/** The q-quantile (0..1) of finite values, linear between order statistics; NaN when there are none. */
function quantile(values: (number | null)[], q: number): number {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  return sorted[lo]! + (sorted[Math.min(sorted.length - 1, lo + 1)]! - sorted[lo]!) * (at - lo);
}

/**
 * The manifest's `inputRange` from the training clips: each clip's z-scored utterance vector (as the
 * model reads it) and its input-quality measures. Percentiles that cannot be taken (no finite value)
 * fall back to DEFAULT_INPUT_RANGE's. Training calls this once over its training split.
 */
export function computeInputRange(vectors: Float32Array[], qualities: Pick<InputQuality, 'measures'>[]): InputRange {
  if (vectors.length === 0 && qualities.length === 0) throw new Error('computeInputRange needs at least one training clip');
  const distances = vectors.map((v) => utteranceDistance(v));
  const pick = (value: number, fallback: number, positive = false) =>
    Number.isFinite(value) && (!positive || value > 0) ? round(value) : fallback;
  const d = DEFAULT_INPUT_RANGE;
  const rms = distances.map((x) => x.rmsZ);
  const max = distances.map((x) => x.maxAbsZ);
  const snr = qualities.map((q) => q.measures.snrDb);
  const bandwidth = qualities.map((q) => q.measures.bandwidthHz);
  const speech = qualities.map((q) => q.measures.speechS);
  return {
    clips: Math.max(vectors.length, qualities.length),
    rmsZ: { p95: pick(quantile(rms, 0.95), d.rmsZ.p95, true), p99: pick(quantile(rms, 0.99), d.rmsZ.p99, true) },
    maxAbsZ: { p95: pick(quantile(max, 0.95), d.maxAbsZ.p95, true), p99: pick(quantile(max, 0.99), d.maxAbsZ.p99, true) },
    snrDb: { p1: pick(quantile(snr, 0.01), d.snrDb.p1), p5: pick(quantile(snr, 0.05), d.snrDb.p5) },
    bandwidthHz: { p1: pick(quantile(bandwidth, 0.01), d.bandwidthHz.p1), p5: pick(quantile(bandwidth, 0.05), d.bandwidthHz.p5) },
    speechS: { p1: pick(quantile(speech, 0.01), d.speechS.p1), p5: pick(quantile(speech, 0.05), d.speechS.p5) },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
