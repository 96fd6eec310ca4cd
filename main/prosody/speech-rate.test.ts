import { describe, expect, it } from 'vitest';
import { analyzeProsody } from './analyze';
import { hasTool, readWav16k, scratchDir, speakToWav } from './testing/audio-files';

// 16 syllables: the(1) quick(1) brown(1) fox(1) jumps(1) o-ver(2) the(1) la-zy(2) dog(1) near(1) the(1) ri-ver(2) bank(1).
const SENTENCE = 'The quick brown fox jumps over the lazy dog near the river bank.';
const SENTENCE_SYLLABLES = 16;

describe.skipIf(!hasTool('espeak-ng') || !hasTool('sox'))('speaking rate on espeak-ng speech', () => {
  it('counts syllables near the text and finds a faster rate at -s 220 than at -s 120', async () => {
    const dir = scratchDir();
    const slow = analyzeProsody(await readWav16k(speakToWav(SENTENCE, 120, dir, 'slow')));
    const fast = analyzeProsody(await readWav16k(speakToWav(SENTENCE, 220, dir, 'fast')));
    for (const analysis of [slow, fast]) {
      expect(Math.abs(analysis.rate.syllableCount - SENTENCE_SYLLABLES)).toBeLessThanOrEqual(3);
    }
    expect(fast.rate.articulationRateSylPerS).toBeGreaterThan(1.4 * slow.rate.articulationRateSylPerS);
    expect(fast.rate.speechRateSylPerS).toBeGreaterThan(1.4 * slow.rate.speechRateSylPerS);
    expect(fast.levels.speed === 'fast' || fast.levels.speed === 'normal').toBe(true);
    expect(slow.levels.speed).not.toBe('fast');
  });
});
