// Rollouts, reference log-probs and GRPO steps on the tiny model with real ONNX Runtime sessions.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipFeatures } from '../../features/clip-features';
import { openModelFolder } from '../../models/model-folder';
import { loadModel, type LoadedModel } from '../../models/model-sessions';
import { readParameters, openTrainableModel, type ParameterSlot } from '../trainable-model';
import { initialOptimizerState, type OptimizerState } from '../train-step-runner';
import { groupAdvantages } from './advantages';
import { grpoUpdate, GrpoStepRunner, type GrpoTrainingRow } from './grpo-step';
import { LogprobRunner } from './logprob-runner';
import { sampleGroup, truncationShare, type RolloutGroup } from './rollouts';
import { completionPosition, packRows, trainingShapes, type TrainingShapes } from './token-rows';
import { Tensor } from '../../backends/onnx';

const TINY = path.resolve(import.meta.dirname, '../../../../resources/models/tiny');

function syntheticClip(frames: number, phase = 0): ClipFeatures {
  return {
    frames,
    mel: Float32Array.from({ length: frames * 80 }, (_, i) => Math.sin(i * 0.37 + phase)),
    prosodyFrames: Float32Array.from({ length: frames * 3 }, (_, i) => Math.cos(i * 0.11 + phase) * 0.5),
    frameMask: Float32Array.from({ length: frames }, (_, i) => (i < frames - 8 ? 1 : 0)),
    utteranceProsody: Float32Array.from({ length: 33 }, (_, i) => ((i + phase) % 8) / 8),
  };
}

let policy: LoadedModel;
let logprobs: LogprobRunner;
let grpo: GrpoStepRunner;
let shapes: TrainingShapes;
let slots: ParameterSlot[];
let start: Map<string, Float32Array>;
let startFeeds: OptimizerState;

beforeAll(async () => {
  const folder = openModelFolder(TINY);
  shapes = trainingShapes(folder.manifest);
  const trainable = openTrainableModel(TINY);
  slots = trainable.parameters;
  start = readParameters(trainable);
  startFeeds = initialOptimizerState(start);
  policy = await loadModel(TINY, { intraOpNumThreads: 1 });
  logprobs = await LogprobRunner.open(folder.file(folder.manifest.graphs.logprobs!.file), slots, shapes, { intraOpNumThreads: 1 });
  grpo = await GrpoStepRunner.open(folder.file(folder.manifest.graphs.trainGrpo!.file), slots, shapes, { intraOpNumThreads: 1 });
});
afterAll(async () => {
  await policy?.release();
  await logprobs?.release();
  await grpo?.release();
});

const rowsOf = (group: RolloutGroup) =>
  group.completions.map((c) => ({ clip: group.clip, promptIds: group.promptIds, completionIds: c.tokenIds }));

describe('rollouts from the tiny model', () => {
  it('give K completions whose sampler log-probs agree with the logprobs graph (short clip and a clip cut to the window)', async () => {
    for (const frames of [80, 480]) {
      const group = await sampleGroup(policy, syntheticClip(frames), { groupSize: 4, maxTokens: 24, seed: 3, topP: 0.9 });
      expect(group.clip.frames).toBe(Math.min(frames, shapes.frames));
      expect(group.completions).toHaveLength(4);
      const graph = await logprobs.completionLogprobs(startFeeds, rowsOf(group));
      let worst = 0;
      group.completions.forEach((c, i) => {
        expect(c.logprobs).toHaveLength(c.tokenIds.length);
        expect(c.entropies.every((h) => h > 0 && h <= Math.log(768) + 1e-9)).toBe(true);
        for (let j = 0; j < c.tokenIds.length; j++) worst = Math.max(worst, Math.abs(c.logprobs[j]! - graph[i]![j]!));
      });
      expect(worst).toBeLessThan(1e-4);
    }
  });

  it('flag completions that hit the token limit as truncated, and count them', async () => {
    const group = await sampleGroup(policy, syntheticClip(80), { groupSize: 4, maxTokens: 6, seed: 1 });
    for (const c of group.completions) {
      expect(c.truncated).toBe(c.finishReason === 'max_tokens');
      if (c.truncated) expect(c.tokenIds).toHaveLength(6);
    }
    // The untrained model writes noise: 6 tokens almost never end in </answer>.
    expect(truncationShare([group])).toBe(group.completions.filter((c) => c.truncated).length / 4);
    expect(truncationShare([group])).toBeGreaterThan(0);
    expect(truncationShare([])).toBe(0);
  });

  it('refuse a token limit that would not fit the training row', async () => {
    await expect(sampleGroup(policy, syntheticClip(80), { groupSize: 2, maxTokens: shapes.tokens + 1, seed: 1 })).rejects.toThrow(
      /does not fit/,
    );
  });
});

