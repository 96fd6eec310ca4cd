// The README written into every export: what is in it, what runs where, how to start both ends.
import type { LaunchSettings } from './launch-config';

export function exportReadme(s: LaunchSettings, counts: { train: number; val: number }, datasetName: string): string {
  const engine = s.engine === 'verl' ? 'verl' : 'TRL';
  const run =
    s.engine === 'verl'
      ? '```\n./run_verl.sh trainer.n_gpus_per_node=8 trainer.nnodes=1\n```'
      : '```\naccelerate launch train_trl.py --policy ' + s.policy + '\n```';
  const files =
    s.engine === 'verl'
      ? '- `train.parquet`, `val.parquet`: verl RL rows — `data_source`, `prompt` (chat messages), `ability`, `reward_model` {`style`, `ground_truth`}, `extra_info` {`split`, `index`, `clip_id`, `audio`, `prosody_json`, `functionals_json`}.\n- `run_verl.sh`: `verl.trainer.main_ppo` with GRPO and the settings below; rewards through `custom_reward_function` = `compute_score_batch` under `reward_model.reward_manager=batch`.'
      : '- `train.parquet` (and `train.jsonl`, the same rows), `val.parquet`: TRL rows — `prompt` (chat messages) and the columns the reward function receives: `truth`, `clip_id`, `audio`, `split`, `prosody_json`, `functionals_json`.\n- `train_trl.py`: `GRPOTrainer` with the settings below and `emotionthinker_reward.reward` as its reward function.';
  return `# GRPO-PTR on ${engine}: ${datasetName}

Exported by EmotionThinker (\`npx emotionthinker export-rl --engine ${s.engine}\`): ${counts.train} training and ${counts.val} validation clips of an EmotionCoT dataset (the test split stays home).

## What runs where

- **The GPUs** run ${engine}: rollouts of the policy (default \`${s.policy}\`), reference log-probs, the GRPO update.
- **The app** computes every reward: \`${s.rewardServer.command}\` serves the app's own GRPO-PTR code — R = ${s.rewardWeights.format}·R_format + ${s.rewardWeights.outcome}·R_outcome + ${s.rewardWeights.reasoning}·τ·R_reason, τ per group of ${s.groupSize}, R_reason from the reasoning reward model (ONNX Runtime) once outcome accuracy over ${s.schedule.windowSteps} steps reaches ${s.schedule.threshold}. Nothing is re-implemented in Python.
- \`emotionthinker_reward.py\` (standard library only) carries completions to the server and the rewards back.

## Files

${files}
- \`emotionthinker_reward.py\`, \`rl_job.json\` (the label set), \`launch.json\` (every setting below).
- Audio: each row's \`audio\` is ${'the clip file (absolute path, or `audio/…` relative to this folder with --copy-audio)'}.

## Settings (the paper's)

K = ${s.groupSize} completions per clip, β = ${s.beta} (KL to the reference), learning rate ${s.learningRate}, ratio clip ${s.clipEpsilon}, temperature ${s.temperature}, progressive schedule threshold ${s.schedule.threshold} (window ${s.schedule.windowSteps} steps, in the reward server), at most ${s.maxCompletionTokens} completion tokens.

## How to run

1. Where the engine computes rewards (verl: the driver; TRL: every process), start the reward server from an EmotionThinker checkout, in this folder:
   \`\`\`
   ${s.rewardServer.command}
   \`\`\`
   It listens on 127.0.0.1 only and writes its random token to \`reward-server.token\` (mode 0600). To serve from another machine, tunnel it (\`ssh -R ${s.rewardServer.url.split(':').pop()}:127.0.0.1:${s.rewardServer.url.split(':').pop()} gpu-node\`) rather than opening the port; or set EMOTIONTHINKER_REWARD_TOKEN on both ends.
2. Point the adapter at it (the launcher sets these defaults): \`EMOTIONTHINKER_REWARD_URL\`, \`EMOTIONTHINKER_REWARD_TOKEN_FILE\` or \`EMOTIONTHINKER_REWARD_TOKEN\`; \`EMOTIONTHINKER_RUN\` names the run whose schedule the steps count for (one per training run; restart the server or change it for a new run).
3. Run:
${run}

## What to know

- τ and R_reason compare the ${s.groupSize} completions of a clip, so rewards must be computed a whole step at a time: verl's \`batch\` reward manager with \`compute_score_batch\`, or TRL's reward function (it gets the whole generation batch). verl's per-sample \`compute_score\` exists but can only give format and outcome. Under TRL with several processes, a group split across processes is scored in parts; keep the per-device batch a multiple of ${s.groupSize}.
- Each reward call counts as one step of the progressive schedule.
- The prompt holds an \`<audio>\` placeholder and the measured cues: feeding the clip's audio to a Qwen2.5-Omni-class policy needs the engine's multimodal (audio) input path for that model; the cue text alone already carries what R_reason checks.
`;
}
