// An utterance's answer on the recording's time axis: the times a reader sees move with the claims'
// regions, durations and everything else stay as written, and every claim still points at its words.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../audio';
import { checkEvidence } from '../../data';
import { analyzeProsody } from '../../prosody';
import { ModelSessionCache } from '../models/model-sessions';
import { analyzeClip } from './analyze-clip';
import { onRecordingTime } from './recording-time';

const CLIP = path.resolve(import.meta.dirname, '../../../../shared/data/ravdess/Actor_17/03-01-05-02-01-01-17.wav');
const DEFAULT_MODEL = path.resolve(import.meta.dirname, '../../../resources/models/default');

describe.skipIf(!existsSync(CLIP))('an utterance’s answer moved onto the recording’s time axis', () => {
  it('moves the reasoning’s, caption’s and claims’ stress times, and keeps each claim on its words', async () => {
    const { audio } = await decodeAudioFile(CLIP);
    const result = await analyzeClip({ audio, name: 'utterance' }, { model: DEFAULT_MODEL, sessions: new ModelSessionCache(), retries: 0 });
    const stressTimes = result.evidence.claims.filter((c) => c.claim.startsWith('stress at '));
    expect(stressTimes.length).toBeGreaterThan(0);

    const moved = onRecordingTime(result, 20);
    for (const [i, claim] of moved.evidence.claims.entries()) {
      expect(moved.reasoning.slice(claim.span.start, claim.span.end)).toBe(claim.text);
      const before = result.evidence.claims[i]!;
      expect(claim.verdict).toBe(before.verdict);
      if (before.claim.startsWith('stress at ')) {
        const t = Number(/stress at ([\d.]+) s/.exec(before.claim)![1]);
        expect(claim.claim).toBe(`stress at ${(t + 20).toFixed(2)} s`);
        expect(claim.text).toContain(`${(t + 20).toFixed(2)} s`);
      }
    }
    for (const stress of stressTimes) {
      const t = /stress at ([\d.]+) s/.exec(stress.claim)![1]!;
      expect(moved.reasoning).not.toMatch(new RegExp(`\\b${t.replace('.', '\\.')} s`));
      expect(moved.caption).toContain(`${(Number(t) + 20).toFixed(2)} s`);
    }
    // The app-written opening is still the reasoning's beginning; nothing but the times changed.
    if (result.reasoningPrefix) expect(moved.reasoning.startsWith(moved.reasoningPrefix!)).toBe(true);
    const withoutTimes = (text: string) => text.replace(/\d+\.\d+ s\b/g, '# s');
    expect(withoutTimes(moved.reasoning)).toBe(withoutTimes(result.reasoning));
    expect(moved.label).toBe(result.label);
    expect(moved.probabilities).toEqual(result.probabilities);
  }, 60_000);

  it('keeps a pause’s duration as written while its place and the measured pauses move', async () => {
    const { audio } = await decodeAudioFile(CLIP);
    // One measured pause (this clip has none), so the measured pause list has times to move.
    const measured = analyzeProsody(audio);
    const prosody = { ...measured, segmentation: { ...measured.segmentation, pauses: [{ startS: 1.05, endS: 1.3 }] } };
    const text = 'There is a pause lasting 0.42 s, and a pause at 1.20 s; stressed syllables stand out at 1.13 s and 1.50 s.';
    const evidence = checkEvidence(text, prosody);
    const base = await analyzeClip({ audio, name: 'utterance' }, { model: DEFAULT_MODEL, sessions: new ModelSessionCache(), retries: 0 });
    const moved = onRecordingTime({ ...base, reasoning: text, reasoningPrefix: null, evidence }, 10);
    expect(moved.reasoning).toBe(
      'There is a pause lasting 0.42 s, and a pause at 11.20 s; stressed syllables stand out at 11.13 s and 11.50 s.',
    );
    const claims = moved.evidence.claims;
    expect(claims.find((c) => c.claim.startsWith('pause lasting'))!.claim).toBe('pause lasting 0.42 s');
    expect(claims.find((c) => c.claim.startsWith('pause at'))!.claim).toBe('pause at 11.20 s');
    for (const claim of claims) expect(moved.reasoning.slice(claim.span.start, claim.span.end)).toBe(claim.text);
    // A measured pause list ("0.50–0.90 s") moves both ends.
    const pauseMeasure = claims.find((c) => c.attribute === 'pauses')!;
    const original = evidence.claims.find((c) => c.attribute === 'pauses')!;
    const ends = (s: string) => [...s.matchAll(/\d+\.\d+/g)].map((m) => Number(m[0]));
    expect(ends(original.measured)).toEqual([1.05, 1.3]);
    expect(ends(pauseMeasure.measured)).toEqual(ends(original.measured).map((t) => Number((t + 10).toFixed(2))));
  }, 60_000);
});
