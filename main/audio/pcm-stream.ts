// Live input: PCM chunks as a recorder delivers them (any rate, interleaved channels, Float32 or
// Int16) → 16 kHz mono Float32 chunks, through one stateful resampler so chunk joins are seamless.
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import { StreamingResampler, type ResamplerQuality } from './resampler';

export interface PcmStreamOptions {
  inputSampleRate: number;
  channels: number;
  /** Default 'medium'; see resampler.ts. */
  quality?: ResamplerQuality;
}

export interface PcmStream {
  /** Take the next interleaved chunk; returns the 16 kHz mono samples it makes ready (may be empty). */
  push(chunk: Float32Array | Int16Array): Float32Array;
  /** End of input: the remaining output. The stream can't be pushed to afterwards. */
  flush(): Float32Array;
  /** Seconds of input taken so far. */
  readonly inputDurationS: number;
}

export async function createPcmStream(options: PcmStreamOptions): Promise<PcmStream> {
  const { inputSampleRate, channels } = options;
  if (!(Number.isInteger(channels) && channels >= 1)) throw new RangeError(`channels must be a positive integer (got ${channels})`);
  const resampler = await StreamingResampler.create(inputSampleRate, ANALYSIS_SAMPLE_RATE, options.quality ?? 'medium');
  // Samples of a frame split across two chunks wait here for the rest of their frame.
  let partialFrame = new Float32Array(0);
  let framesIn = 0;
  let finished = false;

  return {
    push(chunk) {
      if (finished) throw new Error('PcmStream.push after flush');
      const samples = toFloat(chunk);
      const joined = partialFrame.length ? concat(partialFrame, samples) : samples;
      const whole = joined.length - (joined.length % channels);
      partialFrame = joined.slice(whole);
      const frames = whole / channels;
      framesIn += frames;
      return resampler.push(downmix(joined, frames, channels));
    },
    flush() {
      if (finished) return new Float32Array(0);
      finished = true;
      return resampler.flush();
    },
    get inputDurationS() {
      return framesIn / inputSampleRate;
    },
  };
}

function toFloat(chunk: Float32Array | Int16Array): Float32Array {
  if (chunk instanceof Float32Array) return chunk;
  const out = new Float32Array(chunk.length);
  for (let i = 0; i < chunk.length; i++) out[i] = chunk[i]! / 32768;
  return out;
}

/** Average the channels of the first `frames` interleaved frames. */
function downmix(interleaved: Float32Array, frames: number, channels: number): Float32Array {
  if (channels === 1) return interleaved.subarray(0, frames);
  const mono = new Float32Array(frames);
  for (let frame = 0, at = 0; frame < frames; frame++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[at++]!;
    mono[frame] = sum / channels;
  }
  return mono;
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
