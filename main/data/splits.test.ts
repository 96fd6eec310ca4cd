import { describe, expect, it } from 'vitest';
import { assignSpeakerSplits } from './splits';

const speakers = Array.from({ length: 20 }, (_, i) => `ravdess_${String(i + 1).padStart(2, '0')}`);

describe('speaker-independent splits', () => {
  it('puts RAVDESS actors 17–20 in validation when listed by number', () => {
    const splits = assignSpeakerSplits(speakers, { validationSpeakers: ['17', '18', '19', '20'] });
    expect(speakers.filter((s) => splits.get(s) === 'validation')).toEqual(['ravdess_17', 'ravdess_18', 'ravdess_19', 'ravdess_20']);
    expect(speakers.filter((s) => splits.get(s) === 'train')).toHaveLength(16);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const a = assignSpeakerSplits(speakers, { seed: 7 });
    expect([...assignSpeakerSplits([...speakers].reverse(), { seed: 7 })].sort()).toEqual([...a].sort());
    const val = (m: Map<string, string>) =>
      [...m]
        .filter(([, s]) => s === 'validation')
        .map(([k]) => k)
        .sort();
    expect(val(a)).toHaveLength(4);
    expect(val(assignSpeakerSplits(speakers, { seed: 8 }))).not.toEqual(val(a));
  });

  it('rejects a listed speaker that is not in the data', () => {
    expect(() => assignSpeakerSplits(speakers, { validationSpeakers: ['42'] })).toThrowError(/not in the dataset/);
  });
});
