// WADA-SNR: blind SNR of speech in additive noise from the waveform's amplitude distribution alone
// (Kim & Stern 2008, "Robust signal-to-noise ratio estimation based on waveform amplitude
// distribution analysis", Interspeech). Clean speech amplitudes follow a Gamma distribution with
// shape 0.4, Gaussian noise a normal one; G = log E|x| − E log|x| of their sum rises monotonically
// with the SNR, so a measured G reads off the SNR. Needs no silence in the clip (a percentile of
// frame levels does), which is what natural recordings and clips cut tight to the speech lack.
//
// Kim & Stern's curve models a whole utterance, pauses included. On clean studio speech cut to its
// speech (RAVDESS and nEMO, measured) it reads only 10–27 dB: speech without its pauses is less
// peaked than Gamma(0.4). So the app reads G over the speech stretches alone against a curve
// tabulated the same way on real speech (wada-active-speech-table.ts, made by
// scripts/prosody/wada-table.ts): the same SNR whether or not the clip has silence around it.
import type { SpeechSegmentation } from '../../shared/types/prosody';
import { ACTIVE_SPEECH_G, ACTIVE_SPEECH_MIN_DB } from './wada-active-speech-table';

/**
 * G(SNR) for SNR = −20…100 dB in 1 dB steps, as tabulated with the method's reference implementation
 * (D. Ellis, SNREVAL, LabROSA, after Kim & Stern). Its ends agree with the closed forms: Gaussian
 * noise alone gives ½·ln(2/π) − ½·(ψ(½) + ln 2) = 0.4094; Gamma(0.4) speech alone ln 0.4 − ψ(0.4) = 1.645.
 */
const G_TABLE = [
  0.40974774, 0.40986926, 0.40998566, 0.40969089, 0.40986186, 0.40999006, 0.41027138, 0.41052627, 0.41101024, 0.41143264, 0.41231718,
  0.41337272, 0.41526426, 0.4178192, 0.42077252, 0.42452799, 0.42918886, 0.43510373, 0.44234195, 0.45161485, 0.46221153, 0.47491647,
  0.48883809, 0.50509236, 0.52353709, 0.54372088, 0.56532427, 0.58847532, 0.61346212, 0.63954496, 0.66750818, 0.69583724, 0.72454762,
  0.75414799, 0.78323148, 0.81240985, 0.84219775, 0.87166406, 0.90030504, 0.92880418, 0.95655449, 0.9835349, 1.01047155, 1.0362095,
  1.06136425, 1.08579312, 1.1094819, 1.13277995, 1.15472826, 1.17627308, 1.19703503, 1.21671694, 1.23535898, 1.25364313, 1.27103891,
  1.28718029, 1.30302865, 1.31839527, 1.33294817, 1.34700935, 1.3605727, 1.37345513, 1.38577122, 1.39733504, 1.40856397, 1.41959619,
  1.42983624, 1.43958467, 1.44902176, 1.45804831, 1.46669568, 1.47486938, 1.48269965, 1.49034339, 1.49748214, 1.50435106, 1.51076426,
  1.51698915, 1.5229097, 1.528578, 1.53389835, 1.5391211, 1.5439065, 1.54858517, 1.55310776, 1.55744391, 1.56164927, 1.56566348, 1.56938671,
  1.57307767, 1.57654764, 1.57980083, 1.58304129, 1.58602496, 1.58880681, 1.59162477, 1.5941969, 1.59693155, 1.599446, 1.60185011,
  1.60408668, 1.60627134, 1.60826199, 1.61004547, 1.61192472, 1.61369656, 1.61534074, 1.61688905, 1.61838916, 1.61985374, 1.62135878,
  1.62268119, 1.62390423, 1.62513143, 1.62632463, 1.6274027, 1.62842767, 1.62945532, 1.6303307, 1.63128026, 1.63204102,
];
/** SNR of the table's first entry (dB); entries are 1 dB apart. */
export const WADA_MIN_DB = -20;
/** SNR of the table's last entry (dB): the estimate saturates here. */
export const WADA_MAX_DB = WADA_MIN_DB + G_TABLE.length - 1;
/** Magnitudes below this (after peak normalisation) count as this: log 0 must not sink the mean. */
const EPS = 1e-10;

/** G = ln E|x| − E ln|x| of the peak-normalised samples; null for an all-zero clip. */
export function wadaStatistic(samples: Float32Array): number | null {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  if (peak === 0 || samples.length === 0) return null;
  let sumAbs = 0;
  let sumLog = 0;
  for (let i = 0; i < samples.length; i++) {
    const magnitude = Math.max(EPS, Math.abs(samples[i]!) / peak);
    sumAbs += magnitude;
    sumLog += Math.log(magnitude);
  }
  return Math.log(Math.max(EPS, sumAbs / samples.length)) - sumLog / samples.length;
}

/**
 * The SNR (dB) a statistic G reads on a table of G per dB (1 dB apart from `minDb`): linear between
 * entries, as the reference implementation interpolates; clamped to the table's ends.
 */
export function snrFromStatistic(g: number, table: readonly number[], minDb: number): number {
  // The lowest entries wobble (Monte-Carlo noise of the tabulation): read the last entry below g.
  let below = -1;
  for (let i = 0; i < table.length; i++) if (table[i]! < g) below = i;
  if (below < 0) return minDb;
  if (below === table.length - 1) return minDb + table.length - 1;
  const g0 = table[below]!;
  const g1 = table[below + 1]!;
  return minDb + below + (g - g0) / (g1 - g0);
}

/** WADA-SNR of a whole clip on Kim & Stern's curve (dB, −20…100); null for an all-zero clip. */
export function wadaSnrDb(samples: Float32Array): number | null {
  const g = wadaStatistic(samples);
  return g === null ? null : snrFromStatistic(g, G_TABLE, WADA_MIN_DB);
}

/** The samples of the speech stretches, joined; the whole clip when the segmentation found none. */
export function speechSamples(samples: Float32Array, sampleRate: number, segmentation: Pick<SpeechSegmentation, 'speech'>): Float32Array {
  const parts = segmentation.speech.map((s) =>
    samples.subarray(Math.max(0, Math.round(s.startS * sampleRate)), Math.min(samples.length, Math.round(s.endS * sampleRate))),
  );
  const total = parts.reduce((n, p) => n + p.length, 0);
  if (total === 0) return samples;
  const joined = new Float32Array(total);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** Highest SNR the active-speech curve resolves (dB): above it clean speech differs more between speakers than with the noise. */
export const ACTIVE_SPEECH_MAX_DB = ACTIVE_SPEECH_MIN_DB + ACTIVE_SPEECH_G.length - 1;

/**
 * SNR of the speech over the noise (dB, ACTIVE_SPEECH_MIN_DB…ACTIVE_SPEECH_MAX_DB): WADA's statistic
 * over the speech stretches only, read on the active-speech curve. Null for an all-zero clip.
 */
export function activeSpeechSnrDb(
  samples: Float32Array,
  sampleRate: number,
  segmentation: Pick<SpeechSegmentation, 'speech'>,
): number | null {
  const g = wadaStatistic(speechSamples(samples, sampleRate, segmentation));
  return g === null ? null : snrFromStatistic(g, ACTIVE_SPEECH_G, ACTIVE_SPEECH_MIN_DB);
}
