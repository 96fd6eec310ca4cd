// Everything the encoder reads for one clip: utterance-normalised log-mel, frame-level prosody
// (log-F0, voicing, intensity) on the same 10 ms grid, and the utterance's z-scored prosody functionals, padded
// with masked frames to a multiple of the encoder's subsampling. Channel order and field order are
// the manifest's features.prosodyFrameChannels / utteranceProsodyFields (tools/model/config.py).
import type { MonoAudio } from '../../../shared/types/audio';
import type { FeatureParams, ModelConfig } from '../../../shared/types/model';
import type { PitchTrack } from '../../../shared/types/pitch';
import type { ProsodyFunctionals } from '../../../shared/types/prosody';
import type { FunctionalStats } from '../../../shared/types/calibration';
import { logMel, normaliseUtteranceMean, normaliseUtteranceRobust, type LogMel } from './log-mel';
import { CodedError } from '../../../shared/errors/coded-error';

/** Model inputs for one clip; arrays are row-major [frame][channel]. */
export interface ClipFeatures {
  frames: number;
  mel: Float32Array;
  prosodyFrames: Float32Array;
  frameMask: Float32Array;
  utteranceProsody: Float32Array;
}

export class FeatureError extends CodedError<'wrong_sample_rate' | 'too_long' | 'empty' | 'feature_mismatch'> {}

const SEMITONES_PER_OCTAVE = 12;
const semitones = (hz: number, refHz: number) => SEMITONES_PER_OCTAVE * Math.log2(hz / refHz);

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** RMS level (dBFS) of the analysis window centred on each hop, the mel frames' grid. */
export function frameIntensityDb(samples: Float32Array, frames: number, p: Pick<FeatureParams, 'hopLength' | 'winLength'>): Float32Array {
  const out = new Float32Array(frames);
  const half = p.winLength >> 1;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let i = f * p.hopLength - half; i < f * p.hopLength + half; i++) if (i >= 0 && i < samples.length) sum += samples[i]! ** 2;
    out[f] = 10 * Math.log10(Math.max(sum / p.winLength, 1e-10));
  }
  return out;
}

/** Values beyond this many deviations are clipped: one odd measure must not dominate the encoder input. */
const MAX_Z = 5;

/**
 * The utterance vector: the analysis's functionals in the manifest's field order, z-scored with the
 * manifest's fixed statistics — or, for a name `stats` holds (a calibration to the user's recordings),
 * with those; an undefined value (NaN) becomes 0, the mean.
 */
export function utteranceVector(
  functionals: ProsodyFunctionals,
  features: FeatureParams,
  config: ModelConfig,
  stats?: FunctionalStats,
): Float32Array {
  const fields = features.utteranceProsodyFields;
  if (fields.length !== config.utterance_prosody_dims) {
    throw new FeatureError(
      'feature_mismatch',
      `the manifest names ${fields.length} utterance fields; the encoder takes ${config.utterance_prosody_dims}`,
    );
  }
  const out = new Float32Array(fields.length);
  fields.forEach((name, i) => {
    const at = functionals.names.indexOf(name);
    if (at < 0)
      throw new FeatureError(
        'feature_mismatch',
        `the model reads the functional "${name}", which this app's prosody analysis does not measure`,
      );
    const own = stats ? stats.names.indexOf(name) : -1;
    const [mu, sd] =
      own >= 0 ? [stats!.mean[own]!, stats!.std[own]!] : [features.utteranceProsodyMean[i]!, features.utteranceProsodyStd[i]!];
    const z = (functionals.values[at]! - mu) / (sd > 0 ? sd : 1);
    out[i] = Number.isFinite(z) ? Math.max(-MAX_Z, Math.min(MAX_Z, z)) : 0;
  });
  return out;
}

const MEL_NORMALISATIONS: Record<FeatureParams['normalisation'], (mel: LogMel) => LogMel> = {
  none: (mel) => mel,
  'utterance-mean': normaliseUtteranceMean,
  'utterance-robust': normaliseUtteranceRobust,
};

