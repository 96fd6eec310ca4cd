// The emotion timeline through the real pipeline (issue 15): a recording of six real utterances from
// validation speakers, joined by room-like silence, explained with the shipped default model (real
// ONNX sessions). The split must find the utterances, each utterance's answer must be the pipeline's
// answer on that stretch alone, claims must point inside their utterance, and the recording's answer
// must be drawn from the judged utterances.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeProsody } from '../../prosody';
import { loadModel, type LoadedModel } from '../models/model-sessions';
import { analyzeClip } from './analyze-clip';
import { onRecordingTime } from './recording-time';
import { explainRecording } from './explain-recording';
import { joinClips, validationUtterances, type LongRecording } from './testing/long-recording';
import { isJudged } from './timeline-summary';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const RAVDESS = path.resolve(ROOT, '../shared/data/ravdess');
const FILES = validationUtterances(RAVDESS, 6);

describe.skipIf(!FILES.every(existsSync))('explainRecording on a recording of six real utterances', () => {
  let model: LoadedModel;
  let recording: LongRecording;
  const fast = { retries: 0 } as const;

  beforeAll(async () => {
    model = await loadModel(path.join(ROOT, 'resources/models/default'));
    recording = await joinClips(FILES);
  });
  afterAll(async () => model?.release());

  it('explains each utterance on its own and draws the recording’s answer from them', async () => {
    const prosody = analyzeProsody(recording.audio);
    const started: number[] = [];
    const timeline = await explainRecording(
      { audio: recording.audio, prosody, name: 'six utterances' },
      { model, ...fast, onSegment: (s) => started.push(s.index) },
    );
    // One utterance per joined clip, each inside its clip (the padding stays in the silence).
    expect(timeline.segments).toHaveLength(FILES.length);
    expect(started).toEqual(FILES.map((_, i) => i));
    timeline.segments.forEach((segment, i) => {
      const clip = recording.clips[i]!;
      expect(segment.startS).toBeGreaterThanOrEqual(clip.startS - 0.2);
      expect(segment.endS).toBeLessThanOrEqual(clip.endS + 0.2);
      expect(segment.endS - segment.startS).toBeGreaterThan(1);
      // Claims point inside their utterance on the recording's time axis.
      for (const claim of segment.result.evidence.claims) {
        if (claim.region.kind === 'syllable') expect(claim.region.timeS).toBeGreaterThanOrEqual(segment.startS - 1e-6);
        if (claim.region.kind === 'syllable') expect(claim.region.timeS).toBeLessThanOrEqual(segment.endS + 1e-6);
        if ('startS' in claim.region) expect(claim.region.startS).toBeGreaterThanOrEqual(segment.startS - 1e-6);
        if ('endS' in claim.region) expect(claim.region.endS).toBeLessThanOrEqual(segment.endS + 1e-6);
      }
    });

    // The recording's answer: the judged utterances' probabilities averaged; its label the most probable one.
    const { overall } = timeline;
    const judged = timeline.segments.filter((s) => isJudged(s.result));
    expect(judged.length).toBeGreaterThanOrEqual(4);
    const total = Object.values(overall.probabilities).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 6);
    const top = Object.entries(overall.probabilities).sort((a, b) => b[1] - a[1])[0]![0];
    expect(overall.label).toBe(top);
    expect(overall.wellFormed).toBe(true);
    expect(overall.inputQuality.judgeable).toBe(true);
    expect(overall.reasoning).toContain(`into ${FILES.length} utterances`);
    expect(overall.reasoning).toContain(`most probable emotion is ${overall.label}`);
    expect(overall.evidence.verified).toBe(timeline.segments.reduce((n, s) => n + s.result.evidence.verified, 0));
    expect(overall.prosody.durationS).toBeCloseTo(recording.audio.samples.length / 16_000, 3);
  }, 120_000);

  it('gives each utterance the answer the pipeline gives that stretch alone', async () => {
    const prosody = analyzeProsody(recording.audio);
    const timeline = await explainRecording({ audio: recording.audio, prosody, name: 'six utterances' }, { model, ...fast });
    const second = timeline.segments[1]!;
    const from = Math.round(second.startS * 16_000);
    const to = Math.round(second.endS * 16_000);
    const alone = await analyzeClip(
      { audio: { samples: recording.audio.samples.slice(from, to), sampleRate: 16_000 }, name: 'alone' },
      { model, ...fast },
    );
    expect(second.result.label).toBe(alone.label);
    // The same words, its times counted from the recording's start instead of the utterance's.
    expect(second.result.reasoning).toBe(onRecordingTime(alone, second.startS).reasoning);
    expect(second.result.probabilities).toEqual(alone.probabilities);
  }, 120_000);

  it('says there is nothing to explain in a long recording without speech', async () => {
    const silence = { samples: new Float32Array(20 * 16_000), sampleRate: 16_000 };
    const timeline = await explainRecording({ audio: silence, prosody: analyzeProsody(silence), name: 'silence' }, { model, ...fast });
    expect(timeline.segments).toEqual([]);
    expect(timeline.overall.label).toBeNull();
    expect(timeline.overall.wellFormed).toBe(false);
    expect(timeline.overall.problems).toEqual(['no speech to explain']);
    expect(timeline.overall.inputQuality.judgeable).toBe(false);
  }, 60_000);
});
