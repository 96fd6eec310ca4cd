// GRPO-PTR (EmotionThinker stage 2, issue 12): rewards, trust, schedule, advantages, rollouts and the
// train_grpo step. Only backends/onnx.ts touches onnxruntime-node; everything here goes through it.
export { groupAdvantages, groupsToResample, sampleStd, ZERO_SPREAD_TOLERANCE, type Advantages } from './advantages';
export { CAPTION_ATTRIBUTES, EvidenceCheckerScorer, evidenceScores } from './evidence-scorer';
export { rewardGroups, type BatchRewards, type GroupRewards, type RewardGroup } from './group-rewards';
export {
  judgedText,
  policyWeights,
  runGrpoIteration,
  type GrpoClip,
  type GrpoIterationContext,
  type GrpoStepSettings,
} from './grpo-iteration';
export {
  grpoUpdate,
  GrpoStepRunner,
  type GrpoLossSettings,
  type GrpoMicroStep,
  type GrpoTrainingRow,
  type GrpoUpdateResult,
} from './grpo-step';
export { LogprobRunner, type ParameterFeeds } from './logprob-runner';
export { ProgressiveSchedule } from './progressive-schedule';
export type { ReasoningScorer, ReasoningScoreRequest } from './reasoning-scorer';
export {
  DEFAULT_REWARD_CONFIG,
  DEFAULT_REWARD_WEIGHTS,
  EQUAL_CRITERION_WEIGHTS,
  formatReward,
  judgeCompletion,
  outcomeReward,
  reasoningReward,
  validateRewardConfig,
  type JudgedCompletion,
} from './reward-components';
export { sampleGroup, truncationShare, type RolloutCompletion, type RolloutGroup, type RolloutOptions } from './rollouts';
export {
  chunks,
  completionPosition,
  fitClipToWindow,
  maxCompletionTokens,
  packRows,
  trainingShapes,
  type PackedRows,
  type TokenRow,
  type TrainingShapes,
} from './token-rows';
export { groupTrust, type GroupTrust } from './trust';
export { DEFAULT_GRPO_SETTINGS, grpoSettingsFor } from './ablations';
export { COMPLETIONS_FILE_NAME, GrpoEngine } from './grpo-engine';
