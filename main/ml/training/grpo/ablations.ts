// The GRPO job settings of each ablation of issue 12, over one set of defaults, so a table of runs
// differs only where its names say. R_reason comes from the trained reasoning reward model when the
// settings name its folder (rewardModelDir), except in the "checker" ablation, which scores with the
// evidence checker instead; without a reward-model folder every preset uses the checker, and a run
// says so through its `scorer` field rather than by pretending otherwise.
import type { GrpoAblation, GrpoJobSettings } from '../../../../shared/types/grpo';
import { DEFAULT_REWARD_CONFIG } from './reward-components';

/** Rollout and loss defaults: K = 8 at temperature 1 (the paper, TRL), β = 0.04, ε = 0.2, μ = 1. */
export const DEFAULT_GRPO_SETTINGS: GrpoJobSettings = {
  clipsPerStep: 4,
  groupSize: 8,
  maxTokens: 128,
  temperature: 1,
  rewards: DEFAULT_REWARD_CONFIG,
  beta: 0.04,
  clipEpsilon: 0.2,
  maxResamplesPerStep: 2,
  scorer: 'evidence-checker',
  samplerThreads: 1,
  ablation: 'full',
};

/** Settings for `ablation`, with `overrides` (rollout sizes, thresholds) applied on top. */
export function grpoSettingsFor(ablation: GrpoAblation, overrides: Partial<GrpoJobSettings> = {}): GrpoJobSettings {
  const base = { ...DEFAULT_GRPO_SETTINGS, ...overrides, ablation };
  const rewards = { ...base.rewards, schedule: { ...base.rewards.schedule } };
  switch (ablation) {
    case 'outcome-only': // plain GRPO: format + outcome, R_reason never counts
      rewards.schedule.mode = 'never';
      break;
    case 'no-trust': // R_reason counts at full weight whether or not it agrees with the outcome
      rewards.useTrust = false;
      break;
    case 'no-schedule': // R_reason from the first step
      rewards.schedule.mode = 'always';
      break;
    case 'checker':
    case 'full':
      break;
  }
  const scorer = ablation !== 'checker' && base.rewardModelDir !== undefined ? 'reward-model' : 'evidence-checker';
  return { ...base, rewards, scorer };
}
