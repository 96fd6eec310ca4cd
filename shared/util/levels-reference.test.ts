import { describe, expect, it } from 'vitest';
import { corpusTableName, levelsReference } from './levels-reference';

describe('what the levels are relative to, in words', () => {
  it('names the training corpora plainly when there is no calibration', () => {
    expect(corpusTableName('ravdess+nemo')).toBe('RAVDESS + nEMO');
    expect(levelsReference(null, { calibration: 'ravdess+nemo', mode: 'corpus' })).toBe(
      'Levels relative to the training corpora (RAVDESS + nEMO), not to your own recordings',
    );
  });

  it('names the user calibration and its size, and a speaker baseline when the levels use one', () => {
    expect(levelsReference({ id: 'c', name: 'Clinic room', clips: 12 }, { calibration: 'Clinic room', mode: 'corpus' })).toBe(
      'Levels relative to: Clinic room (12 recordings)',
    );
    expect(levelsReference({ id: 'c', name: 'Ward 3', clips: 1 }, { calibration: 'Ward 3', mode: 'speaker' })).toBe(
      'Levels relative to: Ward 3 (1 recording, re-centred on the speaker baseline)',
    );
  });
});
