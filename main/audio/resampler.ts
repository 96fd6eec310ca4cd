// Band-limited sample-rate conversion with libsamplerate (Secret Rabbit Code, E. de Castro Lopo), the
// wasm port @alexanderolsen/libsamplerate-js. One resampler object keeps its filter state between
// pushes, so a signal fed in chunks of any size comes out the same as fed whole: no clicks at joins.
import * as libsamplerateNamespace from '@alexanderolsen/libsamplerate-js';
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';

type LibSampleRate = typeof libsamplerateNamespace;
type SrcInstance = Awaited<ReturnType<LibSampleRate['create']>>;

// The package is a CommonJS webpack bundle: Node's ESM loader exposes it only as `default`, while a
// CommonJS build (esbuild) exposes the named exports directly. Accept both.
const libsamplerate: LibSampleRate = (libsamplerateNamespace as unknown as { default?: LibSampleRate }).default ?? libsamplerateNamespace;

/**
 * Converter quality (libsamplerate's sinc converters). 'medium' passes 90 % of the output band
 * (0–7.2 kHz at 16 kHz) with 97 dB stop-band rejection — all of the speech band prosody and the
 * models use — at about 4× the speed of 'best' (measured: 10 min of 44.1 kHz mono in 8.4 s vs 30 s).
 * 'fast' passes 80 % (0–6.4 kHz) at about twice the speed of 'medium'.
 */
export type ResamplerQuality = 'best' | 'medium' | 'fast';

const CONVERTER: Record<ResamplerQuality, number> = { best: 0, medium: 1, fast: 2 };

/**
 * Source rates the decoder accepts. libsamplerate-js takes 1 Hz..192 kHz (and throws a bare string
 * outside); below 4 kHz a recording holds no usable speech band, and a header claiming 8 or 200 Hz
 * is damage that would make half an hour of "audio" out of a few kilobytes (issue 14).
 */
export const MIN_SOURCE_SAMPLE_RATE = 4_000;
export const MAX_SOURCE_SAMPLE_RATE = 192_000;

/** Why audio at `sampleRate` can't be analyzed, or undefined if it can. */
export function sourceSampleRateProblem(sampleRate: number): string | undefined {
  if (!Number.isFinite(sampleRate) || sampleRate < MIN_SOURCE_SAMPLE_RATE)
    return `${sampleRate} Hz is below the ${MIN_SOURCE_SAMPLE_RATE / 1000} kHz the analysis needs`;
  if (sampleRate > MAX_SOURCE_SAMPLE_RATE)
    return `${sampleRate} Hz is above the ${MAX_SOURCE_SAMPLE_RATE / 1000} kHz the app resamples from; convert it to 48 kHz`;
  return undefined;
}

/** The wasm glue moves data through fixed 1,008,000-float buffers; stay well under them. */
const MAX_INPUT_BLOCK = 131_072;
const WASM_BUFFER_FLOATS = 1_008_000;
/** Zeros fed per flush step to push the filter's tail out; loop bounds a runaway at 64 steps. */
const FLUSH_BLOCK = 8_192;

export class StreamingResampler {
  private inputFrames = 0;
  private outputFrames = 0;
  private disposed = false;

  private constructor(
    readonly inputRate: number,
    readonly outputRate: number,
    private readonly src: SrcInstance | undefined,
  ) {}

  /** A resampler from `inputRate` to `outputRate` (16 kHz by default); 1:1 rates pass through untouched. */
  static async create(
    inputRate: number,
    outputRate: number = ANALYSIS_SAMPLE_RATE,
    quality: ResamplerQuality = 'medium',
  ): Promise<StreamingResampler> {
    if (!(inputRate > 0 && outputRate > 0)) throw new RangeError(`sample rates must be positive (got ${inputRate} → ${outputRate})`);
    const ratio = outputRate / inputRate;
    if (ratio > 256 || ratio < 1 / 256)
      throw new RangeError(`libsamplerate can't convert ${inputRate} Hz to ${outputRate} Hz (ratio beyond 256)`);
    // The wasm glue throws a bare string outside 1..192 kHz; say it as an error.
    if (Math.max(inputRate, outputRate) > MAX_SOURCE_SAMPLE_RATE)
      throw new RangeError(`libsamplerate-js converts rates up to ${MAX_SOURCE_SAMPLE_RATE} Hz (got ${inputRate} → ${outputRate})`);
    const src =
      inputRate === outputRate
        ? undefined
        : await libsamplerate.create(1, inputRate, outputRate, { converterType: CONVERTER[quality] as 0 });
    return new StreamingResampler(inputRate, outputRate, src);
  }

  /** Resample the next chunk of mono input; returns the output it makes ready (may be empty). */
  push(samples: Float32Array): Float32Array {
    if (this.disposed) throw new Error('StreamingResampler used after flush/dispose');
    this.inputFrames += samples.length;
    if (!this.src) {
      this.outputFrames += samples.length;
      return samples.slice();
    }
    const block = Math.min(MAX_INPUT_BLOCK, Math.floor(WASM_BUFFER_FLOATS / (this.ratio * 1.1)));
    const pieces: Float32Array[] = [];
    for (let at = 0; at < samples.length; at += block) pieces.push(this.src.full(samples.subarray(at, at + block)));
    const out = concatFloat32(pieces);
    this.outputFrames += out.length;
    return out;
  }

  /**
   * End of input: return the rest of the output and free the converter. The total output is exactly
   * round(inputFrames × ratio) samples, the length a one-shot conversion gives.
   */
  flush(): Float32Array {
    if (this.disposed) return new Float32Array(0);
    const expectedTotal = Math.round(this.inputFrames * this.ratio);
    const pieces: Float32Array[] = [];
    let produced = this.outputFrames;
    // libsamplerate (with end_of_input unset, as this glue always calls it) holds back half a filter
    // length; feeding silence pushes the held-back samples out, and we keep only up to the true end.
    // Each step stays under the glue's buffer too: past it, the glue splits the input at fractional
    // offsets and fails with "start offset of Float32Array should be a multiple of 4" (issue 14).
    const flushBlock = Math.max(1, Math.min(FLUSH_BLOCK, Math.floor(WASM_BUFFER_FLOATS / (this.ratio * 1.1))));
    for (let step = 0; this.src && produced < expectedTotal && step < 64 * Math.ceil(FLUSH_BLOCK / flushBlock); step++) {
      const piece = this.src.full(new Float32Array(flushBlock));
      pieces.push(piece.subarray(0, Math.max(0, expectedTotal - produced)));
      produced += piece.length;
    }
    const tail = concatFloat32(pieces);
    this.outputFrames += tail.length;
    this.dispose();
    return tail;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.src?.destroy();
  }

  private get ratio(): number {
    return this.outputRate / this.inputRate;
  }
}

/** One-shot conversion of a whole mono signal (to 16 kHz by default). */
export async function resampleMono(
  samples: Float32Array,
  inputRate: number,
  outputRate: number = ANALYSIS_SAMPLE_RATE,
  quality: ResamplerQuality = 'medium',
): Promise<Float32Array> {
  const resampler = await StreamingResampler.create(inputRate, outputRate, quality);
  const body = resampler.push(samples);
  return concatFloat32([body, resampler.flush()]);
}

export function concatFloat32(pieces: readonly Float32Array[]): Float32Array {
  if (pieces.length === 1) return pieces[0]!;
  let total = 0;
  for (const piece of pieces) total += piece.length;
  const out = new Float32Array(total);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}
