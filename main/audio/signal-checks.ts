// Non-fatal findings about a decoded clip, and the one fatal one (NaN/Inf samples). Thresholds are
// conventional engineering levels, not from a paper: they flag clips a user should re-record or check.
import type { AudioWarning } from '../../shared/types/audio';

/** Samples at or above this magnitude count as clipped: within 0.01 dB of full scale. */
const FULL_SCALE = 0.9989;
/** Share of full-scale samples above which we warn: a few isolated peaks are normal, 0.1 % is not. */
const CLIPPING_SHARE = 0.001;
/** RMS below −60 dBFS: nothing but the noise floor of a typical recording chain. */
const SILENCE_DBFS = -60;
/** RMS below −40 dBFS: speech is there but far too quiet for reliable pitch and energy measures. */
const LOW_LEVEL_DBFS = -40;
/** Shorter than this, a clip holds at most a syllable or two: too little for prosody. */
const VERY_SHORT_S = 0.25;
/** |mean| above 1 % of full scale: a DC bias that shifts energy measures and zero crossings. */
const DC_OFFSET = 0.01;

/** Counts kept while source samples stream past, before mixing and resampling smear them. */
export class SourceSampleStats {
  samples = 0;
  clipped = 0;
  /** Index (in frames, per channel) of the first NaN/±Inf sample, or -1. */
  firstNonFiniteFrame = -1;
  private framesSeen = 0;

  observe(channels: readonly Float32Array[]): void {
    for (const channel of channels) {
      for (let i = 0; i < channel.length; i++) {
        const value = channel[i]!;
        if (value - value !== 0) {
          // NaN or ±Inf (x − x is 0 for every finite x)
          if (this.firstNonFiniteFrame < 0) this.firstNonFiniteFrame = this.framesSeen + i;
        } else if (value >= FULL_SCALE || value <= -FULL_SCALE) {
          this.clipped++;
        }
      }
      this.samples += channel.length;
    }
    this.framesSeen += channels[0]?.length ?? 0;
  }
}

/** Warnings about a clip: silence / low level, clipping, very short, DC offset. */
export function assessClip(mono: Float32Array, sampleRate: number, stats: SourceSampleStats): AudioWarning[] {
  const warnings: AudioWarning[] = [];
  const durationS = mono.length / sampleRate;
  if (durationS < VERY_SHORT_S) {
    warnings.push({
      code: 'very_short',
      message: `The clip lasts ${durationS.toFixed(3)} s; prosody needs at least ${VERY_SHORT_S} s of speech.`,
    });
  }
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < mono.length; i++) {
    const value = mono[i]!;
    sum += value;
    sumSquares += value * value;
  }
  const mean = mono.length ? sum / mono.length : 0;
  const rmsDbfs = mono.length ? 10 * Math.log10(sumSquares / mono.length + 1e-20) : -Infinity;
  if (rmsDbfs < SILENCE_DBFS) {
    warnings.push({ code: 'silence', message: `The clip is silent: its level is ${formatDb(rmsDbfs)} dBFS (below ${SILENCE_DBFS} dBFS).` });
  } else if (rmsDbfs < LOW_LEVEL_DBFS) {
    warnings.push({
      code: 'low_level',
      message: `The clip is very quiet (${formatDb(rmsDbfs)} dBFS); pitch and energy measures may be unreliable.`,
    });
  }
  const clippedShare = stats.samples ? stats.clipped / stats.samples : 0;
  if (clippedShare > CLIPPING_SHARE) {
    warnings.push({
      code: 'clipping',
      message: `${(clippedShare * 100).toFixed(2)} % of samples are at full scale: the recording is clipped.`,
    });
  }
  if (Math.abs(mean) > DC_OFFSET) {
    warnings.push({ code: 'dc_offset', message: `The signal has a DC offset of ${(mean * 100).toFixed(1)} % of full scale.` });
  }
  return warnings;
}

function formatDb(db: number): string {
  return Number.isFinite(db) ? db.toFixed(1) : '−∞';
}

/** Average all channels into one (equal weights, so a mono file copied to stereo comes back unchanged). */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const frames = channels[0]?.length ?? 0;
  const mono = new Float32Array(frames);
  for (const channel of channels) for (let i = 0; i < frames; i++) mono[i]! += channel[i]!;
  const scale = 1 / channels.length;
  for (let i = 0; i < frames; i++) mono[i]! *= scale;
  return mono;
}
