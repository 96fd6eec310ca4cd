import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../audio';
import { applyChannelTransform } from '../audio/channel-transforms';
import { analyzeProsody } from './analyze';
import { measureProsody } from './measure';
import { DEFAULT_SEGMENTATION, segmentsFromFrames, speechFrames } from './segmentation';
import { hasTool, readWav16k, scratchDir, SHARED_DATA_DIR, speakToWav } from './testing/audio-files';
import { exactPitchTrack, synthesize, syllableTrain, type VoicedSpan } from './testing/signals';

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

  it('does not count a quiet talker in the pause (22 dB below the speaker) as speech or syllables', () => {
    const speaker = [...syllableTrain(4, 0.3, 0.18, 0.06, () => 140), ...syllableTrain(4, 2.3, 0.18, 0.06, () => 140)];
    // Another voice in the room, at 8 % of the speaker's amplitude, in the middle of the pause.
    const background: VoicedSpan[] = syllableTrain(3, 1.45, 0.16, 0.06, () => 210).map((s) => ({
      ...s,
      amplitude: (t: number) => 0.08 * (s.amplitude?.(t) ?? 1),
    }));
    const spans = [...speaker, ...background];
    const audio = synthesize(3.5, spans, 3e-5);
    const pitch = exactPitchTrack(audio, spans);
    const m = measureProsody(audio, pitch);
    expect(m.syllables).toHaveLength(8);
    expect(m.segmentation.speech).toHaveLength(2);
    expect(m.segmentation.pauses[0]!.startS).toBeLessThan(1.3);
    expect(m.segmentation.pauses[0]!.endS).toBeGreaterThan(2.25);
    // The speaker's own pitch: the other voice's 210 Hz is not in the median or the range's top.
    expect(m.pitch.medianHz).toBeCloseTo(140, 0);
    expect(m.pitch.p95Hz).toBeLessThan(150);
    expect(m.functionals.values[m.functionals.names.indexOf('f0_st_p80')]!).toBeLessThan(12 * Math.log2(150 / 27.5));
    // Without the island test (the level rule alone), the other voice is speech.
    const levelOnly = speechFrames(
      m.frames.rmsDbfs,
      Uint8Array.from(pitch.f0Hz, (f) => (f > 0 ? 1 : 0)),
      0.01,
      {
        ...DEFAULT_SEGMENTATION,
        islandBelowPeakDb: Infinity,
      },
    );
    expect(segmentsFromFrames(levelOnly, 0.01, m.durationS).speech).toHaveLength(3);
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

describe('speech/pause segmentation of real speech with other talkers in the room', () => {
  const ravdess = path.join(SHARED_DATA_DIR, 'ravdess');
  const at = (name: string) => path.join(ravdess, name);
  // Validation actors; the babble is four training actors' clips summed, 20 dB below the speaker.
  const clips = [
    'Actor_17/03-01-05-02-01-01-17.wav',
    'Actor_18/03-01-04-01-02-01-18.wav',
    'Actor_19/03-01-03-02-01-02-19.wav',
    'Actor_20/03-01-02-01-02-02-20.wav',
  ].map(at);
  const others = [
    'Actor_01/03-01-01-01-01-01-01.wav',
    'Actor_02/03-01-03-01-02-01-02.wav',
    'Actor_03/03-01-05-01-01-02-03.wav',
    'Actor_04/03-01-06-02-02-01-04.wav',
  ].map(at);
  const speakingS = (speech: readonly { startS: number; endS: number }[]) => speech.reduce((sum, s) => sum + s.endS - s.startS, 0);

  it.skipIf(![...clips, ...others].every((f) => existsSync(f)) || !hasTool('sox'))(
    'keeps speaking time and syllables near the clean clip under babble at 20 dB SNR, where the level rule alone takes the babble for speech',
    async () => {
      const dir = scratchDir();
      let clean = { time: 0, syllables: 0 };
      let babble = { time: 0, syllables: 0 };
      let levelOnlyTime = 0;
      for (const [i, file] of clips.entries()) {
        const out = path.join(dir, `babble-${i}.wav`);
        await applyChannelTransform(file, { kind: 'babble', snrDb: 20, others, seed: 3 }, out);
        const a = analyzeProsody((await decodeAudioFile(file)).audio);
        const b = analyzeProsody((await decodeAudioFile(out)).audio);
        clean = { time: clean.time + speakingS(a.segmentation.speech), syllables: clean.syllables + a.syllables.length };
        babble = { time: babble.time + speakingS(b.segmentation.speech), syllables: babble.syllables + b.syllables.length };
        const voiced = Uint8Array.from(b.frames.f0Hz, (f) => (f > 0 ? 1 : 0));
        const levelOnly = speechFrames(b.frames.rmsDbfs, voiced, 0.01, { ...DEFAULT_SEGMENTATION, islandBelowPeakDb: Infinity });
        levelOnlyTime += speakingS(segmentsFromFrames(levelOnly, 0.01, b.durationS).speech);
      }
      // Measured: 6.54 s clean, 8.52 s under babble, 12.42 s with the level rule alone; 32 → 37 syllables.
      expect(babble.time / clean.time).toBeLessThan(1.4);
      expect(babble.time - clean.time).toBeLessThan(0.5 * (levelOnlyTime - clean.time));
      expect(babble.syllables).toBeLessThanOrEqual(Math.round(1.25 * clean.syllables));
    },
  );
});
