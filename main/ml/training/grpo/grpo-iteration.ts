// One GRPO-PTR step, the body of a GRPO job's loop: K rollouts per clip from the current policy,
// rewards (format, outcome, and τ·R_reason once the schedule has it on), group-normalised advantages
// with capped resampling of zero-spread groups, reference log-probs from the frozen start, the
// train_grpo micro-steps, then a sampler rebuilt on the new weights (DESIGN.md: rebuild sessions
// after each update rather than feed weights). Returns the step's metrics and completion records.
import type { GrpoCompletionRecord, GrpoRewardConfig, GrpoStepMetrics } from '../../../../shared/types/grpo';
import type { EvidenceProsody } from '../../../data/evidence/check-evidence';
import type { ClipFeatures } from '../../features/clip-features';
import { loadModelWithWeights, type LoadedModel } from '../../models/model-sessions';
import type { ParameterSlot } from '../trainable-model';
import type { OptimizerState } from '../train-step-runner';
import { groupAdvantages, groupsToResample } from './advantages';
import { rewardGroups } from './group-rewards';
import { grpoUpdate, type GrpoLossSettings, type GrpoStepRunner, type GrpoTrainingRow } from './grpo-step';
import type { LogprobRunner, ParameterFeeds } from './logprob-runner';
import type { ProgressiveSchedule } from './progressive-schedule';
import type { ReasoningScorer } from './reasoning-scorer';
import { judgeCompletion } from './reward-components';
import { sampleGroup, type RolloutGroup, type RolloutOptions } from './rollouts';
import { maxCompletionTokens, trainingShapes } from './token-rows';
import { TrainingFailure } from '../training-failure';
import type { ProsodyFunctionals } from '../../../../shared/types/prosody';

export interface GrpoClip {
  id: string;
  truth: string;
  features: ClipFeatures;
  /** Needed by the evidence-checker scorer. */
  prosody?: EvidenceProsody;
  /** Needed by the reasoning reward model. */
  functionals?: ProsodyFunctionals;
  /** This clip's decoder prompt (bos + measured-cue prompt [+ <think> + prefix]); default: the rollout's. */
  promptIds?: number[];
  /**
   * Cue sentences the app writes from the measurement and the model continues (a model folder with
   * reasoningPrefix): they are in the prompt, and the judged text is `<think>` + prefix + completion,
   * as the app shows it.
   */
  reasoningPrefix?: string;
}

/** The text a completion is judged and logged as: with the app-written prefix in front, as the app shows it. */
export function judgedText(clip: Pick<GrpoClip, 'reasoningPrefix'>, completion: string): string {
  const prefix = clip.reasoningPrefix?.trim();
  if (!prefix) return completion;
  // The tokenizer may drop the space before the first generated word; the training traces have one.
  return `<think>${prefix}${/^\s/.test(completion) ? '' : ' '}${completion}`;
}

export interface GrpoIterationContext {
  modelDir: string;
  slots: readonly ParameterSlot[];
  /** Sampler sessions on the current weights; replaced after the update. */
  policy: LoadedModel;
  logprobs: LogprobRunner;
  grpo: GrpoStepRunner;
  /** `params.<p>` of the frozen starting model. */
  reference: ParameterFeeds;
  state: OptimizerState;
  schedule: ProgressiveSchedule;
  scorer?: ReasoningScorer;
  rewards: GrpoRewardConfig;
  rollout: Omit<RolloutOptions, 'seed'>;
  loss: GrpoLossSettings;
  /** Zero-spread groups resampled at most this many times per step (0 = never). */
  maxResamplesPerStep: number;
  samplerThreads?: number;
}

export interface GrpoStepSettings {
  step: number;
  /** Optimiser step number of the first micro-step (1-based, for AdamW's bias correction). */
  optimizerStep: number;
  seed: number;
  lr: number;
  weightDecay: number;
  maxGradNorm: number;
}

/** All weights of the policy in the manifest's weights.bin layout (for a sampler rebuild or export). */
export function policyWeights(state: OptimizerState, slots: readonly ParameterSlot[]): Float32Array {
  const total = slots.reduce((n, s) => n + s.length / 4, 0);
  const out = new Float32Array(total);
  for (const s of slots) out.set(state.get(`params.${s.name}`)!, s.offset / 4);
  return out;
}

