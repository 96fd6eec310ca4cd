import { describe, expect, it } from 'vitest';
import type { Explanation } from '../types/analysis-view';
import { shownLabel } from './shown-label';

const base = { label: 'sad', probabilities: { sad: 0.6, angry: 0.4 }, wellFormed: true, testModel: false } as unknown as Explanation;

describe('shownLabel', () => {
  it('shows a well-formed label of a real model with its probability', () => {
    expect(shownLabel(base)).toEqual({ kind: 'label', label: 'sad', probability: 0.6 });
  });

  it('shows no label for a test model, a malformed generation, an input it cannot judge or an empty label', () => {
    expect(shownLabel({ ...base, testModel: true })).toEqual({ kind: 'none', why: 'test-model' });
    expect(shownLabel({ ...base, wellFormed: false })).toEqual({ kind: 'none', why: 'malformed' });
    const noise = { judgeable: false, outOfRange: true, reasons: [] } as unknown as Explanation['inputQuality'];
    expect(shownLabel({ ...base, inputQuality: noise })).toEqual({ kind: 'none', why: 'cannot-judge' });
    expect(shownLabel({ ...base, label: '' })).toEqual({ kind: 'none', why: 'no-label' });
  });
});
