// A training job pulls fixed-shape batches from a DatasetReader. Shapes are fixed by the training
// graph (model-folder contract: "training shapes are fixed, pad + masks"), so a reader always returns
// `batchSize` rows and marks padding rows through a mask feed.
import { readFileSync } from 'node:fs';
import type { TensorFeedSpec } from '../../../shared/types/training';
import { TrainingFailure } from './training-failure';
import { describeError } from '../../../shared/errors/coded-error';

/** One batched graph input. */
export interface BatchTensor {
  dtype: 'float32' | 'int64';
  dims: number[];
  data: Float32Array | BigInt64Array;
}

/** A batch ready to feed: graph input name → tensor, plus how many rows are real examples. */
export interface TrainingBatch {
  feeds: Record<string, BatchTensor>;
  examples: number;
}

/** Source of training batches; `readBatch` gets example indices from the job's DataOrder. */
export interface DatasetReader {
  /** Number of examples. */
  readonly size: number;
  /** The graph inputs every batch provides. */
  readonly feedNames: readonly string[];
  readBatch(indices: readonly number[]): Promise<TrainingBatch>;
  /**
   * Optional: what a model with these parameters (by manifest name) writes for one example, beside
   * the reference, for the dashboard's 'sample' messages. Readers of non-generative data omit it.
   */
  sample?(parameters: ReadonlyMap<string, Float32Array>): Promise<{ output: string; reference: string }>;
}

/** A zero-filled batch tensor for `batchSize` rows of one feed. */
export function allocateFeed(spec: TensorFeedSpec, batchSize: number): BatchTensor {
  const elements = batchSize * spec.exampleShape.reduce((a, b) => a * b, 1);
  return {
    dtype: spec.dtype,
    dims: [batchSize, ...spec.exampleShape],
    data: spec.dtype === 'int64' ? new BigInt64Array(elements) : new Float32Array(elements),
  };
}

/**
 * Reads pre-computed example tensors from a JSONL file: each line maps every feed name to a flat
 * number array of the feed's example size. The whole file is parsed and checked up front, so a bad
 * line fails the job at start with its line number rather than hours into training.
 */
export class TensorJsonlReader implements DatasetReader {
  readonly feedNames: readonly string[];
  private readonly rows: Record<string, number[]>[];

  constructor(
    file: string,
    private readonly feeds: TensorFeedSpec[],
    private readonly rowMaskFeed: string,
    private readonly batchSize: number,
  ) {
    this.feedNames = [...feeds.map((f) => f.name), rowMaskFeed];
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new TrainingFailure('dataset_invalid', `cannot read dataset ${file}: ${describeError(error)}`);
    }
    this.rows = [];
    text.split('\n').forEach((line, index) => {
      if (line.trim() === '') return;
      this.rows.push(parseRow(line, feeds, `${file}:${index + 1}`));
    });
    if (this.rows.length === 0) throw new TrainingFailure('dataset_invalid', `dataset ${file} has no examples`);
  }

  get size(): number {
    return this.rows.length;
  }

  async readBatch(indices: readonly number[]): Promise<TrainingBatch> {
    const feeds: Record<string, BatchTensor> = {};
    for (const spec of this.feeds) {
      const tensor = allocateFeed(spec, this.batchSize);
      const rowSize = tensor.data.length / this.batchSize;
      indices.forEach((exampleIndex, row) => {
        const values = this.rows[exampleIndex]![spec.name]!;
        if (tensor.data instanceof BigInt64Array) values.forEach((v, i) => ((tensor.data as BigInt64Array)[row * rowSize + i] = BigInt(v)));
        else tensor.data.set(values, row * rowSize);
      });
      feeds[spec.name] = tensor;
    }
    const mask = new Float32Array(this.batchSize);
    mask.fill(1, 0, indices.length);
    feeds[this.rowMaskFeed] = { dtype: 'float32', dims: [this.batchSize], data: mask };
    return { feeds, examples: indices.length };
  }
}

function parseRow(line: string, feeds: TensorFeedSpec[], where: string): Record<string, number[]> {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    throw new TrainingFailure('dataset_invalid', `${where}: not valid JSON`);
  }
  if (typeof record !== 'object' || record === null) throw new TrainingFailure('dataset_invalid', `${where}: not a JSON object`);
  const row: Record<string, number[]> = {};
  for (const spec of feeds) {
    const values = (record as Record<string, unknown>)[spec.name];
    const expected = spec.exampleShape.reduce((a, b) => a * b, 1);
    if (!Array.isArray(values) || values.length !== expected || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new TrainingFailure('dataset_invalid', `${where}: "${spec.name}" must be ${expected} finite numbers`);
    }
    if (spec.dtype === 'int64' && !values.every((v) => Number.isInteger(v))) {
      throw new TrainingFailure('dataset_invalid', `${where}: "${spec.name}" must hold integers`);
    }
    row[spec.name] = values as number[];
  }
  return row;
}
