// The reward settings and scorer a reward server serves, chosen the way a GRPO job chooses them:
// an ablation preset of grpoSettingsFor (default "full": trust and the progressive schedule), R_reason
// from the trained reasoning reward model on ONNX Runtime, or from the evidence checker in the
// "checker" ablation or when asked.
import path from 'node:path';
import type { GrpoAblation, GrpoRewardConfig } from '../../shared/types/grpo';
import { EvidenceCheckerScorer, grpoSettingsFor } from '../ml/training/grpo';
import type { SessionOptions } from '../ml/backends/onnx';
import { RewardModelScorer } from '../ml/reward-model/reward-model-scorer';
import { RewardService } from './reward-service';

/** The shipped reasoning reward model of this checkout. */
export const DEFAULT_REWARD_MODEL_DIR = path.resolve(import.meta.dirname, '../../resources/reward-models/default');

export interface RewardServiceOptions {
  ablation?: GrpoAblation;
  /** Score R_reason with the trained reward model in this folder (default: the shipped one) … */
  rewardModelDir?: string;
  /** … or with the evidence checker. */
  scorer?: 'reward-model' | 'evidence-checker';
  /** Overrides of the progressive schedule (default: the paper's threshold 0.5 over 10 steps). */
  threshold?: number;
  windowSteps?: number;
  intraOpNumThreads?: number;
  /** ONNX Runtime providers of the reward model, e.g. ['cuda', 'cpu'] on a GPU node (default: CPU). */
  executionProviders?: SessionOptions['executionProviders'];
}

/** The GRPO-PTR reward settings these options stand for. */
export function rewardConfigFor(options: RewardServiceOptions): GrpoRewardConfig {
  const rewards = grpoSettingsFor(options.ablation ?? 'full').rewards;
  return {
    ...rewards,
    schedule: {
      ...rewards.schedule,
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
      ...(options.windowSteps !== undefined ? { windowSteps: options.windowSteps } : {}),
    },
  };
}

export async function openRewardService(options: RewardServiceOptions = {}): Promise<RewardService> {
  const config = rewardConfigFor(options);
  if (config.schedule.mode === 'never' || config.weights.reasoning === 0) return new RewardService(config, 'none');
  if (options.scorer === 'evidence-checker' || options.ablation === 'checker')
    return new RewardService(config, 'evidence-checker', (labels) => new EvidenceCheckerScorer(labels));
  const model = await RewardModelScorer.open(options.rewardModelDir ?? DEFAULT_REWARD_MODEL_DIR, {
    ...(options.intraOpNumThreads !== undefined ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
    ...(options.executionProviders ? { executionProviders: options.executionProviders } : {}),
  });
  // The reward model reads no labels: one session for every label set.
  return new RewardService(config, model.name, () => model);
}
