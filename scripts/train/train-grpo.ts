// `npm run train:grpo`: stage 3 of the EmotionThinker recipe (GRPO-PTR, issue 12) on an SFT model
// folder (thin CLI over main/ml/recipe/grpo-stage.ts):
//   npx tsx scripts/train/train-grpo.ts [--model resources/models/default] [--cot /tmp/et-train/cot]
//       [--work /tmp/emotionthinker-grpo] [--out DIR] [--ablation full|outcome-only|no-trust|no-schedule|checker]
//       [--steps 150] [--clips 4] [--group 8] [--max-tokens 160] [--lr 2e-5] [--deadline ISO]
//       [--reward-model resources/reward-models/default | none]
// Resumable: rerun the same command and the job continues from its last checkpoint. Then evaluate:
//   npm run eval -- --model DIR --data ../shared/data/ravdess --data ../shared/data/nemo
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GRPO_STAGE_DEFAULTS, parseAblation, runGrpoStage } from '../../main/ml/recipe/grpo-stage';
import { RecipeError } from '../../main/ml/recipe/recipe-error';

const ROOT = path.resolve(import.meta.dirname, '../..');
const d = GRPO_STAGE_DEFAULTS;
const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: path.join(ROOT, 'resources/models/default') },
    cot: { type: 'string', default: '/tmp/et-train/cot' },
    work: { type: 'string', default: '/tmp/emotionthinker-grpo' },
    out: { type: 'string' },
    ablation: { type: 'string', default: d.ablation },
    steps: { type: 'string', default: String(d.steps) },
    clips: { type: 'string', default: String(d.clipsPerStep) },
    group: { type: 'string', default: String(d.groupSize) },
    'max-tokens': { type: 'string', default: String(d.maxTokens) },
    lr: { type: 'string', default: String(d.lr) },
    'switch-threshold': { type: 'string', default: String(d.switchThreshold) },
    deadline: { type: 'string' },
    // The trained reasoning reward model scores R_reason (the "checker" ablation ignores it); 'none': the checker.
    'reward-model': { type: 'string', default: path.join(ROOT, 'resources/reward-models/default') },
  },
});
const started = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - started) / 60000).toFixed(1)} min] ${m}`);
try {
  await runGrpoStage({
    modelDir: args.model!,
    cotDir: args.cot!,
    workDir: args.work!,
    ...(args.out ? { outDir: args.out } : {}),
    ablation: parseAblation(args.ablation!),
    steps: Number(args.steps),
    clipsPerStep: Number(args.clips),
    groupSize: Number(args.group),
    maxTokens: Number(args['max-tokens']),
    lr: Number(args.lr),
    switchThreshold: Number(args['switch-threshold']),
    ...(args['reward-model'] !== 'none' ? { rewardModelDir: args['reward-model']! } : {}),
    ...(args.deadline ? { stopAtMs: Date.parse(args.deadline) } : {}),
    log,
  });
} catch (error) {
  if (!(error instanceof RecipeError)) throw error;
  console.error(`train:grpo: [${error.code}] ${error.message}`);
  process.exitCode = 2;
}
