// GRPO-PTR settings and per-completion records (EmotionThinker stage 2, DESIGN.md; issue 12). Plain
// serialisable data: a training job's config and its completions file carry them across processes.

/** The four judged criteria of the reasoning reward, in the paper's order. */
export const REASONING_CRITERIA = ['factualAlignment', 'interpretativeQuality', 'captionCompleteness', 'fluencyStructure'] as const;

/** One of the four reasoning criteria. */
export type ReasoningCriterion = (typeof REASONING_CRITERIA)[number];

/** A score 1..5 per criterion (a reward model or the evidence checker gives them). */
export type CriterionScores = Record<ReasoningCriterion, number>;

/** Weights of the total reward R = format·R_format + outcome·R_outcome + reasoning·τ·R_reason. */
export interface RewardWeights {
  format: number;
  outcome: number;
  reasoning: number;
}

/** When R_reason counts: progressive (the paper), always (no schedule), never (outcome-only GRPO). */
export type ReasoningScheduleMode = 'progressive' | 'always' | 'never';

/** The progressive schedule: R_reason switches on once rolling outcome accuracy ≥ threshold over a window. */
export interface ProgressiveScheduleConfig {
  mode: ReasoningScheduleMode;
  /** Outcome accuracy the rolling window must reach (paper: ≈ 50 %). */
  threshold: number;
  /** Steps in the rolling window; the switch needs a full window. */
  windowSteps: number;
}

/** How group-centred rewards are scaled: by the group's std, the whole batch's std, or not at all. */
export type AdvantageScale = 'group' | 'batch' | 'none';

/** Reward settings of a GRPO-PTR job. */
export interface GrpoRewardConfig {
  weights: RewardWeights;
  /** w_j of R_reason = Σ w_j·g_j/5; normalised to sum 1 when used. Default: equal. */
  criterionWeights: CriterionScores;
  /** Trust-weight R_reason by τ (false: the "without τ" ablation, τ ≡ 1). */
  useTrust: boolean;
  schedule: ProgressiveScheduleConfig;
  advantageScale: AdvantageScale;
  /** ε of (R − mean)/(std + ε). */
  advantageEpsilon: number;
}

/** Serialisable state of the progressive schedule, stored in checkpoints. */
export interface ProgressiveScheduleState {
  /** Per step in the window, oldest first: [correct, completions]. */
  recent: [number, number][];
  /** Steps observed so far. */
  stepsObserved: number;
  /** The step at which R_reason switched on; null while off. */
  switchedOnAtStep: number | null;
}

/** Rewards of one completion, per component and in total. */
export interface CompletionRewards {
  format: number;
  outcome: number;
  /** R_reason ∈ [0.2, 1] when scored; null when not scored (schedule off, or an all-right/all-wrong group). */
  reason: number | null;
  /** The four criteria the scorer gave; null when not scored. */
  criteria: CriterionScores | null;
  /** The group's trust τ (1 when not scored). */
  trust: number;
  /** weights.format·format + weights.outcome·outcome + weights.reasoning·τ·reason. */
  total: number;
}

/** One GRPO-PTR step's metrics (a metrics.jsonl line of a GRPO job). */
export interface GrpoStepMetrics {
  /** 1-based GRPO step (one rollout batch). */
  step: number;
  /** Optimiser steps (graph micro-batches) this step took. */
  optimizerSteps: number;
  clips: number;
  completions: number;
  /** Mean and std of each reward component over completions; reason over scored ones (null if none). */
  reward: { total: [number, number]; format: [number, number]; outcome: [number, number]; reason: [number, number] | null };
  /** Mean τ over the groups that were scored (null if none). */
  trustMean: number | null;
  outcomeAccuracy: number;
  rollingAccuracy: number | null;
  reasoningOn: boolean;
  switchedOnAtStep: number | null;
  zeroSpreadFraction: number;
  resampledGroups: number;
  scorerCalls: number;
  loss: number | null;
  kl: number | null;
  gradNorm: number | null;
  /** Mean policy entropy (nats) per generated token. */
  entropy: number;
  clipFractionLow: number;
  clipFractionHigh: number;
  completionLengthMean: number;
  completionLengthMax: number;
  truncationShare: number;
  rolloutMs: number;
  stepMs: number;
  /** Generated tokens per second of rollout time. */
  rolloutTokensPerS: number;
}

/** One line of a GRPO job's per-step completions file. */
export interface GrpoCompletionRecord {
  step: number;
  clipId: string;
  truth: string;
  text: string;
  rewards: CompletionRewards;
  advantage: number;
  truncated: boolean;
  tokens: number;
}

/** Where R_reason's four scores come from. The trained reasoning reward model joins here once it exists. */
/** Who scores reasoning: the trained reasoning reward model (the method) or the evidence checker (its ablation). */
export type ReasoningScorerName = 'reward-model' | 'evidence-checker';

/** The ablations of issue 12, as named presets of a GRPO job's reward settings. */
export const GRPO_ABLATIONS = ['outcome-only', 'no-trust', 'no-schedule', 'checker', 'full'] as const;
export type GrpoAblation = (typeof GRPO_ABLATIONS)[number];

/** A GRPO-PTR job (TrainingJobConfig.grpo): one job step = one rollout batch and its update. */
export interface GrpoJobSettings {
  /** Clips per step (each gets `groupSize` completions). */
  clipsPerStep: number;
  /** K, completions per clip (paper: 8). */
  groupSize: number;
  /** Generated tokens at most per completion; longer ones are truncated and masked out of the loss. */
  maxTokens: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  rewards: GrpoRewardConfig;
  /** KL weight to the frozen start (paper: 0.04). */
  beta: number;
  /** Ratio clip ε_low: the ratio is kept ≥ 1 − ε_low (and ≤ 1 + ε_high). */
  clipEpsilon: number;
  /** Ratio clip ε_high (DAPO's "clip-higher"); unset: equal to ε_low. Needs a graph with the decoupled clip. */
  clipEpsilonHigh?: number;
  /** Zero-spread groups resampled at most this many times per step (0 = never). */
  maxResamplesPerStep: number;
  scorer: ReasoningScorerName;
  /** The reasoning-reward-model folder; required when `scorer` is 'reward-model'. */
  rewardModelDir?: string;
  /** Intra-op threads of the rollout sampler (the sampler's best setting here: 1). */
  samplerThreads?: number;
  /** The preset these settings came from, for the manifest and the dashboard. */
  ablation?: GrpoAblation;
}

/** What a GRPO job's checkpoint carries beyond tensors and data position. */
export interface GrpoEngineState {
  schedule: ProgressiveScheduleState;
  /** AdamW steps taken so far (micro-steps of all GRPO steps), for bias correction on resume. */
  optimizerSteps: number;
}
