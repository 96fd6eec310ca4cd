// A calm speaker after an angry one, as in a clinic recording with two voices: RAVDESS clips of one
// actor joined (three angry, strong intensity, then three calm, normal intensity; 0.5 s of silence
// between). The whole-recording analysis measures the calm turns against the angry ones' loudness;
// measured per utterance, they keep their own speech and syllables.
import path from 'node:path';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MonoAudio } from '../../../shared/types/audio';
import type { ProsodyAnalysis } from '../../../shared/types/prosody';
import { decodeAudioFile } from '../../audio';
import { analyzeProsody } from '../../prosody';
import { analyzeRecordingProsody } from './recording-segmentation';

const RAVDESS = path.resolve(import.meta.dirname, '../../../../shared/data/ravdess/Actor_01');
const ANGRY = ['03-01-05-02-01-01-01.wav', '03-01-05-02-02-01-01.wav', '03-01-05-02-01-02-01.wav'];
const CALM = ['03-01-02-01-01-01-01.wav', '03-01-02-01-02-01-01.wav', '03-01-02-01-01-02-01.wav'];
const GAP_S = 0.5;

async function joined(files: string[]): Promise<{ audio: MonoAudio; spans: [number, number][] }> {
  const clips = await Promise.all(files.map(async (f) => (await decodeAudioFile(path.join(RAVDESS, f))).audio));
  const rate = clips[0]!.sampleRate;
  const gap = Math.round(GAP_S * rate);
  const samples = new Float32Array(clips.reduce((n, c) => n + c.samples.length + gap, 0));
  const spans: [number, number][] = [];
  let at = 0;
  for (const c of clips) {
    samples.set(c.samples, at);
    spans.push([at / rate, (at + c.samples.length) / rate]);
    at += c.samples.length + gap;
  }
  return { audio: { samples, sampleRate: rate }, spans };
}

const syllablesIn = (p: ProsodyAnalysis, [from, to]: [number, number]) => p.syllables.filter((s) => s.timeS >= from && s.timeS < to).length;
const speechIn = (p: ProsodyAnalysis, [from, to]: [number, number]) =>
  p.segmentation.speech.reduce((sum, s) => sum + Math.max(0, Math.min(to, s.endS) - Math.max(from, s.startS)), 0);

const voicedIn = (p: ProsodyAnalysis, [from, to]: [number, number]) => {
  let n = 0;
  for (let i = Math.round(from / p.frames.frameStepS); i < Math.round(to / p.frames.frameStepS); i++) if (p.frames.f0Hz[i]! > 0) n++;
  return n;
};
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const decode = async (f: string) => (await decodeAudioFile(path.join(RAVDESS, f))).audio;

describe.skipIf(!existsSync(RAVDESS))('a long recording measured turn by turn', () => {
  it('gives a calm turn after angry ones its pitch, speech and syllables, as the turn alone has them', async () => {
    const { audio, spans } = await joined([...ANGRY, ...CALM]);
    expect(audio.samples.length / audio.sampleRate).toBeGreaterThan(15);
    const whole = analyzeProsody(audio);
    const byTurn = analyzeRecordingProsody(audio);
    const calmSpans = spans.slice(ANGRY.length);
    const calmAlone = await Promise.all(CALM.map(async (f) => analyzeProsody(await decode(f))));
    // The failure it mends: measured over the whole recording, the calm turns have no pitch and no syllables.
    expect(sum(calmSpans.map((s) => voicedIn(whole, s)))).toBe(0);
    expect(sum(calmSpans.map((s) => syllablesIn(whole, s)))).toBe(0);
    // Turn by turn, each calm turn has what the clip alone has (within a few frames / one syllable).
    calmSpans.forEach((span, k) => {
      const alone = calmAlone[k]!;
      expect(Math.abs(voicedIn(byTurn, span) - alone.frames.f0Hz.filter((f) => f > 0).length)).toBeLessThanOrEqual(10);
      expect(Math.abs(syllablesIn(byTurn, span) - alone.syllables.length)).toBeLessThanOrEqual(1);
      const aloneSpeech = sum(alone.segmentation.speech.map((s) => s.endS - s.startS));
      expect(Math.abs(speechIn(byTurn, span) - aloneSpeech)).toBeLessThan(0.1);
    });
    // The angry turns keep theirs, and the silence between turns is pause.
    spans.slice(0, ANGRY.length).forEach((span) => {
      expect(Math.abs(syllablesIn(byTurn, span) - syllablesIn(whole, span))).toBeLessThanOrEqual(1);
      expect(Math.abs(speechIn(byTurn, span) - speechIn(whole, span))).toBeLessThan(0.1);
    });
    const between: [number, number] = [spans[3]![1], spans[4]![0]];
    expect(byTurn.segmentation.pauses.some((p) => p.startS <= between[0] + 0.05 && p.endS >= between[1] - 0.05)).toBe(true);
    expect(byTurn.rate.syllableCount).toBe(byTurn.syllables.length);
  }, 60_000);

  it('measures a recording of one utterance’s length exactly as analyzeProsody does', async () => {
    const audio = await decode(CALM[0]!);
    expect(analyzeRecordingProsody(audio)).toEqual({ ...analyzeProsody(audio), analysisMs: expect.any(Number) });
  });
});
