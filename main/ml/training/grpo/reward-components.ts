// The reward components of GRPO-PTR (DESIGN.md): R = 0.3·R_format + 1.0·R_outcome + 0.5·τ·R_reason,
// R_format and R_outcome ∈ {0, 1}, R_reason = Σ w_j·g_j/5 over four criteria g_j ∈ 1..5. The paper
// does not publish w_j, so they are configurable and equal by default (issue 12).
import { REASONING_CRITERIA, type CriterionScores, type GrpoRewardConfig, type RewardWeights } from '../../../../shared/types/grpo';
import { parseAnswer, type ParsedAnswer } from '../../generation/answer';

export const DEFAULT_REWARD_WEIGHTS: RewardWeights = { format: 0.3, outcome: 1.0, reasoning: 0.5 };

export const EQUAL_CRITERION_WEIGHTS: CriterionScores = {
  factualAlignment: 0.25,
  interpretativeQuality: 0.25,
  captionCompleteness: 0.25,
  fluencyStructure: 0.25,
};

export const DEFAULT_REWARD_CONFIG: GrpoRewardConfig = {
  weights: DEFAULT_REWARD_WEIGHTS,
  criterionWeights: EQUAL_CRITERION_WEIGHTS,
  useTrust: true,
  schedule: { mode: 'progressive', threshold: 0.5, windowSteps: 10 },
  advantageScale: 'group',
  advantageEpsilon: 1e-4,
};

/** Problems with a reward config, in words (empty when it is usable). */
export function validateRewardConfig(config: GrpoRewardConfig): string[] {
  const problems: string[] = [];
  for (const [name, w] of Object.entries(config.weights))
    if (!(Number.isFinite(w) && w >= 0)) problems.push(`weights.${name} must be a finite number ≥ 0`);
  const ws = REASONING_CRITERIA.map((c) => config.criterionWeights[c]);
  if (ws.some((w) => !(Number.isFinite(w) && w >= 0))) problems.push('criterionWeights must be finite numbers ≥ 0');
  else if (ws.reduce((a, b) => a + b, 0) <= 0) problems.push('criterionWeights must not all be 0');
  const { threshold, windowSteps } = config.schedule;
  if (!(threshold >= 0 && threshold <= 1)) problems.push('schedule.threshold must be in [0, 1]');
  if (!(Number.isInteger(windowSteps) && windowSteps >= 1)) problems.push('schedule.windowSteps must be an integer ≥ 1');
  if (!(config.advantageEpsilon > 0)) problems.push('advantageEpsilon must be > 0');
  return problems;
}

/** One completion as the rewards see it: its text parsed against the model's labels. */
export interface JudgedCompletion {
  parsed: ParsedAnswer;
  /** The completion hit the token limit (no stop token). */
  truncated: boolean;
}

export function judgeCompletion(text: string, labels: readonly string[], truncated = false): JudgedCompletion {
  return { parsed: parseAnswer(text, labels), truncated };
}

/** 1 for a well-formed `<think>…</think><answer>label</answer>` with a label of the model's set, else 0. */
export function formatReward(completion: JudgedCompletion): number {
  return completion.parsed.wellFormed && !completion.truncated ? 1 : 0;
}

/** 1 when the answer names the clip's true label, else 0 (a malformed answer can still be right). */
export function outcomeReward(completion: JudgedCompletion, truth: string): number {
  return completion.parsed.label !== null && completion.parsed.label === truth.trim().toLowerCase() ? 1 : 0;
}

/**
 * R_reason = Σ w_j·g_j/5 with the weights normalised to sum 1, so R_reason ∈ [0.2, 1] for scores in
 * 1..5. Scores outside 1..5 or not finite are a scorer bug and throw rather than skew the reward.
 */
export function reasoningReward(scores: CriterionScores, weights: CriterionScores = EQUAL_CRITERION_WEIGHTS): number {
  let sum = 0;
  let weightSum = 0;
  for (const criterion of REASONING_CRITERIA) {
    const g = scores[criterion];
    if (!(Number.isFinite(g) && g >= 1 && g <= 5)) throw new RangeError(`${criterion} score ${g} is outside 1..5`);
    sum += weights[criterion] * (g / 5);
    weightSum += weights[criterion];
  }
  if (!(weightSum > 0)) throw new RangeError('criterion weights sum to 0');
  return sum / weightSum;
}
