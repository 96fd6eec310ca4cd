// The paper's GRPO-PTR settings for an external engine (issue 17), taken from the app's own defaults
// so the two cannot drift: K = 8 completions per clip, β = 0.04 (KL to the reference), ratio clip 0.2,
// the progressive schedule's threshold 0.5 (the reward server applies it), and lr 1e-6 for a 7 B
// Qwen2.5-Omni-class policy (EmotionThinker's stage 2). Written as launch.json plus a launcher per engine.
import { DEFAULT_GRPO_SETTINGS } from '../training/grpo';

/** EmotionThinker's stage-2 learning rate for its 7 B policy (the app's tiny model uses its own). */
export const PAPER_LEARNING_RATE = 1e-6;

export const DEFAULT_POLICY = 'Qwen/Qwen2.5-Omni-7B';

export type RlEngine = 'verl' | 'trl';

export interface LaunchSettings {
  engine: RlEngine;
  policy: string;
  groupSize: number;
  beta: number;
  learningRate: number;
  clipEpsilon: number;
  temperature: number;
  schedule: { mode: string; threshold: number; windowSteps: number };
  rewardWeights: { format: number; outcome: number; reasoning: number };
  maxCompletionTokens: number;
  labels: string[];
  rewardServer: { url: string; command: string };
}

export const DEFAULT_REWARD_PORT = 8765;

export function launchSettings(engine: RlEngine, labels: string[]): LaunchSettings {
  const d = DEFAULT_GRPO_SETTINGS;
  const { schedule, weights } = d.rewards;
  return {
    engine,
    policy: DEFAULT_POLICY,
    groupSize: d.groupSize,
    beta: d.beta,
    learningRate: PAPER_LEARNING_RATE,
    clipEpsilon: d.clipEpsilon,
    temperature: d.temperature ?? 1,
    schedule: { ...schedule },
    rewardWeights: { ...weights },
    // A 7 B policy writes longer reasonings than the app's tiny one (its d.maxTokens is 128).
    maxCompletionTokens: 512,
    labels,
    rewardServer: {
      url: `http://127.0.0.1:${DEFAULT_REWARD_PORT}`,
      command: `npx emotionthinker reward-server --port ${DEFAULT_REWARD_PORT} --threshold ${schedule.threshold} --window-steps ${schedule.windowSteps} --token-file reward-server.token`,
    },
  };
}

/** verl's launcher: main_ppo with GRPO, the batch reward manager and the adapter's compute_score_batch. */
export function verlLauncher(s: LaunchSettings): string {
  return `#!/usr/bin/env bash
# GRPO-PTR on verl with the EmotionThinker reward server (see README.md). Extra Hydra overrides go
# after the script's name, e.g. ./run_verl.sh trainer.n_gpus_per_node=4.
set -euo pipefail
HERE="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
export EMOTIONTHINKER_REWARD_URL="\${EMOTIONTHINKER_REWARD_URL:-${s.rewardServer.url}}"
export EMOTIONTHINKER_REWARD_TOKEN_FILE="\${EMOTIONTHINKER_REWARD_TOKEN_FILE:-$HERE/reward-server.token}"
python3 -m verl.trainer.main_ppo \\
  algorithm.adv_estimator=grpo \\
  algorithm.use_kl_in_reward=False \\
  data.train_files="$HERE/train.parquet" \\
  data.val_files="$HERE/val.parquet" \\
  data.prompt_key=prompt \\
  data.max_response_length=${s.maxCompletionTokens} \\
  actor_rollout_ref.model.path="\${POLICY:-${s.policy}}" \\
  actor_rollout_ref.actor.optim.lr=${s.learningRate} \\
  actor_rollout_ref.actor.clip_ratio=${s.clipEpsilon} \\
  actor_rollout_ref.actor.use_kl_loss=True \\
  actor_rollout_ref.actor.kl_loss_coef=${s.beta} \\
  actor_rollout_ref.actor.kl_loss_type=low_var_kl \\
  actor_rollout_ref.rollout.n=${s.groupSize} \\
  actor_rollout_ref.rollout.temperature=${s.temperature} \\
  reward_model.reward_manager=batch \\
  custom_reward_function.path="$HERE/emotionthinker_reward.py" \\
  custom_reward_function.name=compute_score_batch \\
  trainer.project_name=emotionthinker \\
  trainer.experiment_name=grpo-ptr \\
  "$@"
`;
}

/** TRL's launcher: GRPOTrainer on the exported Parquet with the adapter's reward function. */
export function trlLauncher(s: LaunchSettings): string {
  return `"""GRPO-PTR on TRL with the EmotionThinker reward server (see README.md).

Run with accelerate for several GPUs: accelerate launch train_trl.py [--policy NAME] [--out DIR]
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("EMOTIONTHINKER_REWARD_URL", "${s.rewardServer.url}")
os.environ.setdefault("EMOTIONTHINKER_REWARD_TOKEN_FILE", os.path.join(HERE, "reward-server.token"))

from datasets import load_dataset  # noqa: E402
from trl import GRPOConfig, GRPOTrainer  # noqa: E402

import emotionthinker_reward  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--policy", default="${s.policy}")
parser.add_argument("--out", default=os.path.join(HERE, "grpo-ptr"))
args = parser.parse_args()

data = load_dataset("parquet", data_files={"train": os.path.join(HERE, "train.parquet")})["train"]
config = GRPOConfig(
    output_dir=args.out,
    num_generations=${s.groupSize},
    beta=${s.beta},
    learning_rate=${s.learningRate},
    epsilon=${s.clipEpsilon},
    temperature=${s.temperature},
    max_completion_length=${s.maxCompletionTokens},
    # The reward function reads truth, clip_id, prosody_json and functionals_json.
    remove_unused_columns=False,
    logging_steps=1,
)
trainer = GRPOTrainer(model=args.policy, reward_funcs=[emotionthinker_reward.reward], args=config, train_dataset=data)
trainer.train()
`;
}