describe('a GRPO step on train_grpo.onnx', () => {
  async function rollout(seed: number): Promise<{ group: RolloutGroup; rows: GrpoTrainingRow[] }> {
    const group = await sampleGroup(policy, syntheticClip(120, seed), { groupSize: 4, maxTokens: 20, seed });
    const ref = await logprobs.completionLogprobs(startFeeds, rowsOf(group));
    const { advantages } = groupAdvantages([[1.3, 0.3, 0, 1.0]], 'group');
    const rows = group.completions.map((c, i) => ({
      clip: group.clip,
      promptIds: group.promptIds,
      completionIds: c.tokenIds,
      advantage: advantages[0]![i]!,
      oldLogprobs: c.logprobs,
      refLogprobs: ref[i]!,
      trainable: true,
    }));
    return { group, rows };
  }
  const scalars = (lr: number) => ({ step: 1, lr, weightDecay: 0.01, maxGradNorm: 1 });
  const loss = { beta: 0.04, clipEpsilon: 0.2 };

  it('with the policy equal to the reference and a zero update gives ratio ≈ 1, KL ≈ 0 and unchanged weights', async () => {
    const { rows } = await rollout(11);
    const state = initialOptimizerState(start);
    const result = await grpoUpdate(grpo, logprobs, state, rows, scalars(0), loss);
    expect(result.microSteps).toHaveLength(1);
    expect(result.maxRatioDeviation).toBeLessThan(1e-3);
    expect(result.clipFraction).toBe(0);
    expect(Math.abs(result.kl!)).toBeLessThan(1e-6);
    // ratio 1 and KL 0: the loss is −mean(A), which is 0 for group-normalised advantages.
    expect(Math.abs(result.loss!)).toBeLessThan(1e-4);
    expect(result.gradNorm!).toBeGreaterThan(0);
    for (const slot of slots) expect(state.get(`params.${slot.name}`)).toEqual(start.get(slot.name));
  });

  it('moves the policy toward completions with positive advantage and away from negative ones', async () => {
    const { rows } = await rollout(12);
    const state = initialOptimizerState(start);
    const before = await logprobs.completionLogprobs(state, rows);
    const result = await grpoUpdate(grpo, logprobs, state, rows, scalars(3e-3), loss);
    expect(result.microSteps[0]!.optimizerStep).toBe(1);
    const after = await logprobs.completionLogprobs(state, rows);
    const change = rows.map((_, i) => after[i]!.reduce((a, b) => a + b, 0) - before[i]!.reduce((a, b) => a + b, 0));
    rows.forEach((row, i) => expect(Math.sign(change[i]!), `row ${i}, A = ${row.advantage}`).toBe(Math.sign(row.advantage)));
    // A second update on the same rollouts now sees ratios away from 1 and a positive KL.
    const again = await grpoUpdate(grpo, logprobs, state, rows, { ...scalars(3e-3), step: 2 }, loss);
    expect(again.maxRatioDeviation).toBeGreaterThan(1e-3);
    expect(again.kl!).toBeGreaterThan(0);
  });

  it('masks truncated completions out of the loss, trains the rest in micro-batches, and skips a batch with nothing to train', async () => {
    const a = await rollout(13);
    const b = await rollout(14);
    const rows = [...a.rows, ...b.rows];
    rows[1]!.trainable = false;
    const state = initialOptimizerState(start);
    const result = await grpoUpdate(grpo, logprobs, state, rows, scalars(1e-3), loss);
    expect(result.maskedRows).toBe(1);
    expect(result.trainedRows).toBe(7);
    expect(result.microSteps.map((m) => [m.optimizerStep, m.rows])).toEqual([
      [1, 4],
      [2, 3],
    ]);
    expect(result.trainedTokens).toBe(rows.filter((r) => r.trainable).reduce((n, r) => n + r.completionIds.length, 0));

    const untouched = initialOptimizerState(start);
    const none = await grpoUpdate(
      grpo,
      logprobs,
      untouched,
      rows.map((r) => ({ ...r, trainable: false })),
      scalars(1e-3),
      loss,
    );
    expect(none.microSteps).toEqual([]);
    expect(none.loss).toBeNull();
    expect(none.maskedRows).toBe(8);
    for (const slot of slots) expect(untouched.get(`params.${slot.name}`)).toBe(start.get(slot.name));
  });

  it('clips the ratio at 1 + ε_high independently of ε_low (the decoupled clip of DAPO)', async () => {
    expect(grpo.decoupledClip).toBe(true);
    const { rows } = await rollout(15);
    const state = initialOptimizerState(start);
    await grpoUpdate(grpo, logprobs, state, rows, scalars(5e-3), loss);
    // Same moved policy, zero learning rate: only the clip bounds differ between the two evaluations.
    const evaluate = async (clipEpsilonHigh: number) =>
      (await grpoUpdate(grpo, logprobs, new Map(state), rows, { ...scalars(0), step: 2 }, { ...loss, clipEpsilonHigh })).loss!;
    const tight = await evaluate(1e-4);
    const loose = await evaluate(0.9);
    expect(Number.isFinite(tight) && Number.isFinite(loose)).toBe(true);
    expect(Math.abs(tight - loose)).toBeGreaterThan(1e-6);
  });

  it('keeps the loss and every update finite when masked positions hold non-finite log-probs', async () => {
    const { rows } = await rollout(16);
    const { batch: B, tokens: S } = shapes;
    const packed = packRows(
      rows.slice(0, B).map((r) => ({ clip: r.clip, promptIds: r.promptIds, completionIds: r.completionIds })),
      shapes,
    );
    const weights = new Float32Array(B * S);
    const old = new Float32Array(B * S).fill(Number.NaN);
    const ref = new Float32Array(B * S).fill(Number.NEGATIVE_INFINITY);
    rows.slice(0, B).forEach((row, r) =>
      row.completionIds.forEach((_, j) => {
        const at = r * S + completionPosition(row.promptIds.length, j);
        weights[at] = 1;
        old[at] = row.oldLogprobs[j]!;
        ref[at] = row.refLogprobs[j]!;
      }),
    );
    const state = initialOptimizerState(start);
    const result = await grpo.step(state, scalars(1e-3), {
      ...packed.feeds,
      target_weights: new Tensor('float32', weights, [B, S]),
      advantages: new Tensor(
        'float32',
        Float32Array.from(rows.slice(0, B), (r) => r.advantage),
        [B],
      ),
      old_logprobs: new Tensor('float32', old, [B, S]),
      ref_logprobs: new Tensor('float32', ref, [B, S]),
      beta: new Tensor('float32', Float32Array.of(0.04), []),
      ...grpo.clipFeeds(loss),
    });
    expect(Number.isFinite(result.loss) && Number.isFinite(result.kl) && Number.isFinite(result.gradNorm)).toBe(true);
    for (const slot of slots) expect(state.get(`params.${slot.name}`)!.every(Number.isFinite)).toBe(true);
  });
});
