// `npm run train:default`: the app's default model, trained end to end on this machine on RAVDESS and
// nEMO (thin CLI over main/ml/recipe/train-default-model.ts, where the recipe and its defaults live).
//
//   npx tsx scripts/train/train-default.ts [--data ../shared/data/ravdess --data ../shared/data/nemo]
//       [--work /tmp/emotionthinker-train-default] [--stage1-steps 500] [--stage2-steps 3000]
//       [--stage1-deadline ISO] [--stage2-deadline ISO] [--out resources/models/default]
// Everything is resumable: finished phases are skipped, training jobs resume from their checkpoints.
// Then calibrate and document on the held-out speakers (the shipped model was made this way):
//   npm run eval -- --data ../shared/data/ravdess --data ../shared/data/nemo --write-temperature --out /tmp/eval.json
//   npx tsx scripts/train/model-card.ts --model resources/models/default --eval /tmp/eval.json
import path from 'node:path';
import { parseArgs } from 'node:util';
import { RecipeError } from '../../main/ml/recipe/recipe-error';
import { defaultRecipeOptions, parseValidationSpeakers, type DefaultRecipeOptions } from '../../main/ml/recipe/recipe-plan';
import { trainDefaultModel } from '../../main/ml/recipe/train-default-model';

const ROOT = path.resolve(import.meta.dirname, '../..');
const defaults = defaultRecipeOptions(ROOT);
const { values: args } = parseArgs({
  options: {
    data: { type: 'string', multiple: true, default: defaults.dataDirs },
    work: { type: 'string', default: defaults.workDir },
    out: { type: 'string', default: defaults.outDir },
    // Validation speakers per corpus folder name, e.g. "ravdess=17,18,19,20;nemo=nemo_IC0,nemo_KS0".
    'val-speakers': { type: 'string' },
    'stage1-steps': { type: 'string', default: String(defaults.stage1Steps) },
    'stage2-steps': { type: 'string', default: String(defaults.stage2Steps) },
    'decay-steps': { type: 'string', default: String(defaults.decaySteps) },
    'stage1-lr': { type: 'string', default: String(defaults.stage1Lr) },
    'stage2-lr': { type: 'string', default: String(defaults.stage2Lr) },
    'pairs-per-clip': { type: 'string', default: String(defaults.pairsPerClip) },
    copies: { type: 'string', default: String(defaults.copies) },
    'eval-limit': { type: 'string', default: String(defaults.evalLimit) },
    tokens: { type: 'string', default: String(defaults.tokens) },
    frames: { type: 'string', default: String(defaults.frames) },
    seed: { type: 'string', default: String(defaults.seed) },
    // Optional wall-clock stops (ISO times): a stage still running then is cut short and exported as is.
    'stage1-deadline': { type: 'string' },
    'stage2-deadline': { type: 'string' },
    'decay-deadline': { type: 'string' },
  },
});

const number = (flag: keyof typeof args): number => {
  const value = Number(args[flag]);
  if (!Number.isFinite(value) || value < 0)
    throw new RecipeError('bad_option', `--${flag} needs a number ≥ 0, got "${String(args[flag])}".`);
  return value;
};
const deadline = (flag: 'stage1-deadline' | 'stage2-deadline' | 'decay-deadline'): number | undefined => {
  if (args[flag] === undefined) return undefined;
  const ms = Date.parse(args[flag]);
  if (Number.isNaN(ms)) throw new RecipeError('bad_option', `--${flag} needs an ISO time, got "${args[flag]}".`);
  return ms;
};

const started = performance.now();
const log = (message: string) => console.log(`[${((performance.now() - started) / 60000).toFixed(1)} min] ${message}`);
try {
  const stops = {
    stage1StopAtMs: deadline('stage1-deadline'),
    stage2StopAtMs: deadline('stage2-deadline'),
    decayStopAtMs: deadline('decay-deadline'),
  };
  const options: DefaultRecipeOptions = {
    ...defaults,
    dataDirs: args.data!,
    workDir: path.resolve(args.work!),
    outDir: path.resolve(args.out!),
    ...(args['val-speakers'] !== undefined ? { validationSpeakers: parseValidationSpeakers(args['val-speakers']) } : {}),
    stage1Steps: number('stage1-steps'),
    stage2Steps: number('stage2-steps'),
    decaySteps: number('decay-steps'),
    stage1Lr: number('stage1-lr'),
    stage2Lr: number('stage2-lr'),
    pairsPerClip: number('pairs-per-clip'),
    copies: number('copies'),
    evalLimit: number('eval-limit'),
    tokens: number('tokens'),
    frames: number('frames'),
    seed: number('seed'),
    ...Object.fromEntries(Object.entries(stops).filter(([, ms]) => ms !== undefined)),
  };
  await trainDefaultModel(options, { log, cwd: ROOT });
} catch (error) {
  // Bad input (a missing corpus folder, an unknown speaker, a failed step) ends the run with its code, no stack.
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') throw error;
  console.error(`train:default: [${code}] ${(error as Error).message}`);
  process.exitCode = 2;
}
