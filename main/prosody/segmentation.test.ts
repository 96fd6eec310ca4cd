import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProsody } from './analyze';
import { measureProsody } from './measure';
import { hasTool, readWav16k, scratchDir, speakToWav } from './testing/audio-files';
import { exactPitchTrack, synthesize, syllableTrain } from './testing/signals';

/** First and last sample (s) above 1 % of the peak: where the phrase's sound really starts and ends. */
function soundEdges(samples: Float32Array, sampleRate: number): [number, number] {
  const peak = samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const first = samples.findIndex((v) => Math.abs(v) > 0.01 * peak);
  const last = samples.findLastIndex((v) => Math.abs(v) > 0.01 * peak);
  return [first / sampleRate, last / sampleRate];
}

describe('speech/pause segmentation', () => {
  it('finds pauses inserted into a syllable train at their exact times within 30 ms', () => {
    const spans = [
      ...syllableTrain(4, 0.3, 0.18, 0.06, () => 140),
      ...syllableTrain(4, 1.5, 0.18, 0.06, () => 140),
      ...syllableTrain(3, 2.75, 0.18, 0.06, () => 140),
    ];
    const audio = synthesize(3.7, spans, 3e-4);
    const { segmentation } = measureProsody(audio, exactPitchTrack(audio, spans));
    expect(segmentation.pauses).toHaveLength(2);
    const expected = [
      [0.3 + 4 * 0.24 - 0.06, 1.5],
      [1.5 + 4 * 0.24 - 0.06, 2.75],
    ];
    segmentation.pauses.forEach((pause, k) => {
      expect(Math.abs(pause.startS - expected[k]![0]!)).toBeLessThan(0.03);
      expect(Math.abs(pause.endS - expected[k]![1]!)).toBeLessThan(0.03);
    });
  });

  it.skipIf(!hasTool('espeak-ng') || !hasTool('sox'))(
    'finds a 0.5 s pause inserted with sox between two spoken phrases within 30 ms',
    async () => {
      const dir = scratchDir();
      const first = speakToWav('Dogs are sitting by the door', 160, dir, 'first');
      const second = speakToWav('and the kids are talking', 160, dir, 'second');
      const joined = path.join(dir, 'joined.wav');
      // Pad the second phrase with 0.5 s of silence in front, then concatenate: the pause is known exactly.
      const padded = path.join(dir, 'padded.wav');
      execFileSync('sox', [second, padded, 'pad', '0.5', '0']);
      execFileSync('sox', [first, padded, joined]);
      const firstAudio = await readWav16k(first);
      const secondAudio = await readWav16k(second);
      const [, firstEnd] = soundEdges(firstAudio.samples, 16000);
      const [secondStart] = soundEdges(secondAudio.samples, 16000);
      const firstDuration = firstAudio.samples.length / 16000;
      const analysis = analyzeProsody(await readWav16k(joined));
      const inserted = analysis.segmentation.pauses.find((p) => p.startS < firstDuration + 0.25 && p.endS > firstDuration + 0.25);
      expect(inserted).toBeDefined();
      expect(Math.abs(inserted!.startS - firstEnd)).toBeLessThan(0.03);
      expect(Math.abs(inserted!.endS - (firstDuration + 0.5 + secondStart))).toBeLessThan(0.03);
      expect(analysis.rate.pauseCount).toBeGreaterThanOrEqual(1);
      expect(analysis.rate.totalPauseS).toBeGreaterThan(0.45);
    },
  );
});
