import { describe, expect, it } from 'vitest';
import { summary } from '../../data/testing/summaries';
import { FUNCTIONAL_DIMS, PROSODY_VECTOR_DIMS, functionalZScores, prosodyVector } from './prosody-vector';

const z = new Float32Array(FUNCTIONAL_DIMS).fill(0.5);

describe("the reward model's prosody vector", () => {
  it('has the fixed length the exported graph takes, the functionals first', () => {
    const v = prosodyVector(summary(), z);
    expect(v.length).toBe(PROSODY_VECTOR_DIMS);
    expect(PROSODY_VECTOR_DIMS).toBe(105);
    expect([...v.slice(0, FUNCTIONAL_DIMS)]).toEqual(new Array(FUNCTIONAL_DIMS).fill(0.5));
  });

  it('one-hot encodes the levels and contour classes, so a changed level changes exactly its slots', () => {
    const high = prosodyVector(summary({ pitch: 'high' }), z);
    const low = prosodyVector(summary({ pitch: 'low' }), z);
    const changed = [...high].map((x, i) => (x !== low[i] ? i : -1)).filter((i) => i >= 0);
    expect(changed).toEqual([FUNCTIONAL_DIMS, FUNCTIONAL_DIMS + 2]);
    expect(high.slice(FUNCTIONAL_DIMS, FUNCTIONAL_DIMS + 9).reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('places stressed syllables and pauses on their 0.25 s timelines', () => {
    const v = prosodyVector(summary(), z);
    const stress = FUNCTIONAL_DIMS + 9 + 11 + 5;
    const pauses = stress + 24;
    // Stressed syllables at 0.62 s (bin 2, strength 0.9) and 2.42 s (bin 9, 0.8); the 1.1 s one is not stressed.
    expect(v[stress + 2]).toBeCloseTo(0.9);
    expect(v[stress + 9]).toBeCloseTo(0.8);
    expect(v[stress + 4]).toBe(0);
    // The pause 1.4–1.9 s covers 40 % of bin 5, all of bin 6, 60 % of bin 7.
    expect(v[pauses + 5]).toBeCloseTo(0.4);
    expect(v[pauses + 6]).toBeCloseTo(1);
    expect(v[pauses + 7]).toBeCloseTo(0.6);
    expect(v[pauses + 8]).toBe(0);
  });

  it('z-scores functionals by name on its own scale, clipping to ±5 and reading undefined as the mean', () => {
    const fields = Array.from({ length: FUNCTIONAL_DIMS }, (_, i) => `f${i}`);
    const scale = { fields, mean: new Array(FUNCTIONAL_DIMS).fill(10), std: new Array(FUNCTIONAL_DIMS).fill(2) };
    const values = fields.map((_, i) => (i === 0 ? 14 : i === 1 ? 1000 : i === 2 ? Number.NaN : 10));
    const out = functionalZScores({ names: [...fields].reverse(), values: [...values].reverse() }, scale);
    expect([...out.slice(0, 4)]).toEqual([2, 5, 0, 0]);
    expect(() => functionalZScores({ names: fields.slice(1), values: values.slice(1) }, scale)).toThrow(/f0/);
    expect(() => prosodyVector(summary(), new Float32Array(3))).toThrow(RangeError);
  });
});
