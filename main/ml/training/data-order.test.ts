import { describe, expect, it } from 'vitest';
import { DataOrder, epochPermutation } from './data-order';

describe('DataOrder', () => {
  it('visits every example exactly once per epoch, with a short last batch', () => {
    const order = new DataOrder(10, 4, 1);
    const batches = [order.nextBatch(), order.nextBatch(), order.nextBatch()];
    expect(batches.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(batches.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order.current).toEqual({ epoch: 0, cursor: 10 });
    order.nextBatch();
    expect(order.current).toEqual({ epoch: 1, cursor: 4 });
  });

  it('shuffles each epoch differently but reproducibly from the seed', () => {
    expect(Array.from(epochPermutation(50, 3, 0))).toEqual(Array.from(epochPermutation(50, 3, 0)));
    expect(Array.from(epochPermutation(50, 3, 0))).not.toEqual(Array.from(epochPermutation(50, 3, 1)));
    expect(Array.from(epochPermutation(50, 3, 0))).not.toEqual(Array.from(epochPermutation(50, 4, 0)));
  });

  it('continues from a saved position with the batches an uninterrupted run would draw', () => {
    const straight = new DataOrder(7, 3, 9);
    const drawn = Array.from({ length: 6 }, () => straight.nextBatch());
    const first = new DataOrder(7, 3, 9);
    first.nextBatch();
    first.nextBatch();
    const resumed = new DataOrder(7, 3, 9, first.current);
    expect(Array.from({ length: 4 }, () => resumed.nextBatch())).toEqual(drawn.slice(2));
  });

  it('rejects an empty dataset and a cursor past its end', () => {
    expect(() => new DataOrder(0, 4, 1)).toThrow(/no examples/);
    expect(() => new DataOrder(5, 4, 1, { epoch: 0, cursor: 9 })).toThrow(/outside/);
  });
});