const meanStd = (xs: readonly number[]): [number, number] => {
  if (xs.length === 0) return [0, 0];
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return [m, Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / xs.length)];
};

export async function runGrpoIteration(
  ctx: GrpoIterationContext,
  clips: readonly GrpoClip[],
  settings: GrpoStepSettings,
): Promise<{ metrics: GrpoStepMetrics; completions: GrpoCompletionRecord[] }> {
  const started = performance.now();
  const labels = ctx.policy.folder.manifest.labels;
  const reasoningOn = ctx.schedule.reasoningOn;
  // Each (clip, draw) gets its own seed, so a resumed step draws the same completions.
  const shapes = trainingShapes(ctx.policy.folder.manifest);
  // A clip whose prompt (measured cues + app-written opening) is long gets the room its training row
  // has left, not a failed job: what it cannot finish is truncated, masked and counted like any other.
  const sample = (i: number, draw: number) => {
    const promptIds = clips[i]!.promptIds ?? ctx.rollout.promptIds ?? [ctx.policy.folder.manifest.tokenizer.tokenIds.bos];
    const room = maxCompletionTokens(shapes, promptIds.length);
    if (room < 1)
      throw new TrainingFailure(
        'dataset_invalid',
        `clip ${clips[i]!.id}: its ${promptIds.length}-token prompt leaves no room in the ${shapes.tokens}-token training row`,
      );
    return sampleGroup(ctx.policy, clips[i]!.features, {
      ...ctx.rollout,
      promptIds,
      maxTokens: Math.min(ctx.rollout.maxTokens, room),
      seed: settings.seed * 1_000_003 + i * 101 + draw,
    });
  };
  const toRewardGroup = (i: number, g: RolloutGroup) => ({
    clipId: clips[i]!.id,
    truth: clips[i]!.truth,
    completions: g.completions.map((c) => judgeCompletion(judgedText(clips[i]!, c.text), labels, c.truncated)),
    ...(clips[i]!.prosody ? { prosody: clips[i]!.prosody } : {}),
    features: g.clip,
    ...(clips[i]!.functionals ? { functionals: clips[i]!.functionals } : {}),
  });

  const groups: RolloutGroup[] = [];
  for (let i = 0; i < clips.length; i++) groups.push(await sample(i, 0));
  let rolloutMs = performance.now() - started;
  let batch = await rewardGroups(
    groups.map((g, i) => toRewardGroup(i, g)),
    ctx.rewards,
    reasoningOn,
    ctx.scorer,
  );
  const firstDraw = batch.groups.reduce(([c, n], g) => [c + g.correct, n + g.rewards.length], [0, 0]);
  let scorerCalls = batch.scorerCalls;

  let advantages = groupAdvantages(
    batch.groups.map((g) => g.rewards.map((r) => r.total)),
    ctx.rewards.advantageScale,
    ctx.rewards.advantageEpsilon,
  );
  const zeroSpreadFraction = advantages.zeroSpreadFraction;
  let resampled = 0;
  while (resampled < ctx.maxResamplesPerStep) {
    const again = groupsToResample(
      advantages.zeroSpread.map((z, i) => z && groups[i]!.completions.length > 1),
      resampled,
      ctx.maxResamplesPerStep,
    );
    if (again.length === 0) break;
    const t0 = performance.now();
    for (const i of again) groups[i] = await sample(i, 1 + resampled++);
    rolloutMs += performance.now() - t0;
    const redo = await rewardGroups(
      again.map((i) => toRewardGroup(i, groups[i]!)),
      ctx.rewards,
      reasoningOn,
      ctx.scorer,
    );
    scorerCalls += redo.scorerCalls;
    again.forEach((i, k) => (batch.groups[i] = redo.groups[k]!));
    batch = { ...batch };
    advantages = groupAdvantages(
      batch.groups.map((g) => g.rewards.map((r) => r.total)),
      ctx.rewards.advantageScale,
      ctx.rewards.advantageEpsilon,
    );
  }
  ctx.schedule.observe(firstDraw[0]!, firstDraw[1]!);

  const tokenRows = groups.flatMap((g) => g.completions.map((c) => ({ clip: g.clip, promptIds: g.promptIds, completionIds: c.tokenIds })));
  const ref = await ctx.logprobs.completionLogprobs(ctx.reference, tokenRows);
  const flat = groups.flatMap((g) => g.completions);
  const flatAdvantages = advantages.advantages.flat();
  const rows: GrpoTrainingRow[] = tokenRows.map((row, k) => ({
    ...row,
    advantage: flatAdvantages[k]!,
    oldLogprobs: flat[k]!.logprobs,
    refLogprobs: ref[k]!,
    trainable: !flat[k]!.truncated,
  }));
  const update = await grpoUpdate(
    ctx.grpo,
    ctx.logprobs,
    ctx.state,
    rows,
    {
      step: settings.optimizerStep,
      lr: settings.lr,
      weightDecay: settings.weightDecay,
      maxGradNorm: settings.maxGradNorm,
    },
    ctx.loss,
  );
  if (update.microSteps.length > 0) {
    const next = await loadModelWithWeights(ctx.modelDir, policyWeights(ctx.state, ctx.slots), {
      intraOpNumThreads: ctx.samplerThreads ?? 1,
    });
    await ctx.policy.release();
    ctx.policy = next;
  }

  const rewards = batch.groups.flatMap((g) => g.rewards);
  const scoredReasons = rewards.flatMap((r) => (r.reason === null ? [] : [r.reason]));
  const scoredGroups = batch.groups.filter((g) => g.scored);
  const lengths = flat.map((c) => c.tokenIds.length);
  const generated = lengths.reduce((a, b) => a + b, 0);
  const entropies = flat.flatMap((c) => c.entropies);
  const metrics: GrpoStepMetrics = {
    step: settings.step,
    optimizerSteps: update.microSteps.length,
    clips: clips.length,
    completions: flat.length,
    reward: {
      total: meanStd(rewards.map((r) => r.total)),
      format: meanStd(rewards.map((r) => r.format)),
      outcome: meanStd(rewards.map((r) => r.outcome)),
      reason: scoredReasons.length > 0 ? meanStd(scoredReasons) : null,
    },
    trustMean: scoredGroups.length > 0 ? scoredGroups.reduce((a, g) => a + g.trust, 0) / scoredGroups.length : null,
    outcomeAccuracy: firstDraw[1]! === 0 ? 0 : firstDraw[0]! / firstDraw[1]!,
    rollingAccuracy: ctx.schedule.rollingAccuracy,
    reasoningOn,
    switchedOnAtStep: ctx.schedule.switchedOnAtStep,
    zeroSpreadFraction,
    resampledGroups: resampled,
    scorerCalls,
    loss: update.loss,
    kl: update.kl,
    gradNorm: update.gradNorm,
    entropy: entropies.length > 0 ? entropies.reduce((a, b) => a + b, 0) / entropies.length : 0,
    clipFractionLow: update.clipFractionLow,
    clipFractionHigh: update.clipFractionHigh,
    completionLengthMean: lengths.length > 0 ? generated / lengths.length : 0,
    completionLengthMax: lengths.length > 0 ? Math.max(...lengths) : 0,
    truncationShare: flat.length > 0 ? flat.filter((c) => c.truncated).length / flat.length : 0,
    rolloutMs,
    stepMs: performance.now() - started,
    rolloutTokensPerS: rolloutMs > 0 ? generated / (rolloutMs / 1000) : 0,
  };
  const completions: GrpoCompletionRecord[] = [];
  let k = 0;
  groups.forEach((g, i) =>
    g.completions.forEach((c, j) => {
      completions.push({
        step: settings.step,
        clipId: clips[i]!.id,
        truth: clips[i]!.truth,
        text: judgedText(clips[i]!, c.text),
        rewards: batch.groups[i]!.rewards[j]!,
        advantage: flatAdvantages[k++]!,
        truncated: c.truncated,
        tokens: c.tokenIds.length,
      });
    }),
  );
  return { metrics, completions };
}
