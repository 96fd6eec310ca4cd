// One whole GRPO-PTR step on the tiny model (real sessions): rollouts → rewards → schedule →
// advantages (with capped resampling) → reference log-probs → train_grpo micro-steps → new sampler.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summary } from '../../../data/testing/summaries';
import type { ClipFeatures } from '../../features/clip-features';
import { openModelFolder } from '../../models/model-folder';
import { loadModel } from '../../models/model-sessions';
import { openTrainableModel, readParameters } from '../trainable-model';
import { initialOptimizerState } from '../train-step-runner';
import { EvidenceCheckerScorer } from './evidence-scorer';
import { GrpoStepRunner } from './grpo-step';
import { policyWeights, runGrpoIteration, type GrpoClip, type GrpoIterationContext } from './grpo-iteration';
import { LogprobRunner } from './logprob-runner';
import { ProgressiveSchedule } from './progressive-schedule';
import { DEFAULT_REWARD_CONFIG } from './reward-components';
import { trainingShapes } from './token-rows';

const TINY = path.resolve(import.meta.dirname, '../../../../resources/models/tiny');
const folder = openModelFolder(TINY);
const trainable = openTrainableModel(TINY);
const start = readParameters(trainable);

function clip(frames: number, phase: number): ClipFeatures {
  return {
    frames,
    mel: Float32Array.from({ length: frames * 80 }, (_, i) => Math.sin(i * 0.37 + phase)),
    prosodyFrames: Float32Array.from({ length: frames * 3 }, (_, i) => Math.cos(i * 0.11 + phase) * 0.5),
    frameMask: Float32Array.from({ length: frames }, (_, i) => (i < frames - 8 ? 1 : 0)),
    utteranceProsody: Float32Array.from({ length: 33 }, (_, i) => ((i + phase) % 8) / 8),
  };
}
const clips: GrpoClip[] = [
  { id: 'a', truth: 'happy', features: clip(120, 1), prosody: summary() },
  { id: 'b', truth: 'sad', features: clip(200, 2), prosody: summary({ pitch: 'low' }) },
];

let logprobs: LogprobRunner;
let grpo: GrpoStepRunner;
beforeAll(async () => {
  const shapes = trainingShapes(folder.manifest);
  logprobs = await LogprobRunner.open(folder.file('logprobs.onnx'), trainable.parameters, shapes, { intraOpNumThreads: 1 });
  grpo = await GrpoStepRunner.open(folder.file('train_grpo.onnx'), trainable.parameters, shapes, { intraOpNumThreads: 1 });
});
afterAll(async () => {
  await logprobs?.release();
  await grpo?.release();
});

async function context(): Promise<GrpoIterationContext> {
  const state = initialOptimizerState(new Map([...start].map(([k, v]) => [k, v.slice()])));
  return {
    modelDir: TINY,
    slots: trainable.parameters,
    policy: await loadModel(TINY, { intraOpNumThreads: 1 }),
    logprobs,
    grpo,
    reference: initialOptimizerState(start),
    state,
    schedule: new ProgressiveSchedule({ mode: 'progressive', threshold: 0.5, windowSteps: 2 }),
    scorer: new EvidenceCheckerScorer(folder.manifest.labels),
    rewards: DEFAULT_REWARD_CONFIG,
    rollout: { groupSize: 4, maxTokens: 40 },
    loss: { beta: 0.04, clipEpsilon: 0.2 },
    maxResamplesPerStep: 1,
  };
}
const settings = { step: 1, optimizerStep: 1, seed: 7, lr: 1e-3, weightDecay: 0.01, maxGradNorm: 1 };

describe('one GRPO-PTR step on the tiny model', () => {
  it('reports consistent metrics and one completion record per completion, and is reproducible', async () => {
    const [one, two] = [await context(), await context()];
    try {
      const a = await runGrpoIteration(one, clips, settings);
      const b = await runGrpoIteration(two, clips, settings);
      const m = a.metrics;
      console.info(
        `tiny GRPO step: ${m.optimizerSteps} optimiser steps, truncation ${m.truncationShare}, kl ${m.kl}, ${Math.round(m.rolloutTokensPerS)} tok/s`,
      );
      expect(m.completions).toBe(8);
      expect(a.completions).toHaveLength(8);
      expect(a.completions.map((c) => c.clipId)).toEqual(['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']);
      // The untrained model writes noise: nothing is well-formed or right, every group has zero spread.
      expect(m.reward.total).toEqual([0, 0]);
      expect(m.zeroSpreadFraction).toBe(1);
      expect(m.resampledGroups).toBe(1); // capped at maxResamplesPerStep
      expect(m.scorerCalls).toBe(0); // no group with both right and wrong answers
      expect(m.reasoningOn).toBe(false);
      expect(m.rollingAccuracy).toBe(0);
      expect(one.schedule.snapshot().stepsObserved).toBe(1);
      const truncated = a.completions.filter((c) => c.truncated).length;
      expect(m.truncationShare).toBe(truncated / 8);
      expect(m.optimizerSteps).toBe(Math.ceil((8 - truncated) / 4));
      expect(m.entropy).toBeGreaterThan(0);
      expect(m.completionLengthMax).toBeLessThanOrEqual(40);
      expect(a.completions.every((c) => c.advantage === 0)).toBe(true);
      // Same seeds, same start: the same completions and the same updated weights (what a resume relies on).
      expect(b.completions.map((c) => c.text)).toEqual(a.completions.map((c) => c.text));
      expect(policyWeights(two.state, two.slots)).toEqual(policyWeights(one.state, one.slots));
      if (m.optimizerSteps > 0) {
        expect(Math.abs(m.kl!)).toBeLessThan(1e-6); // zero advantages, policy = reference before the step
        expect(one.policy.folder.dir).not.toBe(folder.dir); // the sampler was rebuilt on the new weights
      }
    } finally {
      await one.policy.release();
      await two.policy.release();
    }
  });
});
