// The EmotionReasoner architecture as its ONNX graphs see it (tools/model/ exports them): what the
// encoder and the training graphs are fed, and how the decoder's KV cache is named and shaped.
// Generation, evaluation and training feed the graphs through these names only, so a change to the
// graphs' interface is made here and nowhere else (transformers.js keeps the same in modeling_<arch>).
import type { ModelConfig } from '../../../shared/types/model';
import { Tensor, type OrtTensor } from '../backends/onnx';
import type { ClipFeatures } from '../features/clip-features';

/** What a graph run returns, by output name. */
export type GraphOutputs = Readonly<Record<string, OrtTensor>>;

/** One clip's inputs to the encoder (and the first four inputs of every training graph). */
export const CLIP_FEEDS = ['mel', 'prosody_frames', 'frame_mask', 'utterance_prosody'] as const;
/** The clip plus a teacher-forced token row: what the log-prob graph reads. */
export const TEACHER_FORCING_FEEDS = [...CLIP_FEEDS, 'input_ids', 'target_ids'] as const;
/** What train_sft reads per batch: teacher forcing plus each target token's weight. */
export const SFT_BATCH_FEEDS = [...TEACHER_FORCING_FEEDS, 'target_weights'] as const;
/** What train_grpo reads per batch besides the SFT feeds (its clip ε feeds depend on the export). */
export const GRPO_EXTRA_FEEDS = ['advantages', 'old_logprobs', 'ref_logprobs', 'beta'] as const;

/** Why a clip cannot go through the encoder (frames not a positive multiple of the subsampling, or too many); null when it can. */
export function encoderFramesProblem(config: ModelConfig, frames: number): string | null {
  if (frames > 0 && frames % config.subsampling === 0 && frames <= config.max_frames) return null;
  return `clip has ${frames} frames; the encoder needs a positive multiple of ${config.subsampling} up to ${config.max_frames}`;
}

/** The encoder's feeds for one clip (a batch of one). */
export function encoderFeeds(config: ModelConfig, clip: ClipFeatures): Record<(typeof CLIP_FEEDS)[number], OrtTensor> {
  const t = clip.frames;
  return {
    mel: new Tensor('float32', clip.mel, [1, t, config.mel_bins]),
    prosody_frames: new Tensor('float32', clip.prosodyFrames, [1, t, config.prosody_frame_dims]),
    frame_mask: new Tensor('float32', clip.frameMask, [1, t]),
    utterance_prosody: new Tensor('float32', clip.utteranceProsody, [1, config.utterance_prosody_dims]),
  };
}

/**
 * The decoder's cache after the encoder ran on one clip, for `copies` sequences: the cross-attention
 * keys and values (fixed for the clip) and an empty self-attention cache per layer.
 */
export interface DecoderCache {
  encoderMask: OrtTensor;
  cross: Record<string, OrtTensor>;
  past: Record<string, OrtTensor>;
}

export function decoderCache(config: ModelConfig, encoderOutputs: GraphOutputs, copies: number): DecoderCache {
  const repeat = (tensor: OrtTensor) => {
    if (copies === 1) return tensor;
    const data = tensor.data as Float32Array;
    const copy = new Float32Array(data.length * copies);
    for (let i = 0; i < copies; i++) copy.set(data, i * data.length);
    return new Tensor('float32', copy, [copies, ...tensor.dims.slice(1)]);
  };
  const cross: Record<string, OrtTensor> = {};
  const past: Record<string, OrtTensor> = {};
  const dh = config.d_model / config.heads;
  for (let i = 0; i < config.decoder_layers; i++) {
    for (const kv of ['key', 'value']) {
      cross[`past_key_values.${i}.encoder.${kv}`] = repeat(encoderOutputs[`present.${i}.encoder.${kv}`]!);
      past[`past_key_values.${i}.decoder.${kv}`] = new Tensor('float32', new Float32Array(0), [copies, config.heads, 0, dh]);
    }
  }
  return { encoderMask: repeat(encoderOutputs.encoder_mask!), cross, past };
}

/** The decoder's feeds for `ids` ([batch][tokens]) after the cache. */
export function decoderFeeds(cache: DecoderCache, ids: readonly number[][]): Record<string, OrtTensor> {
  const flat = BigInt64Array.from(ids.flat(), (id) => BigInt(id));
  return {
    input_ids: new Tensor('int64', flat, [ids.length, ids[0]!.length]),
    encoder_mask: cache.encoderMask,
    ...cache.past,
    ...cache.cross,
  };
}

/** Moves the decoder's `present.*` self-attention outputs into the cache for the next call. */
export function advanceCache(cache: DecoderCache, decoderOutputs: GraphOutputs): void {
  for (const name of Object.keys(cache.past)) cache.past[name] = decoderOutputs[name.replace('past_key_values', 'present')]!;
}

/** Each row's logits at position `position` of a decoder output ([batch, tokens, vocab]). */
export function logitsAt(decoderOutputs: GraphOutputs, position: number): Float32Array[] {
  const logits = decoderOutputs.logits!;
  const [batch, width, vocab] = logits.dims as [number, number, number];
  const data = logits.data as Float32Array;
  const at = position < 0 ? width + position : position;
  return Array.from({ length: batch }, (_, b) => data.subarray((b * width + at) * vocab, (b * width + at + 1) * vocab));
}
