// The recipe measures every model on the same held-out sample, and logs long loops in twentieths.
import { describe, expect, it } from 'vitest';
import { limitedSample, progressLogger } from './recipe-validation';

describe('the recipe’s measurement helpers', () => {
  const items = Array.from({ length: 100 }, (_, i) => i);

  it('measures on everything without a limit, else on one fixed sample of that size', () => {
    expect(limitedSample(items, 0)).toEqual(items);
    const sample = limitedSample(items, 10);
    expect(sample).toHaveLength(10);
    expect(new Set(sample).size).toBe(10);
    expect(limitedSample(items, 10)).toEqual(sample);
    expect(sample).not.toEqual(items.slice(0, 10));
    expect(items).toEqual(Array.from({ length: 100 }, (_, i) => i)); // the input is left as it was
  });

  it('logs a count every twentieth of its total and at its end', () => {
    const lines: string[] = [];
    const bar = progressLogger((m) => lines.push(m));
    for (let done = 1; done <= 45; done++) bar('input range', done, 45);
    // A twentieth of 45 is 2 (rounded down): every second count, then the last.
    const logged = [...Array.from({ length: 22 }, (_, k) => 2 * (k + 1)), 45];
    expect(lines).toEqual(logged.map((done) => `input range ${done}/45 `));
    lines.length = 0;
    for (let done = 1; done <= 3; done++) bar('clips', done, 3, '(cached)');
    expect(lines).toEqual(['clips 1/3 (cached)', 'clips 2/3 (cached)', 'clips 3/3 (cached)']);
  });
});
