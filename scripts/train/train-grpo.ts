// `npm run train:grpo`: stage 3 of the EmotionThinker recipe (GRPO-PTR, issue 12) on an SFT model
// folder, through the app's own training runtime (forked worker, checkpoints, resume after kill -9):
//   the training speakers' clips of each corpus (EmotionCoT train split; labels only, the prompt and
//   the app-written cue sentences are measured by the job as the app measures them) → GRPO-PTR job
//   (K rollouts per clip, format/outcome/τ·R_reason rewards, progressive schedule) → model folder.
//
//   npx tsx scripts/train/train-grpo.ts [--model resources/models/default] [--cot /tmp/et-train/cot]
//       [--work /tmp/emotionthinker-grpo] [--out DIR] [--ablation full|outcome-only|no-trust|no-schedule|checker]
//       [--steps 150] [--clips 4] [--group 8] [--max-tokens 160] [--lr 2e-5] [--deadline ISO]
//       [--reward-model resources/reward-models/default | none]
// Resumable: rerun the same command and the job continues from its last checkpoint. Then evaluate:
//   npm run eval -- --model DIR --data ../shared/data/ravdess --data ../shared/data/nemo
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GRPO_ABLATIONS, type GrpoAblation } from '../../shared/types/grpo';
import type { EmotionCotRecord } from '../../shared/types/dataset';
import { grpoSettingsFor } from '../../main/ml/training/grpo/ablations';
import { runStage } from '../../main/ml/recipe/run-stage';
import { readMetrics } from '../../main/ml/training/metrics-log';
import { seededRandom, shuffle } from '../../main/ml/recipe/stage-datasets';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: path.join(ROOT, 'resources/models/default') },
    cot: { type: 'string', default: '/tmp/et-train/cot' },
    work: { type: 'string', default: '/tmp/emotionthinker-grpo' },
    out: { type: 'string' },
    ablation: { type: 'string', default: 'full' },
    steps: { type: 'string', default: '150' },
    clips: { type: 'string', default: '4' },
    group: { type: 'string', default: '8' },
    'max-tokens': { type: 'string', default: '160' },
    lr: { type: 'string', default: '2e-5' },
    'switch-threshold': { type: 'string', default: '0.5' },
    deadline: { type: 'string' },
    // The trained reasoning reward model scores R_reason (the "checker" ablation ignores it); 'none': the checker.
    'reward-model': { type: 'string', default: path.join(ROOT, 'resources/reward-models/default') },
  },
});
const ablation = args.ablation as GrpoAblation;
if (!GRPO_ABLATIONS.includes(ablation)) throw new Error(`--ablation must be one of ${GRPO_ABLATIONS.join(', ')}`);
const work = path.resolve(args.work!, ablation);
const out = path.resolve(args.out ?? path.join(work, 'model'));
mkdirSync(work, { recursive: true });
const started = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - started) / 60000).toFixed(1)} min] ${m}`);

// Training speakers only: the validation speakers stay unseen for `npm run eval`.
const cotFiles = readdirSync(args.cot!).filter((f) => /^[^.]+\.jsonl$/.test(f)).map((f) => path.join(args.cot!, f));
if (cotFiles.length === 0) throw new Error(`${args.cot} holds no EmotionCoT .jsonl files (npm run build:cot, or train:default's work folder)`);
const clips = cotFiles.flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as EmotionCotRecord))
  .filter((r) => r.split === 'train');
const datasetPath = path.join(work, 'clips.jsonl');
writeFileSync(datasetPath, shuffle(clips, seededRandom(3)).map((r) => JSON.stringify({ audio: r.audio, target: `<answer>${r.label}</answer>` })).join('\n'));
log(`${clips.length} training clips from ${cotFiles.map((f) => path.basename(f)).join(', ')}`);

