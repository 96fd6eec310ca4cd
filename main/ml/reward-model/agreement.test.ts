import { describe, expect, it } from 'vitest';
import { agreement, ranks, spearman } from './agreement';

const s = (v: number) => ({ factualAlignment: v, interpretativeQuality: v, captionCompleteness: v, fluencyStructure: v });

describe('reward-model agreement', () => {
  it('ranks ties by their mean rank', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  it('gives Spearman ρ 1 for any increasing map, −1 reversed, NaN for a constant side', () => {
    expect(spearman([1, 2, 3, 4], [1, 4, 9, 100])).toBeCloseTo(1, 10);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 10);
    expect(spearman([1, 2, 3], [2, 2, 2])).toBeNaN();
    // Known value with ties (scipy.stats.spearmanr([1,2,2,3],[1,3,2,4]) = 0.9486832980505138).
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505138, 10);
  });

  it('counts exact and ±1 agreement on rounded scores', () => {
    const a = agreement([s(4.6), s(3.2), s(1.4)], [s(5), s(5), s(1)]);
    expect(a.factualAlignment.exact).toBeCloseTo(2 / 3);
    expect(a.factualAlignment.withinOne).toBeCloseTo(2 / 3);
    expect(a.factualAlignment.mae).toBeCloseTo((0.4 + 1.8 + 0.4) / 3);
    expect(() => agreement([], [])).toThrow(RangeError);
  });
});
