import { describe, expect, it } from 'vitest';
import type { Intonation, ProsodyLevels, SyllableNucleus } from '../../shared/types/prosody';
import { prosodyCaption } from './caption';

const levels: ProsodyLevels = { pitch: 'high', energy: 'high', speed: 'fast', calibration: 'ravdess', mode: 'corpus' };
const intonation: Intonation = {
  pattern: 'level',
  rangeSt: 11,
  rangeClass: 'expressive',
  firstQuarterSt: 0,
  lastQuarterSt: 0,
  turningPoint: null,
  finalMovement: 'falling',
  finalChangeSt: -3,
};
const syllable = (timeS: number, stressed: boolean): SyllableNucleus => ({
  timeS,
  intensityDb: 70,
  f0Hz: 200,
  durationS: 0.2,
  stressStrength: stressed ? 0.9 : 0.4,
  stressed,
});

describe('prosody caption', () => {
  it('describes levels, range, final movement and stressed syllables in one sentence', () => {
    expect(prosodyCaption(levels, intonation, [syllable(0.42, true), syllable(0.8, false), syllable(1.31, true)], 'female')).toBe(
      'A female speaker with high, expressive pitch falling at the end, loud energy and fast speech; stress on the syllables at 0.42 s and 1.31 s.',
    );
  });

  it('counts the stressed syllables of a long recording instead of listing every one', () => {
    const many = Array.from({ length: 174 }, (_, i) => syllable(1.07 + i * 3.4, true));
    const caption = prosodyCaption(levels, intonation, many, 'female');
    expect(caption).toMatch(/; stress on 174 syllables \(marked on the charts\), the first at 1\.07 s, 4\.47 s and 7\.87 s\.$/);
    expect(caption.length).toBeLessThan(200);
  });

  it('leaves gender out when unknown and names the overall pattern', () => {
    const caption = prosodyCaption(
      { ...levels, pitch: 'low', energy: 'low', speed: 'slow' },
      { ...intonation, pattern: 'rise-fall', rangeClass: 'normal', finalMovement: 'level' },
      [],
      null,
    );
    expect(caption).toBe('A speaker with low pitch rising then falling overall, soft energy and slow speech.');
  });
});
