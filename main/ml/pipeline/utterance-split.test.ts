import { describe, expect, it } from 'vitest';
import { DEFAULT_UTTERANCE_SPLIT, splitIntoUtterances } from './utterance-split';

const span = (startS: number, endS: number) => ({ startS, endS });

describe('splitIntoUtterances', () => {
  it('keeps utterances of a few seconds apart at their pauses, padded into the silence', () => {
    const utterances = splitIntoUtterances([span(1, 4.5), span(6, 9.8), span(12, 15.5)], 17);
    expect(utterances).toEqual([span(0.85, 4.65), span(5.85, 9.95), span(11.85, 15.65)]);
  });

  it('merges short stretches separated by short pauses until an utterance is minS long', () => {
    const utterances = splitIntoUtterances([span(0, 0.8), span(1, 1.9), span(2.2, 3.4), span(3.6, 7)], 8);
    expect(utterances.map((u) => [u.startS, u.endS])).toEqual([
      [0, 3.5],
      [3.5, 7.15],
    ]);
  });

  it('does not merge across a long silence: that ends a turn', () => {
    const utterances = splitIntoUtterances([span(0, 1), span(5, 6)], 7);
    expect(utterances).toHaveLength(2);
  });

  it('cuts a stretch without pauses into equal pieces no longer than maxS, padding included', () => {
    const utterances = splitIntoUtterances([span(0, 70)], 70);
    expect(utterances).toHaveLength(3);
    for (const u of utterances) expect(u.endS - u.startS).toBeLessThanOrEqual(DEFAULT_UTTERANCE_SPLIT.maxS);
    expect(utterances[0]!.startS).toBe(0);
    expect(utterances.at(-1)!.endS).toBe(70);
  });

  it('never overlaps neighbours and stays inside the recording', () => {
    const speech = Array.from({ length: 40 }, (_, k) => span(k * 2.1, k * 2.1 + 1.95));
    const utterances = splitIntoUtterances(speech, 84);
    for (let k = 1; k < utterances.length; k++) expect(utterances[k]!.startS).toBeGreaterThanOrEqual(utterances[k - 1]!.endS);
    expect(utterances[0]!.startS).toBeGreaterThanOrEqual(0);
    expect(utterances.at(-1)!.endS).toBeLessThanOrEqual(84);
    // Short stretches merged in pairs.
    expect(utterances).toHaveLength(20); // pairs of 1.95 s stretches: each at least minS
  });

  it('gives no utterances for a recording without speech, and rejects impossible options', () => {
    expect(splitIntoUtterances([], 10)).toEqual([]);
    expect(() => splitIntoUtterances([span(0, 1)], 1, { ...DEFAULT_UTTERANCE_SPLIT, minS: 40 })).toThrow(RangeError);
  });
});