const base = grpoSettingsFor('full');
const settings = grpoSettingsFor(ablation, {
  clipsPerStep: Number(args.clips), groupSize: Number(args.group), maxTokens: Number(args['max-tokens']),
  rewards: { ...base.rewards, schedule: { ...base.rewards.schedule, threshold: Number(args['switch-threshold']) } },
  ...(args['reward-model'] !== 'none' && existsSync(path.join(args['reward-model']!, 'manifest.json')) ? { rewardModelDir: path.resolve(args['reward-model']!) } : {}),
});
log(`R_reason from ${settings.scorer}${settings.rewardModelDir ? ` (${settings.rewardModelDir})` : ''}`);
const steps = Number(args.steps);
const result = await runStage({
  name: `grpo-${ablation}`, modelDir: path.resolve(args.model!), datasetPath,
  datasetDescription: `GRPO-PTR (${ablation}) rollouts on the training speakers of ${cotFiles.map((f) => path.basename(f, '.jsonl')).join(' + ')} (${clips.length} clips)`,
  licence: 'CC BY-NC-SA 4.0', jobDir: path.join(work, 'job'), outDir: out, totalSteps: steps, lr: Number(args.lr), warmupSteps: 5, seed: 7,
  examples: clips.length, grpo: settings, checkpointEvery: 10, ...(args.deadline ? { stopAtMs: Date.parse(args.deadline) } : {}),
  onProgress: (p) => { if (p.step % 10 === 0) log(`step ${p.step}/${p.totalSteps}${p.stepMs ? `, ${(p.stepMs / 1000).toFixed(1)} s/step, ETA ${((p.etaMs ?? 0) / 60000).toFixed(1)} min` : ''}`); },
  onMetric: (r) => {
    const g = r.grpo!;
    log(`step ${r.step}: reward ${g.reward.total[0].toFixed(3)} (outcome ${g.reward.outcome[0].toFixed(2)}, format ${g.reward.format[0].toFixed(2)}${g.reward.reason ? `, reason ${g.reward.reason[0].toFixed(2)}` : ''}), τ ${g.trustMean?.toFixed(2) ?? '–'}, accuracy ${(100 * g.outcomeAccuracy).toFixed(0)} %, zero-spread ${(100 * g.zeroSpreadFraction).toFixed(0)} %, KL ${g.kl?.toExponential(2) ?? '–'}, ${g.completionLengthMean.toFixed(0)} tokens, truncated ${(100 * g.truncationShare).toFixed(0)} %, ${(g.stepMs / 1000).toFixed(1)} s`);
  },
  onLog: (m) => log(m),
});
const rows = readMetrics(path.join(work, 'job', 'metrics.jsonl')).filter((r) => r.grpo);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const window = Math.max(1, Math.min(20, Math.floor(rows.length / 3)));
const summary = {
  ablation, steps: result.outcome.step, lr: Number(args.lr), wallMinutes: result.wallMs / 60000, settings,
  firstSteps: { reward: mean(rows.slice(0, window).map((r) => r.grpo!.reward.total[0])), accuracy: mean(rows.slice(0, window).map((r) => r.grpo!.outcomeAccuracy)) },
  lastSteps: { reward: mean(rows.slice(-window).map((r) => r.grpo!.reward.total[0])), accuracy: mean(rows.slice(-window).map((r) => r.grpo!.outcomeAccuracy)) },
  switchedOnAtStep: rows.at(-1)?.grpo?.switchedOnAtStep ?? null,
  medianStepS: [...rows.map((r) => r.stepMs)].sort((a, b) => a - b)[rows.length >> 1]! / 1000,
  rolloutTokensPerS: mean(rows.map((r) => r.grpo!.rolloutTokensPerS)),
};
writeFileSync(path.join(out, 'grpo-summary.json'), `${JSON.stringify(summary, null, 1)}\n`);
log(`wrote ${out}: ${JSON.stringify({ ...summary, settings: undefined })}`);
if (!existsSync(path.join(out, 'manifest.json'))) throw new Error('export failed');
