// Which examples make up each batch. The order of an epoch is a seeded permutation, so a job's
// position in the data is fully described by (seed, epoch, cursor): a checkpoint stores those three
// numbers and a resumed run draws exactly the batches the uninterrupted run would have drawn.

import { seededRandom } from '../../../shared/util/random';

/** Where a job is in its data; stored in every checkpoint. */
export interface DataPosition {
  epoch: number;
  /** Index into the epoch's permutation of the next example to draw. */
  cursor: number;
}

/** Fisher–Yates permutation of 0..size-1 for one epoch; each epoch gets its own stream. */
export function epochPermutation(size: number, seed: number, epoch: number): Uint32Array {
  // Mixing the epoch in with a large odd constant keeps epoch streams unrelated for nearby seeds.
  const random = seededRandom((seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0);
  const order = new Uint32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const held = order[i]!;
    order[i] = order[j]!;
    order[j] = held;
  }
  return order;
}

/**
 * Hands out batches of example indices, epoch after epoch. The last batch of an epoch may be short;
 * the dataset reader pads it and masks the padding rows, so no example is dropped or seen twice.
 */
export class DataOrder {
  private permutation: Uint32Array;
  private position: DataPosition;

  constructor(
    private readonly size: number,
    private readonly batchSize: number,
    private readonly seed: number,
    start: DataPosition = { epoch: 0, cursor: 0 },
  ) {
    if (size < 1) throw new RangeError('the dataset has no examples');
    if (start.cursor < 0 || start.cursor > size) throw new RangeError(`data cursor ${start.cursor} is outside 0..${size}`);
    this.position = { ...start };
    this.permutation = epochPermutation(size, seed, start.epoch);
  }

  /** The position of the next batch (what a checkpoint taken now must store). */
  get current(): DataPosition {
    return { ...this.position };
  }

  nextBatch(): number[] {
    if (this.position.cursor >= this.size) {
      this.position = { epoch: this.position.epoch + 1, cursor: 0 };
      this.permutation = epochPermutation(this.size, this.seed, this.position.epoch);
    }
    const end = Math.min(this.position.cursor + this.batchSize, this.size);
    const indices = Array.from(this.permutation.subarray(this.position.cursor, end));
    this.position.cursor = end;
    return indices;
  }
}
