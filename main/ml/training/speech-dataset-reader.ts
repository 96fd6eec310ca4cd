// Reads speech SFT records ({audio, target, prompt?} per JSONL line) into the fixed training shapes
// of the model-folder contract: mel [B,T,80], prosody_frames [B,T,Fp], frame_mask [B,T],
// utterance_prosody [B,P], input_ids / target_ids [B,S] int64 and target_weights [B,S]. Audio
// decoding and features are injected, so the reader holds only the batching rules and the one
// feature implementation the model uses at inference time stays the one used here.
import { SFT_BATCH_FEEDS } from '../models/architecture';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SpeechSftRecord } from '../../../shared/types/training';
import type { ClipFeatures } from '../features/clip-features';
import type { BatchTensor, DatasetReader, TrainingBatch } from './dataset-reader';
import { TrainingFailure } from './training-failure';
import { describeError } from '../../../shared/errors/coded-error';

/** Model inputs of one clip (main/ml/features/clip-features.ts): mel, prosody frames, mask, utterance vector. */
export type SpeechFeatures = ClipFeatures;

/** Turns an audio file into model inputs (decode + log-mel + prosody tracks). */
export type SpeechFeaturizer = (audioPath: string) => Promise<SpeechFeatures>;

export interface SpeechBatchShapes {
  batch: number;
  frames: number;
  tokens: number;
  melBins: number;
  prosodyDims: number;
  utteranceDims: number;
}

export interface SpeechTokens {
  encode(text: string): number[];
  pad: number;
  bos: number;
  eos: number;
  /** Id of `<answer>`: the token after it is weighted by a record's answerWeight. */
  answerOpen?: number;
}

/** Largest answerWeight a record may ask for (beyond it one token would swamp a batch). */
export const MAX_ANSWER_WEIGHT = 100;

/** The feeds every speech batch provides: train_sft's inputs besides the weights (models/architecture.ts). */
export const SPEECH_FEEDS = SFT_BATCH_FEEDS;

/** Parses a speech JSONL file; audio paths are resolved against the file's folder. */
export function readSpeechRecords(file: string): SpeechSftRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TrainingFailure('dataset_invalid', `cannot read dataset ${file}: ${describeError(error)}`);
  }
  const records: SpeechSftRecord[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new TrainingFailure('dataset_invalid', `${where}: not valid JSON`);
    }
    const r = value as Partial<SpeechSftRecord>;
    if (
      typeof r.audio !== 'string' ||
      r.audio === '' ||
      typeof r.target !== 'string' ||
      r.target === '' ||
      (r.prompt !== undefined && typeof r.prompt !== 'string')
    ) {
      throw new TrainingFailure('dataset_invalid', `${where}: needs "audio" and "target" strings (and an optional "prompt" string)`);
    }
    if (
      r.answerWeight !== undefined &&
      !(typeof r.answerWeight === 'number' && r.answerWeight > 0 && r.answerWeight <= MAX_ANSWER_WEIGHT)
    ) {
      throw new TrainingFailure('dataset_invalid', `${where}: "answerWeight" must be a number in (0, ${MAX_ANSWER_WEIGHT}]`);
    }
    records.push({
      audio: path.resolve(path.dirname(file), r.audio),
      target: r.target,
      ...(r.prompt !== undefined ? { prompt: r.prompt } : {}),
      ...(r.answerWeight !== undefined ? { answerWeight: r.answerWeight } : {}),
    });
  });
  if (records.length === 0) throw new TrainingFailure('dataset_invalid', `dataset ${file} has no examples`);
  return records;
}

/**
 * Teacher-forcing token rows: input = [bos, prompt…, target…], target_ids = the same sequence shifted
 * by one ending in eos, trained (weight 1) only where the next token belongs to the target or is eos;
 * the token after `<answer>` gets the record's answerWeight.
 * Longer sequences are cut at `tokens` (the cut is reported by `truncated`).
 */
export function teacherForcingRow(tokens: SpeechTokens, prompt: string | undefined, target: string, length: number, answerWeight = 1) {
  const promptIds = prompt ? tokens.encode(prompt) : [];
  const targetIds = tokens.encode(target);
  const sequence = [tokens.bos, ...promptIds, ...targetIds, tokens.eos];
  const firstTrained = 1 + promptIds.length; // index in `sequence` of the first token the model must write
  const inputIds = new Array<number>(length).fill(tokens.pad);
  const targetIdsRow = new Array<number>(length).fill(tokens.pad);
  const weights = new Array<number>(length).fill(0);
  for (let t = 0; t < Math.min(length, sequence.length - 1); t++) {
    inputIds[t] = sequence[t]!;
    targetIdsRow[t] = sequence[t + 1]!;
    weights[t] = t + 1 < firstTrained ? 0 : sequence[t] === tokens.answerOpen ? answerWeight : 1;
  }
  return { inputIds, targetIds: targetIdsRow, weights, truncated: sequence.length - 1 > length };
}

