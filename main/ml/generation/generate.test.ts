import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipFeatures } from '../features/clip-features';
import { loadModel, loadModelWithWeights, type LoadedModel } from '../models/model-sessions';
import { readWeights } from '../models/model-folder';
import { answerLabelProbabilities, generate, GenerationError, type TokenEvent } from './generate';

const TINY = path.resolve(import.meta.dirname, '../../../resources/models/tiny');

/** 0.8 s of smooth, made-up features: the untrained model only needs well-formed inputs. */
function syntheticClip(frames = 80): ClipFeatures {
  return {
    frames,
    mel: Float32Array.from({ length: frames * 80 }, (_, i) => Math.sin(i * 0.37)),
    prosodyFrames: Float32Array.from({ length: frames * 3 }, (_, i) => Math.cos(i * 0.11) * 0.5),
    frameMask: Float32Array.from({ length: frames }, (_, i) => (i < frames - 8 ? 1 : 0)),
    utteranceProsody: Float32Array.from({ length: 33 }, (_, i) => (i % 8) / 8), // the tiny model's 33 functionals
  };
}

let model: LoadedModel;
beforeAll(async () => {
  model = await loadModel(TINY, { intraOpNumThreads: 1 });
});
afterAll(async () => model.release());

describe('generation with the KV-cached decoder (tiny untrained model)', () => {
  it('greedy decoding is deterministic and equals re-running the decoder without a cache', async () => {
    const [a] = await generate(model, syntheticClip(), { strategy: 'greedy', maxTokens: 12 });
    const [b] = await generate(model, syntheticClip(), { strategy: 'greedy', maxTokens: 12 });
    expect(a!.tokenIds).toHaveLength(12);
    expect(a!.tokenIds).toEqual(b!.tokenIds);
    expect(a!.finishReason).toBe('max_tokens');
    // Cache check: feeding the whole prefix at once must give the same next token as step-by-step decoding.
    const bos = model.folder.manifest.tokenizer.tokenIds.bos;
    const [c] = await generate(model, syntheticClip(), { strategy: 'greedy', maxTokens: 1, promptIds: [bos, ...a!.tokenIds.slice(0, 11)] });
    expect(c!.tokenIds[0]).toBe(a!.tokenIds[11]);
  });

  it('streams every token to the callback, in order, and the pieces add up to the text', async () => {
    const events: TokenEvent[] = [];
    const results = await generate(model, syntheticClip(), {
      strategy: 'sample',
      temperature: 1.2,
      topK: 50,
      topP: 0.95,
      maxTokens: 10,
      numReturnSequences: 3,
      seed: 5,
      onToken: (event) => events.push(event),
    });
    expect(results).toHaveLength(3);
    for (let s = 0; s < 3; s++) {
      const mine = events.filter((e) => e.sequence === s);
      expect(mine.map((e) => e.tokenId)).toEqual(results[s]!.tokenIds);
      expect(mine.map((e) => e.text).join('')).toBe(results[s]!.text);
    }
  });

  it('the same seed gives the same samples, another seed different ones', async () => {
    const run = (seed: number) => generate(model, syntheticClip(), { strategy: 'sample', maxTokens: 10, numReturnSequences: 2, seed });
    const [a, b, c] = await Promise.all([run(1), run(1), run(2)]);
    expect(a.map((r) => r.tokenIds)).toEqual(b.map((r) => r.tokenIds));
    expect(a.map((r) => r.tokenIds)).not.toEqual(c.map((r) => r.tokenIds));
  });

  it('stops at the stop token', async () => {
    const [free] = await generate(model, syntheticClip(), { strategy: 'greedy', maxTokens: 8 });
    const stop = model.tokenizer.idToToken(free!.tokenIds[4]!)!;
    const [stopped] = await generate(model, syntheticClip(), { strategy: 'greedy', maxTokens: 8, stopAt: stop });
    expect(stopped!.finishReason).toBe('stop');
    expect(stopped!.tokenIds.at(-1)).toBe(free!.tokenIds[4]);
    expect(stopped!.tokenIds.length).toBeLessThanOrEqual(5);
  });

  it('reads label probabilities at the answer position: one per label, summing to one', async () => {
    const ids = model.folder.manifest.tokenizer.tokenIds;
    const prefix = [ids.bos, ...model.tokenizer.encode('<think>Pitch is low and falling.</think><answer>')];
    const probs = await answerLabelProbabilities(model, syntheticClip(), prefix);
    expect(Object.keys(probs)).toEqual(model.folder.manifest.labels);
    expect(Object.values(probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    // generate reads the same distribution when its prompt ends at <answer>.
    const [forced] = await generate(model, syntheticClip(), { strategy: 'greedy', maxTokens: 1, promptIds: prefix });
    for (const label of model.folder.manifest.labels) expect(forced!.labelProbabilities![label]).toBeCloseTo(probs[label]!, 5);
    await expect(answerLabelProbabilities(model, syntheticClip(), [ids.bos])).rejects.toThrow(/must end with the <answer> token/);
  });

  it('generates from new weights without touching the folder, and the weights matter', async () => {
    const weights = readWeights(model.folder).map((w) => w * 0.5);
    const halved = await loadModelWithWeights(TINY, weights, { intraOpNumThreads: 1 });
    try {
      const [a] = await generate(model, syntheticClip(), { strategy: 'greedy', maxTokens: 6 });
      const [b] = await generate(halved, syntheticClip(), { strategy: 'greedy', maxTokens: 6 });
      expect(b!.tokenIds).toHaveLength(6);
      expect(b!.tokenIds).not.toEqual(a!.tokenIds);
    } finally {
      await halved.release();
    }
  });

  it('rejects bad options and bad inputs with a GenerationError that says why', async () => {
    await expect(generate(model, syntheticClip(), { strategy: 'sample', temperature: 0, maxTokens: 4 })).rejects.toThrow(GenerationError);
    await expect(generate(model, syntheticClip(), { strategy: 'greedy', maxTokens: 0 })).rejects.toThrow(
      /maxTokens must be a positive integer/,
    );
    await expect(generate(model, syntheticClip(), { strategy: 'greedy', maxTokens: 4, stopAt: 'not a token' })).rejects.toThrow(
      /not a single token/,
    );
    await expect(generate(model, syntheticClip(), { strategy: 'greedy', maxTokens: 4, promptIds: [] })).rejects.toThrow(
      /promptIds must be a non-empty list/,
    );
    await expect(generate(model, syntheticClip(81), { strategy: 'greedy', maxTokens: 4 })).rejects.toThrow(/positive multiple of 4/);
    const oldFeatures = { ...syntheticClip(), utteranceProsody: new Float32Array(8) };
    await expect(generate(model, oldFeatures, { strategy: 'greedy', maxTokens: 4 })).rejects.toThrow(
      /8 utterance features; this model reads 33/,
    );
  });
});
