// Packs completions into the fixed training shapes of the logprobs and train_grpo graphs (the model
// folder's training.shapes: batch × frames, batch × tokens). A completion of prompt P and generated
// tokens c₀…c_{n−1} becomes the teacher-forcing row input = P ++ c[0..n−2], target = P[1..] ++ c,
// so c_j is the target at position |P| − 1 + j; only those positions carry weight.
import type { ModelManifest } from '../../../../shared/types/model';
import type { ClipFeatures } from '../../features/clip-features';
import { Tensor, type OrtTensor } from '../../backends/onnx';
import type { SpeechBatchShapes } from '../speech-dataset-reader';

/** The SFT reader's batch shapes plus what rollout rows need: the encoder's subsampling and the pad id. */
export interface TrainingShapes extends SpeechBatchShapes {
  subsampling: number;
  pad: number;
}

export function trainingShapes(manifest: ModelManifest): TrainingShapes {
  const { config } = manifest;
  return {
    batch: config.train_batch,
    frames: config.train_frames,
    tokens: config.train_tokens,
    melBins: config.mel_bins,
    prosodyDims: config.prosody_frame_dims,
    utteranceDims: config.utterance_prosody_dims,
    subsampling: config.subsampling,
    pad: manifest.tokenizer.tokenIds.pad,
  };
}

/**
 * The clip as the training graphs see it: cut to the training window (and to a multiple of the
 * encoder's subsampling). Rollouts sample from this same cut, so the sampler's log-probs and the
 * graphs' are of the same input.
 */
export function fitClipToWindow(clip: ClipFeatures, shapes: TrainingShapes): ClipFeatures {
  const frames = Math.floor(Math.min(clip.frames, shapes.frames) / shapes.subsampling) * shapes.subsampling;
  if (frames === 0) throw new RangeError(`a clip of ${clip.frames} frames is shorter than one encoder step (${shapes.subsampling} frames)`);
  if (frames === clip.frames) return clip;
  return {
    frames,
    mel: clip.mel.slice(0, frames * shapes.melBins),
    prosodyFrames: clip.prosodyFrames.slice(0, frames * shapes.prosodyDims),
    frameMask: clip.frameMask.slice(0, frames),
    utteranceProsody: clip.utteranceProsody,
  };
}

/** The most tokens a completion may have for prompt + completion to fit one training row. */
export function maxCompletionTokens(shapes: TrainingShapes, promptLength: number): number {
  return shapes.tokens + 1 - promptLength;
}

/** One completion to score or train on. */
export interface TokenRow {
  clip: ClipFeatures;
  promptIds: readonly number[];
  completionIds: readonly number[];
}

/** Graph inputs of one micro-batch: mel, prosody_frames, frame_mask, utterance_prosody, input_ids, target_ids. */
export interface PackedRows {
  feeds: Record<string, OrtTensor>;
  /** Real rows (the rest repeat row 0 and must get zero weight). */
  rows: number;
}

/** Position in a packed row of completion token j. */
export const completionPosition = (promptLength: number, j: number) => promptLength - 1 + j;

export function packRows(rows: readonly TokenRow[], shapes: TrainingShapes): PackedRows {
  const { batch: B, frames: T, tokens: S, melBins, prosodyDims, utteranceDims } = shapes;
  if (rows.length === 0 || rows.length > B) throw new RangeError(`a micro-batch holds 1..${B} rows, got ${rows.length}`);
  const mel = new Float32Array(B * T * melBins);
  const prosody = new Float32Array(B * T * prosodyDims);
  const mask = new Float32Array(B * T);
  const utterance = new Float32Array(B * utteranceDims);
  const inputIds = new BigInt64Array(B * S).fill(BigInt(shapes.pad));
  const targetIds = new BigInt64Array(B * S).fill(BigInt(shapes.pad));
  // Padding rows repeat row 0: an all-masked clip would put a softmax over nothing (NaN) into the
  // encoder (speech-dataset-reader.ts does the same); their weights stay 0.
  for (let r = 0; r < B; r++) {
    const row = rows[r] ?? rows[0]!;
    const clip = row.clip;
    if (clip.frames > T) throw new RangeError(`clip has ${clip.frames} frames; fit it to the ${T}-frame training window first`);
    mel.set(clip.mel.subarray(0, clip.frames * melBins), r * T * melBins);
    prosody.set(clip.prosodyFrames.subarray(0, clip.frames * prosodyDims), r * T * prosodyDims);
    mask.set(clip.frameMask.subarray(0, clip.frames), r * T);
    utterance.set(clip.utteranceProsody, r * utteranceDims);
    const sequence = [...row.promptIds, ...row.completionIds];
    if (row.promptIds.length === 0) throw new RangeError('a row needs a prompt (at least <bos>)');
    if (sequence.length - 1 > S)
      throw new RangeError(
        `prompt ${row.promptIds.length} + completion ${row.completionIds.length} tokens exceed the ${S}-token training row`,
      );
    for (let t = 0; t < sequence.length - 1; t++) {
      inputIds[r * S + t] = BigInt(sequence[t]!);
      targetIds[r * S + t] = BigInt(sequence[t + 1]!);
    }
  }
  return {
    rows: rows.length,
    feeds: {
      mel: new Tensor('float32', mel, [B, T, melBins]),
      prosody_frames: new Tensor('float32', prosody, [B, T, prosodyDims]),
      frame_mask: new Tensor('float32', mask, [B, T]),
      utterance_prosody: new Tensor('float32', utterance, [B, utteranceDims]),
      input_ids: new Tensor('int64', inputIds, [B, S]),
      target_ids: new Tensor('int64', targetIds, [B, S]),
    },
  };
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
