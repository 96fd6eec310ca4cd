// Defaults of the train form per stage (issue 13), from the recipe the shipped default model was
// trained with (scripts/train/train-default.ts, train-grpo.ts; DESIGN.md): a first run of a stage
// that is sensible without reading the paper. The form shows them and the user may change any.
import type { TrainingForm, TrainingStage } from '../types/training-jobs';

type StageDefaults = Omit<TrainingForm, 'name' | 'baseModelKey' | 'dataset'>;

const COMMON = {
  clipsPerStep: 4,
  groupSize: 8,
  beta: 0.04,
  maxTokens: 128,
  rewardWeights: { format: 0.3, outcome: 1, reasoning: 0.5 },
  progressiveThreshold: 0.5,
  progressiveWindow: 10,
  useTrust: true,
  executionProvider: 'cpu',
  threads: 1,
  seed: 1,
} as const;

/** The form's starting values for `stage`. */
export function stageDefaults(stage: TrainingStage): StageDefaults {
  switch (stage) {
    case 'prosody-base':
      return { ...COMMON, rewardWeights: { ...COMMON.rewardWeights }, stage, lr: 3e-4, steps: 1200, warmupSteps: 60, checkpointEvery: 100 };
    case 'cot-sft':
      return { ...COMMON, rewardWeights: { ...COMMON.rewardWeights }, stage, lr: 1e-4, steps: 800, warmupSteps: 40, checkpointEvery: 100 };
    case 'grpo-ptr':
      // GRPO steps are whole rollout batches: far fewer of them, a much smaller rate (train-grpo.ts: 2e-5).
      return {
        ...COMMON,
        rewardWeights: { ...COMMON.rewardWeights },
        stage,
        lr: 2e-5,
        steps: 150,
        warmupSteps: 5,
        checkpointEvery: 10,
        scorer: 'reward-model',
        ablation: 'full',
      };
    case 'reward-model':
      // Fine-tuning the shipped reward model (trained 3,000 steps at 5e-4, scripts/train/train-reward-model.ts).
      return {
        ...COMMON,
        rewardWeights: { ...COMMON.rewardWeights },
        stage,
        lr: 3e-4,
        steps: 1000,
        warmupSteps: 50,
        checkpointEvery: 100,
        corruptedCopies: 6,
      };
  }
}

/** Which form fields a stage uses (the rest are GRPO's and hidden for SFT). */
export const isGrpoStage = (stage: TrainingStage) => stage === 'grpo-ptr';

/** The reasoning reward model's stage: its own form (a reward model, a whole dataset, corrupted copies). */
export const isRewardModelStage = (stage: TrainingStage) => stage === 'reward-model';
