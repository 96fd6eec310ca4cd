// Stage-2 augmentation must change recording conditions but not the prosody the trace describes:
// the copy's pitch stays within half a semitone and its duration within the drawn tempo change.
import { hasTool } from '../../prosody/testing/audio-files';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudioFile, encodeWavPcm16 } from '../../audio';
import { analyzeProsody } from '../../prosody';
import { synthesize, syllableTrain } from '../../prosody/testing/signals';
import { augmentClip, randomAugmentation } from './augment';
import { seededRandom } from './stage-datasets';

const hasSox = hasTool('sox');

describe.skipIf(!hasSox)('augmented training copies', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'augment-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = path.join(dir, 'phrase.wav');
  const original = synthesize(
    2,
    syllableTrain(6, 0.2, 0.18, 0.07, (i, t) => 170 - 3 * i - 8 * t),
    0.001,
  );
  writeFileSync(source, encodeWavPcm16(original.samples, 16000));

  it('keep pitch within half a semitone and length within the drawn tempo, and add the stated noise', async () => {
    const random = seededRandom(9);
    const before = analyzeProsody(original);
    for (let i = 0; i < 3; i++) {
      const a = randomAugmentation(random);
      const out = path.join(dir, `copy-${i}.wav`);
      await augmentClip(source, a, out);
      const { audio } = await decodeAudioFile(out);
      const after = analyzeProsody(audio);
      expect(Math.abs(12 * Math.log2(after.pitch.medianHz / before.pitch.medianHz))).toBeLessThan(0.75);
      expect(audio.samples.length / original.samples.length).toBeCloseTo(1 / a.tempo, 1);
      expect(after.energy.speechRmsDbfs - before.energy.speechRmsDbfs).toBeCloseTo(a.gainDb, 0);
    }
  });

  it('draw small changes only', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 100; i++) {
      const a = randomAugmentation(random);
      expect(Math.abs(a.pitchSemitones)).toBeLessThanOrEqual(0.5);
      expect(a.tempo).toBeGreaterThanOrEqual(0.94);
      expect(a.tempo).toBeLessThanOrEqual(1.06);
      expect(a.snrDb).toBeGreaterThanOrEqual(30);
    }
  });
});
