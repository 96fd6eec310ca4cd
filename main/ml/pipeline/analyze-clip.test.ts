import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageEvent } from './analyze-clip';
import { analyzeClip } from './analyze-clip';
import { decodeAudioFile } from '../../audio';
import { analyzeProsody } from '../../prosody';
import { loadModel, type LoadedModel } from '../models/model-sessions';
import { PipelineError } from './pipeline-error';
import { scriptedModel } from './testing/scripted-model';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TINY = path.join(ROOT, 'resources/models/tiny');
const RAVDESS = path.resolve(ROOT, '../shared/data/ravdess');
// Actor 17 (male), angry and sad, statement 1: two real clips from the validation speakers.
const ANGRY = path.join(RAVDESS, 'Actor_17/03-01-05-02-01-01-17.wav');
const SAD = path.join(RAVDESS, 'Actor_17/03-01-04-01-01-01-17.wav');
const WELL_FORMED = '<think>The pitch is high and the energy is high, with a falling intonation.</think><answer>angry</answer>';

let model: LoadedModel;
beforeAll(async () => {
  model = await loadModel(TINY);
});
afterAll(async () => model.release());

describe.skipIf(!existsSync(ANGRY) || !existsSync(SAD))('analyzeClip on real RAVDESS clips with the untrained tiny model', () => {
  it('returns either a well-formed answer or one flagged malformed, with probabilities, evidence and timings', async () => {
    for (const file of [ANGRY, SAD]) {
      const result = await analyzeClip({ path: file }, { model, gender: 'male', maxTokens: 24 });
      expect(result.file).toBe(file);
      expect(result.modelId).toBe('emotion-reasoner-tiny');
      expect(result.wellFormed).toBe(result.problems.length === 0);
      if (!result.wellFormed) expect(result.label).toBeNull();
      const labels = model.folder.manifest.labels;
      expect(Object.keys(result.probabilities).sort()).toEqual([...labels].sort());
      expect(Object.values(result.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      // The counts are the claims' verdicts, and the share is verified / checkable (1 when none is).
      const { claims, verified, contradicted, unverifiable, verifiedShare } = result.evidence;
      const count = (verdict: string) => claims.filter((c) => c.verdict === verdict).length;
      expect([verified, contradicted, unverifiable]).toEqual([count('verified'), count('contradicted'), count('unverifiable')]);
      expect(verifiedShare).toBe(verified + contradicted > 0 ? verified / (verified + contradicted) : 1);
      expect(result.caption.length).toBeGreaterThan(10);
      expect(result.prosody.pitch.medianHz).toBeGreaterThan(60);
      expect(result.source?.format).toBe('wav/pcm16');
      for (const stage of ['decode', 'prosody', 'features', 'encode', 'generate', 'total'] as const)
        expect(result.timings[stage]).toBeGreaterThan(0);
      expect(result.timings.total).toBeGreaterThanOrEqual(result.timings.decode + result.timings.prosody + result.timings.generate);
    }
  });

  it('retries a malformed generation by sampling with new seeds, then flags it instead of passing it off', async () => {
    const result = await analyzeClip({ path: ANGRY }, { model, maxTokens: 16, retries: 2, seed: 7 });
    expect(result.wellFormed).toBe(false);
    expect(result.label).toBeNull();
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.attempts.map((a) => [a.strategy, a.seed, a.temperature])).toEqual([
      ['greedy', 7, undefined],
      ['sample', 8, 0.7],
      ['sample', 9, 1],
    ]);
    expect(result.attempts.every((a) => a.problems.length > 0)).toBe(true);
  });

  it('stops retrying at the first well-formed generation and returns its label, reasoning and checked claims', async () => {
    const steered = scriptedModel(model, ['<think>noise without an answer', WELL_FORMED]);
    const result = await analyzeClip({ path: ANGRY }, { model: steered, gender: 'male', maxTokens: 40, retries: 3 });
    expect(result.attempts).toHaveLength(2);
    expect(result.wellFormed).toBe(true);
    expect(result.label).toBe('angry');
    expect(result.probabilitySource).toBe('generated-answer');
    expect(result.probabilities.angry).toBeGreaterThan(0.99);
    expect(result.reasoning).toBe('The pitch is high and the energy is high, with a falling intonation.');
    const claims = result.evidence.claims.map((c) => c.attribute);
    expect(claims).toEqual(expect.arrayContaining(['pitch-level', 'energy-level', 'intonation-pattern']));
    for (const claim of result.evidence.claims) expect(result.reasoning.slice(claim.span.start, claim.span.end)).toBe(claim.text);
  });

  it('prompts a cue-prompted model with the measured cues and continues a reasoning the app opened from them', async () => {
    const manifest = { ...model.folder.manifest, prompt: 'measured-cues-v1' as const, reasoningPrefix: 'measured-cue-sentences' as const };
    const cued = { ...model, folder: { ...model.folder, manifest } };
    const continuation =
      ' Overall, the acoustic picture indicates strong activation. So the most likely emotion is anger.</think><answer>angry</answer>';
    const streamed: { attempt: number; index: number; text: string }[] = [];
    const result = await analyzeClip(
      { path: ANGRY },
      {
        model: scriptedModel(cued, [continuation]),
        gender: 'male',
        maxTokens: 60,
        onToken: (e) => streamed.push(e),
      },
    );
    expect(result.modelPrompt).toMatch(/^measured: pitch (low|normal|high), range /);
    expect(result.reasoningPrefix!.length).toBeGreaterThan(40);
    expect(result.reasoning.startsWith(result.reasoningPrefix!)).toBe(true);
    expect(result.reasoning.endsWith('So the most likely emotion is anger.')).toBe(true);
    expect([result.wellFormed, result.label]).toEqual([true, 'angry']);
    // The app-written opening restates the measurements, so each of its claims checks out.
    const opening = result.evidence.claims.filter((c) => c.span.end <= result.reasoningPrefix!.length);
    expect(opening.length).toBeGreaterThan(3);
    expect(opening.every((c) => c.verdict === 'verified')).toBe(true);
    expect(streamed[0]).toMatchObject({ attempt: 0, index: 0, text: result.reasoningPrefix });
    // Without it (evaluation's --no-measured-cues) the model writes the whole reasoning.
    const own = await analyzeClip(
      { path: ANGRY },
      { model: scriptedModel(cued, [WELL_FORMED]), maxTokens: 40, measuredCueSentences: false },
    );
    expect([own.reasoningPrefix, own.reasoning]).toEqual([null, 'The pitch is high and the energy is high, with a falling intonation.']);
  });

  it('retries an answer that contradicts its own conclusion, then flags it', async () => {
    const contradicting = '<think>The pitch is high. So the most likely emotion is fear.</think><answer>angry</answer>';
    const result = await analyzeClip({ path: ANGRY }, { model: scriptedModel(model, [contradicting]), maxTokens: 40, retries: 1 });
    expect(result.attempts).toHaveLength(2);
    expect(result.wellFormed).toBe(false);
    expect(result.label).toBeNull();
    expect(result.problems).toContain('the reasoning concludes "fearful" but the answer is "angry"');
  });

  it('reads forced-answer probabilities when no attempt wrote <answer>, and streams tokens per attempt', async () => {
    const steered = scriptedModel(model, ['<think>the pitch is high</think> and then nothing']);
    const tokens: number[] = [];
    const stages: StageEvent[] = [];
    const result = await analyzeClip(
      { path: SAD },
      {
        model: steered,
        maxTokens: 12,
        retries: 1,
        onToken: (e) => tokens.push(e.attempt),
        onStage: (e) => stages.push(e),
      },
    );
    expect(result.probabilitySource).toBe('forced-answer');
    expect(Object.values(result.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(new Set(tokens)).toEqual(new Set([0, 1]));
    expect(stages.filter((s) => s.status === 'done').map((s) => s.stage)).toEqual([
      'decode',
      'prosody',
      'features',
      'encode',
      'generate',
      'check',
    ]);
  });

  it('checks voice-quality claims against corpus norms when it has them, and calls them unverifiable otherwise', async () => {
    const breathy = '<think>The voice sounds breathy.</think><answer>sad</answer>';
    // breathy = HNR below breathyHnrDb: a threshold of 100 dB makes any voice breathy, -100 none.
    const norms = (breathyHnrDb: number) => ({ breathyHnrDb, roughJitter: 1, roughShimmer: 1, clearHnrDb: 100, clearJitter: 0 });
    const verdict = async (options: object) => {
      const result = await analyzeClip({ path: SAD }, { model: scriptedModel(model, [breathy]), maxTokens: 30, ...options });
      return result.evidence.claims.find((c) => c.attribute === 'voice-quality')?.verdict;
    };
    expect(await verdict({})).toBe('unverifiable');
    expect(await verdict({ voiceQualityNorms: norms(100) })).toBe('verified');
    expect(await verdict({ voiceQualityNorms: norms(-100) })).toBe('contradicted');
  });

  it('in-memory audio with its prosody already measured gives the same answer as the file, without measuring again', async () => {
    const fromFile = await analyzeClip({ path: SAD }, { model, gender: 'male', maxTokens: 12, retries: 0 });
    const { audio } = await decodeAudioFile(SAD);
    const prosody = analyzeProsody(audio, { gender: 'male' });
    const fromMemory = await analyzeClip({ audio, name: 'sad clip', prosody }, { model, maxTokens: 12, retries: 0 });
    expect(fromMemory.file).toBe('sad clip');
    expect(fromMemory.source).toBeNull();
    expect(fromMemory.attempts[0]!.text).toBe(fromFile.attempts[0]!.text);
    expect(fromMemory.probabilities).toEqual(fromFile.probabilities);
    expect(fromMemory.timings.decode).toBe(0);
    expect(fromMemory.timings.prosody).toBeLessThan(5);
  });
});

describe('analyzeClip input checks', () => {
  it("rejects a corrupt file with the decoder's error code", async () => {
    const bad = path.join(ROOT, 'package.json');
    await expect(analyzeClip({ path: bad }, { model })).rejects.toMatchObject({ code: 'not_audio' });
  });

  it('rejects bad options with a PipelineError naming them', async () => {
    const audio = { samples: new Float32Array(16_000).map((_, i) => 0.3 * Math.sin(i * 0.05)), sampleRate: 16_000 };
    const call = analyzeClip({ audio, name: 'sine' }, { model, retries: -1 });
    await expect(call).rejects.toBeInstanceOf(PipelineError);
    await expect(call).rejects.toThrow(/retries/);
  });
});