export class SpeechDatasetReader implements DatasetReader {
  readonly feedNames = SPEECH_FEEDS;
  private readonly cache = new Map<number, SpeechFeatures>();

  constructor(
    private readonly records: SpeechSftRecord[],
    private readonly shapes: SpeechBatchShapes,
    private readonly tokens: SpeechTokens,
    private readonly featurize: SpeechFeaturizer,
  ) {}

  get size(): number {
    return this.records.length;
  }

  async readBatch(indices: readonly number[]): Promise<TrainingBatch> {
    const { batch: B, frames: T, tokens: S, melBins, prosodyDims, utteranceDims } = this.shapes;
    const f32 = (dims: number[]): BatchTensor => ({ dtype: 'float32', dims, data: new Float32Array(dims.reduce((a, b) => a * b, 1)) });
    const i64 = (dims: number[]): BatchTensor => ({ dtype: 'int64', dims, data: new BigInt64Array(dims.reduce((a, b) => a * b, 1)) });
    const feeds = {
      mel: f32([B, T, melBins]),
      prosody_frames: f32([B, T, prosodyDims]),
      frame_mask: f32([B, T]),
      utterance_prosody: f32([B, utteranceDims]),
      input_ids: i64([B, S]),
      target_ids: i64([B, S]),
      target_weights: f32([B, S]),
    };
    // Padding rows repeat the first example with zero token weights: an all-masked row would put a
    // softmax over nothing (NaN) into the graph, while a repeated row trains nothing and stays finite.
    for (let row = 0; row < B; row++) {
      const index = indices[row] ?? indices[0]!;
      const record = this.records[index]!;
      const features = await this.features(index, record);
      const frames = Math.min(features.frames, T); // longer clips are cut to the training window
      (feeds.mel.data as Float32Array).set(features.mel.subarray(0, frames * melBins), row * T * melBins);
      (feeds.prosody_frames.data as Float32Array).set(features.prosodyFrames.subarray(0, frames * prosodyDims), row * T * prosodyDims);
      (feeds.frame_mask.data as Float32Array).set(features.frameMask.subarray(0, frames), row * T);
      (feeds.utterance_prosody.data as Float32Array).set(features.utteranceProsody, row * utteranceDims);
      const tokens = teacherForcingRow(this.tokens, record.prompt, record.target, S, record.answerWeight);
      for (let t = 0; t < S; t++) {
        (feeds.input_ids.data as BigInt64Array)[row * S + t] = BigInt(tokens.inputIds[t]!);
        (feeds.target_ids.data as BigInt64Array)[row * S + t] = BigInt(tokens.targetIds[t]!);
        (feeds.target_weights.data as Float32Array)[row * S + t] = row < indices.length ? tokens.weights[t]! : 0;
      }
    }
    return { feeds, examples: indices.length };
  }

  sample?: DatasetReader['sample'];

  /** Features of one example (computed once, then cached). */
  featuresOf(index: number): Promise<SpeechFeatures> {
    return this.features(index, this.records[index]!);
  }

  private async features(index: number, record: SpeechSftRecord): Promise<SpeechFeatures> {
    // Features are a pure function of the clip, so each is computed once per job (an epoch re-reads it).
    const cached = this.cache.get(index);
    if (cached) return cached;
    let features: SpeechFeatures;
    try {
      features = await this.featurize(record.audio);
    } catch (error) {
      throw new TrainingFailure('dataset_invalid', `${record.audio}: ${describeError(error)}`);
    }
    const { melBins, prosodyDims, utteranceDims } = this.shapes;
    if (
      features.mel.length !== features.frames * melBins ||
      features.frameMask.length !== features.frames ||
      features.prosodyFrames.length !== features.frames * prosodyDims ||
      features.utteranceProsody.length !== utteranceDims
    ) {
      throw new TrainingFailure(
        'dataset_invalid',
        `${record.audio}: features do not match the model's shapes (${melBins} mel bins, ${prosodyDims} prosody dims, ${utteranceDims} utterance dims)`,
      );
    }
    this.cache.set(index, features);
    return features;
  }
}
