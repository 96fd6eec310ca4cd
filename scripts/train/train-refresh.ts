// `npm run train:refresh`: stage 2 continued from a trained model on the recipe's data measured by the
// app as it is now (thin CLI over main/ml/recipe/refresh-stage.ts, which says when and why):
//   npx tsx scripts/train/train-refresh.ts [--model resources/models/default] [--work /tmp/emotionthinker-refresh]
//       [--data ../shared/data/ravdess --data ../shared/data/nemo] [--steps 600] [--lr 2.5e-4] [--deadline ISO]
// Resumable (the recipe's phases and the job's checkpoints). Then GRPO-PTR on its export and promotion:
//   npm run train:grpo -- --model /tmp/emotionthinker-refresh/refresh-model --cot /tmp/emotionthinker-refresh/cot
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RecipeError } from '../../main/ml/recipe/recipe-error';
import { defaultRecipeOptions, parseValidationSpeakers } from '../../main/ml/recipe/recipe-plan';
import { runRefreshStage } from '../../main/ml/recipe/refresh-stage';

const ROOT = path.resolve(import.meta.dirname, '../..');
const defaults = defaultRecipeOptions(ROOT);
const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: defaults.outDir },
    data: { type: 'string', multiple: true, default: defaults.dataDirs },
    work: { type: 'string', default: '/tmp/emotionthinker-refresh' },
    'val-speakers': { type: 'string' },
    steps: { type: 'string', default: '600' },
    lr: { type: 'string', default: '2.5e-4' },
    'eval-limit': { type: 'string', default: '0' },
    deadline: { type: 'string' },
  },
});
const started = performance.now();
const log = (message: string) => console.log(`[${((performance.now() - started) / 60000).toFixed(1)} min] ${message}`);
try {
  const number = (flag: 'steps' | 'lr' | 'eval-limit'): number => {
    const value = Number(args[flag]);
    if (!Number.isFinite(value) || value < 0) throw new RecipeError('bad_option', `--${flag} needs a number ≥ 0, got "${args[flag]}"`);
    return value;
  };
  const stopAtMs = args.deadline === undefined ? undefined : Date.parse(args.deadline);
  if (stopAtMs !== undefined && Number.isNaN(stopAtMs))
    throw new RecipeError('bad_option', `--deadline needs an ISO time, got "${args.deadline}"`);
  await runRefreshStage({
    sourceDir: args.model!,
    dataDirs: args.data!,
    workDir: path.resolve(args.work!),
    validationSpeakers: args['val-speakers'] ? parseValidationSpeakers(args['val-speakers']) : defaults.validationSpeakers,
    steps: number('steps'),
    lr: number('lr'),
    copies: defaults.copies,
    pairsPerClip: defaults.pairsPerClip,
    evalLimit: number('eval-limit'),
    tokens: defaults.tokens,
    ...(stopAtMs !== undefined ? { stopAtMs } : {}),
    log,
  });
} catch (error) {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') throw error;
  console.error(`train:refresh: [${code}] ${(error as Error).message}`);
  process.exitCode = 2;
}
