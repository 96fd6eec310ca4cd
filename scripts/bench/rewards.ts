// npm run bench:rewards — 1,000 completions (125 groups of K = 8, clean and corrupted EmotionCoT
// traces of the RAVDESS fixture) scored with R_reason on by the trained reward model: through the
// reward server (HTTP + JSON, as the Python adapter sends them) next to GRPO-PTR's rewardGroups in
// process, the reference. Prints the median of 3 timed runs after one warm-up each.
import { judgeCompletion, rewardGroups } from '../../main/ml/training/grpo';
import { RewardModelScorer } from '../../main/ml/reward-model/reward-model-scorer';
import { PROSODY_FUNCTIONAL_NAMES } from '../../main/prosody/functionals';
import { DEFAULT_REWARD_MODEL_DIR, newToken, openRewardService, rewardConfigFor, startRewardServer } from '../../main/reward-server';
import { completionGroup, ravdessCot } from '../../main/reward-server/testing/completion-groups';

const GROUPS = 125;
const OPTIONS = { ablation: 'no-schedule' as const }; // R_reason from the first call: the costly path

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(run: () => Promise<unknown>): Promise<number> {
  await run();
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  return median(ms);
}

async function main(): Promise<void> {
  const { records, labels } = await ravdessCot();
  const groups = Array.from({ length: GROUPS }, (_, i) => {
    const { record, texts } = completionGroup(records[i % records.length]!, labels, i);
    return { clipId: `${record.contentHash}:${i}`, truth: record.label, texts, prosody: record.prosody, functionals: record.functionals };
  });
  const completions = groups.reduce((n, g) => n + g.texts.length, 0);

  const scorer = await RewardModelScorer.open(DEFAULT_REWARD_MODEL_DIR);
  const config = rewardConfigFor(OPTIONS);
  const inProcess = await time(() =>
    rewardGroups(
      groups.map((g) => ({
        clipId: g.clipId,
        truth: g.truth,
        completions: g.texts.map((t) => judgeCompletion(t, labels)),
        prosody: g.prosody,
        functionals: { names: PROSODY_FUNCTIONAL_NAMES, values: g.functionals.map((v) => v ?? Number.NaN) },
      })),
      config,
      true,
      scorer,
    ),
  );
  await scorer.release();

  const token = newToken();
  const service = await openRewardService(OPTIONS);
  const server = await startRewardServer({ service, token, port: 0 });
  const body = JSON.stringify({
    labels,
    groups: groups.map((g) => ({ ...g, texts: undefined, completions: g.texts.map((text) => ({ text })) })),
  });
  const overHttp = await time(async () => {
    const res = await fetch(`${server.url}/v1/score`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
    if (!res.ok) throw new Error(`reward server: ${res.status} ${await res.text()}`);
    await res.json();
  });
  await server.close();
  await service.release();

  console.log(
    `${completions} completions in ${GROUPS} groups, R_reason on (reward model, ONNX Runtime CPU); request ${(body.length / 1024).toFixed(0)} KiB`,
  );
  console.log(`  in process (rewardGroups):  ${inProcess.toFixed(0)} ms  (${((1000 * completions) / inProcess).toFixed(0)} completions/s)`);
  console.log(`  reward server (HTTP+JSON):  ${overHttp.toFixed(0)} ms  (${((1000 * completions) / overHttp).toFixed(0)} completions/s)`);
  console.log(`  server overhead:            ${(overHttp - inProcess).toFixed(0)} ms`);
}

await main();
