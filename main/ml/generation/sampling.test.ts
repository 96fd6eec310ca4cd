import { softmax } from '../../../shared/util/maths';
import { describe, expect, it } from 'vitest';
import { argmax, seededRandom, selectToken, tokenLogprobAndEntropy, validateSamplingOptions } from './sampling';

const LOGITS = Float32Array.from([0.1, 3.0, 2.5, -1.0, 0.0]);

function histogram(options: Parameters<typeof selectToken>[1], draws = 4000): number[] {
  const random = seededRandom(42);
  const counts = new Array(LOGITS.length).fill(0);
  for (let i = 0; i < draws; i++) counts[selectToken(LOGITS, options, random)]++;
  return counts;
}

describe('token selection', () => {
  it('greedy picks the highest logit', () => {
    expect(selectToken(LOGITS, { strategy: 'greedy' }, Math.random)).toBe(1);
    expect(argmax([-3, -1, -2])).toBe(1);
  });

  it('softmax sums to one and temperature sharpens it', () => {
    expect(softmax(LOGITS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(softmax(LOGITS, 0.5)[1]!).toBeGreaterThan(softmax(LOGITS, 1)[1]!);
  });

  it('sampling follows the softmax frequencies', () => {
    const counts = histogram({ strategy: 'sample' }, 20_000);
    const probs = softmax(LOGITS);
    for (let i = 0; i < LOGITS.length; i++) expect(counts[i]! / 20_000).toBeCloseTo(probs[i]!, 1);
  });

  it('top-k 2 only ever returns the two best tokens', () => {
    const counts = histogram({ strategy: 'sample', topK: 2 });
    expect(counts[0]! + counts[3]! + counts[4]!).toBe(0);
    expect(counts[1]! > 0 && counts[2]! > 0).toBe(true);
  });

  it('top-p keeps the smallest set reaching p', () => {
    // p(1) ≈ 0.56, p(1)+p(2) ≈ 0.90: p = 0.5 keeps only token 1.
    expect(histogram({ strategy: 'sample', topP: 0.5 })[1]).toBe(4000);
  });

  it('the same seed gives the same draws', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it('rejects impossible settings by name', () => {
    expect(validateSamplingOptions({ strategy: 'sample', temperature: 0, topK: -1, topP: 1.5 })).toEqual([
      'temperature must be > 0',
      'topK must be an integer ≥ 0',
      'topP must be in (0, 1]',
    ]);
  });

  it('gives log p of a token and the entropy of the untempered softmax', () => {
    const probs = softmax(LOGITS);
    const { logprob, entropy } = tokenLogprobAndEntropy(LOGITS, 2);
    expect(logprob).toBeCloseTo(Math.log(probs[2]!), 12);
    expect(entropy).toBeCloseTo(-probs.reduce((a, p) => a + p * Math.log(p), 0), 12);
    expect(tokenLogprobAndEntropy([5, 5, 5, 5], 0).entropy).toBeCloseTo(Math.log(4), 12);
  });
});
