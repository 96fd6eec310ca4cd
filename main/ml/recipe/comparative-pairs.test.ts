// Comparative drills must really differ in the direction their answer states: each pair is cut back
// into its two versions and measured with the prosody engine.
import { hasTool } from '../../prosody/testing/audio-files';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MonoAudio } from '../../../shared/types/audio';
import { decodeAudioFile, encodeWavPcm16 } from '../../audio';
import { analyzeProsody } from '../../prosody';
import { synthesize, syllableTrain } from '../../prosody/testing/signals';
import { pairExcerpt, pairTask, randomPairSpec, writeComparativePair, MAX_EXCERPT_S, PairError, type PairSpec } from './comparative-pairs';

const hasSox = hasTool('sox');

function writeWav(audio: MonoAudio, file: string): void {
  writeFileSync(file, encodeWavPcm16(audio.samples, audio.sampleRate));
}

describe.skipIf(!hasSox)('comparative prosody pairs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pairs-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // A 1.5 s phrase of six syllables with a gently falling contour around 160 Hz.
  const source = path.join(dir, 'phrase.wav');
  writeWav(
    synthesize(
      2,
      syllableTrain(6, 0.2, 0.18, 0.07, (i, t) => 175 - 4 * i - 10 * t),
      0.001,
    ),
    source,
  );

  async function measuredHalves(spec: PairSpec) {
    const file = path.join(dir, `${spec.attribute}-${spec.amount}-${spec.changedPosition}.wav`);
    const layout = writeComparativePair(source, { startS: 0.15, durationS: 1.6 }, spec, file);
    const { audio } = await decodeAudioFile(file);
    const cut = (from: number, to: number) => ({
      sampleRate: audio.sampleRate,
      samples: audio.samples.slice(Math.round(from * audio.sampleRate), Math.round(to * audio.sampleRate)),
    });
    const secondFrom = layout.firstS + layout.pauseS;
    const halves = [cut(0, layout.firstS), cut(secondFrom, secondFrom + layout.secondS)].map((a) => analyzeProsody(a));
    const value = (i: number) =>
      spec.attribute === 'compare-pitch'
        ? halves[i]!.pitch.medianHz
        : spec.attribute === 'compare-speed'
          ? halves[i]!.rate.articulationRateSylPerS
          : halves[i]!.energy.speechRmsDbfs;
    return { first: value(0), second: value(1), layout, answer: pairTask(spec).answer, pitchHz: halves.map((h) => h.pitch.medianHz) };
  }

  it.each<PairSpec>([
    { attribute: 'compare-pitch', amount: 3, changedPosition: 'first' },
    { attribute: 'compare-pitch', amount: -2.5, changedPosition: 'first' },
    { attribute: 'compare-speed', amount: 1.3, changedPosition: 'second' },
    { attribute: 'compare-speed', amount: 0.77, changedPosition: 'second' },
    { attribute: 'compare-loudness', amount: -6, changedPosition: 'first' },
    { attribute: 'compare-loudness', amount: -5, changedPosition: 'second' },
  ])('$attribute by $amount on the $changedPosition version: the answer names the measurably greater one', async (spec) => {
    const { first, second, answer } = await measuredHalves(spec);
    const greater = first > second ? 'first' : 'second';
    expect(answer).toBe(greater);
    if (spec.attribute === 'compare-pitch') expect(Math.abs(12 * Math.log2(first / second))).toBeGreaterThan(Math.abs(spec.amount) * 0.7);
    if (spec.attribute === 'compare-loudness') expect(Math.abs(first - second)).toBeCloseTo(Math.abs(spec.amount), 0);
  });

  it('keeps the pitch of a time-stretched copy and the duration of a pitch-shifted one (no naive resampling)', async () => {
    const stretched = await measuredHalves({ attribute: 'compare-speed', amount: 1.3, changedPosition: 'second' });
    expect(stretched.layout.secondS).toBeCloseTo(stretched.layout.firstS / 1.3, 1);
    const shifted = await measuredHalves({ attribute: 'compare-pitch', amount: 3, changedPosition: 'second' });
    expect(shifted.layout.secondS).toBeCloseTo(shifted.layout.firstS, 2);
    // The stretched version's median pitch stays within half a semitone of the original's.
    expect(Math.abs(12 * Math.log2(stretched.pitchHz[1]! / stretched.pitchHz[0]!))).toBeLessThan(0.5);
  });

  it('draws specs whose changes stay in the audible, natural ranges', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 200; i++) {
      const spec = randomPairSpec(random);
      if (spec.attribute === 'compare-pitch') expect(Math.abs(spec.amount)).toBeGreaterThanOrEqual(2);
      if (spec.attribute === 'compare-speed') expect(spec.amount > 1.2 || spec.amount < 0.81).toBe(true);
      if (spec.attribute === 'compare-loudness') expect(spec.amount).toBeLessThanOrEqual(-4);
    }
  });

  it('cuts an excerpt of at most MAX_EXCERPT_S from the speech span, and refuses a longer one', () => {
    const excerpt = pairExcerpt([{ startS: 1, endS: 4 }], 5);
    expect(excerpt.durationS).toBeLessThanOrEqual(MAX_EXCERPT_S);
    expect(excerpt.startS).toBeGreaterThan(1);
    expect(() =>
      writeComparativePair(
        source,
        { startS: 0, durationS: 3 },
        { attribute: 'compare-pitch', amount: 2, changedPosition: 'first' },
        path.join(dir, 'x.wav'),
      ),
    ).toThrow(PairError);
  });
});