export function clipFeatures(
  audio: MonoAudio,
  pitch: PitchTrack,
  functionals: ProsodyFunctionals,
  features: FeatureParams,
  config: ModelConfig,
  stats?: FunctionalStats,
): ClipFeatures {
  if (audio.sampleRate !== features.sampleRate) {
    throw new FeatureError('wrong_sample_rate', `audio is ${audio.sampleRate} Hz; the model reads ${features.sampleRate} Hz`);
  }
  if (audio.samples.length === 0) throw new FeatureError('empty', 'audio has no samples');
  const rawMel = logMel(audio.samples, features);
  const mel = MEL_NORMALISATIONS[features.normalisation](rawMel);
  const real = mel.frames;
  if (real > config.max_frames) {
    throw new FeatureError('too_long', `clip is ${(real / 100).toFixed(1)} s; the model takes at most ${config.max_frames / 100} s`);
  }
  const frames = Math.ceil(real / config.subsampling) * config.subsampling;
  const intensity = frameIntensityDb(audio.samples, real, features);
  // Pitch frame i is centred at i·frameStepS; mel frame f at f·hop/sr. Nearest pitch frame per mel frame.
  const melStepS = features.hopLength / features.sampleRate;
  const pitchAt = (f: number) => Math.min(pitch.f0Hz.length - 1, Math.round((f * melStepS) / pitch.frameStepS));
  const voicedF0: number[] = [];
  const voicedTimes: number[] = [];
  const voicedDb: number[] = [];
  for (let f = 0; f < real; f++) {
    const hz = pitch.f0Hz.length > 0 ? pitch.f0Hz[pitchAt(f)]! : 0;
    if (hz > 0) {
      voicedF0.push(hz);
      voicedTimes.push(f * melStepS);
      voicedDb.push(intensity[f]!);
    }
  }
  // Relative to the clip (DESIGN.md lesson): F0 in semitones re the clip median, level re the clip's
  // median voiced level. Scaled to roughly unit range: octaves and 20 dB.
  const medianHz = median(voicedF0) || 100;
  const referenceDb = median(voicedDb.length ? voicedDb : Array.from(intensity));
  const prosodyFrames = new Float32Array(frames * 3);
  for (let f = 0; f < real; f++) {
    const i = pitchAt(f);
    const hz = pitch.f0Hz.length > 0 ? pitch.f0Hz[i]! : 0;
    prosodyFrames[f * 3] = hz > 0 ? semitones(hz, medianHz) / SEMITONES_PER_OCTAVE : 0;
    prosodyFrames[f * 3 + 1] = pitch.voicedProbability.length > 0 ? pitch.voicedProbability[i]! : 0;
    prosodyFrames[f * 3 + 2] = Math.max(-3, (intensity[f]! - referenceDb) / 20);
  }
  const utteranceProsody = utteranceVector(functionals, features, config, stats);
  const melPadded = new Float32Array(frames * mel.nMels);
  melPadded.set(mel.data);
  const frameMask = new Float32Array(frames);
  frameMask.fill(1, 0, real);
  return { frames, mel: melPadded, prosodyFrames, frameMask, utteranceProsody };
}

/** Pads with masked frames (or crops) to exactly `frames`, e.g. the fixed training shape. */
export function fitFrames(clip: ClipFeatures, frames: number, melBins: number): ClipFeatures {
  const copy = (data: Float32Array, width: number) => {
    const out = new Float32Array(frames * width);
    out.set(data.subarray(0, Math.min(data.length, frames * width)));
    return out;
  };
  return {
    frames,
    mel: copy(clip.mel, melBins),
    prosodyFrames: copy(clip.prosodyFrames, 3),
    frameMask: copy(clip.frameMask, 1),
    utteranceProsody: clip.utteranceProsody,
  };
}
