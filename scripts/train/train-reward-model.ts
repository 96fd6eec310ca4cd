// `npm run train:reward`: trains the reasoning reward model (issue 12) through the app's training
// runtime and prints its held-out agreement per criterion and the length/repetition probes.
//
//   npm run train:reward -- [--cot /tmp/et-train/cot] [--init DIR] [--work /tmp/emotionthinker-rrm]
//       [--out resources/reward-models/default] [--steps 4000] [--variants 6] [--lr 8e-4] [--threads 2] [--report DIR]
//       [--reviews-db <data folder>/emotionthinker.sqlite]
// An encrypted library's passphrase is read from EMOTIONTHINKER_PASSPHRASE (never from the command
// line, where other users could read it in the process list).
// --init is an untrained folder from tools/model/export_reward_model.py (made in --work when absent).
// Resumable: rerun the same command and the job continues from its last checkpoint.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REASONING_CRITERIA } from '../../shared/types/grpo';
import { PROSODY_VECTOR_DIMS } from '../../main/ml/reward-model/prosody-vector';
import { rewardModelCard } from '../../main/ml/reward-model/reward-model-card';
import {
  measureRewardModel,
  prepareRewardTraining,
  trainRewardModel,
  type RewardTrainingResult,
} from '../../main/ml/reward-model/train-reward-model';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { clinicianExamples } from '../../main/ml/reward-model/reward-examples';
import { openLibraryDatabase } from '../../main/security/library-lock';
import { describeError } from '../../shared/errors/coded-error';
import { listRatedExplanations } from '../../main/store/rated-explanations';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    cot: { type: 'string', default: '/tmp/et-train/cot' },
    init: { type: 'string' },
    work: { type: 'string', default: '/tmp/emotionthinker-rrm' },
    out: { type: 'string', default: path.join(ROOT, 'resources/reward-models/default') },
    model: { type: 'string', default: path.join(ROOT, 'resources/models/default') },
    steps: { type: 'string', default: '4000' },
    variants: { type: 'string', default: '6' },
    lr: { type: 'string', default: '8e-4' },
    warmup: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string', default: '2' },
    // The app's database (its data folder's emotionthinker.sqlite): clinicians' ratings join the training.
    'reviews-db': { type: 'string' },
    // Measure an already trained folder (held-out agreement, probes, the per-corruption table) and rewrite its card.
    report: { type: 'string' },
  },
});

const speechModel = JSON.parse(readFileSync(path.join(args.model!, 'manifest.json'), 'utf8')) as {
  labels: string[];
  licence: string;
  features: { utteranceProsodyFields: string[]; utteranceProsodyMean: number[]; utteranceProsodyStd: number[] };
};
const cotFiles = readdirSync(args.cot!)
  .filter((f) => /^[a-z0-9_-]+\.jsonl$/.test(f) && !f.includes('cache'))
  .map((f) => path.join(args.cot!, f));
if (cotFiles.length === 0) throw new Error(`no EmotionCoT files in ${args.cot} (npm run build:cot writes them)`);
const init = args.init ?? path.join(args.work!, 'init');
if (!args.report && !existsSync(path.join(init, 'manifest.json'))) {
  console.log(`exporting an untrained reward model to ${init}`);
  execFileSync(
    '/usr/bin/python3',
    [
      path.join(ROOT, 'tools/model/export_reward_model.py'),
      '--out',
      init,
      '--tokenizer',
      path.join(args.model!, 'tokenizer.json'),
      '--prosody-dims',
      String(PROSODY_VECTOR_DIMS),
    ],
    { stdio: 'inherit' },
  );
}
const scale = {
  fields: speechModel.features.utteranceProsodyFields,
  mean: speechModel.features.utteranceProsodyMean,
  std: speechModel.features.utteranceProsodyStd,
};
let clinician: ReturnType<typeof clinicianExamples> = [];
if (args['reviews-db']) {
  if (!existsSync(args['reviews-db'])) throw new Error(`--reviews-db ${args['reviews-db']} does not exist`);
  const database = await openLibraryDatabase(args['reviews-db'], process.env.EMOTIONTHINKER_PASSPHRASE).catch((error: unknown) => {
    console.error(
      `--reviews-db ${args['reviews-db']}: ${describeError(error)} (EMOTIONTHINKER_PASSPHRASE holds an encrypted library's passphrase)`,
    );
    process.exit(2);
  });
  clinician = clinicianExamples(listRatedExplanations(database.db), scale);
  database.close();
  console.log(`${clinician.length} rated explanations from ${args['reviews-db']}`);
}
const trainingOptions = {
  cotFiles,
  initDir: args.report ?? init,
  workDir: args.report ? mkdtempSync(path.join(tmpdir(), 'rrm-report-')) : args.work!,
  outDir: args.out!,
  labels: speechModel.labels,
  scale,
  clinicianExamples: clinician,
  steps: Number(args.steps),
  lr: Number(args.lr),
  warmupSteps: Number(args.warmup),
  variants: Number(args.variants),
  seed: Number(args.seed),
  threads: Number(args.threads),
  licence: speechModel.licence,
  onProgress: (line: string) => console.log(line),
};
let result: RewardTrainingResult;
if (args.report) {
  // The same held-out examples as its training made (same records, seed and variants), measured afresh.
  const prepared = await prepareRewardTraining(trainingOptions);
  const measured = await measureRewardModel(args.report, prepared, trainingOptions.seed, trainingOptions.threads);
  const manifest = JSON.parse(readFileSync(path.join(args.report, 'manifest.json'), 'utf8')) as {
    metrics: Record<string, number>;
    stages: { notes?: string }[];
  };
  const minutes = Number(/(\d+) min/.exec(manifest.stages.at(-1)?.notes ?? '')?.[1] ?? Number.NaN);
  result = {
    outDir: args.report,
    trainExamples: prepared.trainExamples,
    heldOutExamples: prepared.heldOut.length,
    clinicianRatings: prepared.clinicianRatings,
    ...measured,
    metrics: manifest.metrics,
    minutes,
  };
} else {
  result = await trainRewardModel(trainingOptions);
}
console.log(
  `\nwrote ${result.outDir} in ${result.minutes.toFixed(1)} min: ${result.trainExamples} training examples, ${result.clinicianRatings} clinician ratings`,
);
console.log(`held-out speakers, ${result.heldOutExamples} examples:`);
console.log('criterion'.padEnd(24) + 'Spearman ρ'.padStart(12) + 'exact'.padStart(8) + '±1'.padStart(8) + 'MAE'.padStart(8));
for (const c of REASONING_CRITERIA) {
  const a = result.agreement[c];
  console.log(
    c.padEnd(24) +
      a.spearman.toFixed(3).padStart(12) +
      `${(100 * a.exact).toFixed(1)}%`.padStart(8) +
      `${(100 * a.withinOne).toFixed(1)}%`.padStart(8) +
      a.mae.toFixed(2).padStart(8),
  );
}
const p = result.probes;
console.log(
  `probes on ${p.n} held-out clean traces (mean of the four scores): clean − every sentence twice ${p.repetitionPenalty.toFixed(3)}, clean − filler added ${p.paddingPenalty.toFixed(3)}, clean − wrong answer ${p.answerMismatchPenalty.toFixed(3)}, ρ(score, length) ${p.lengthCorrelation.toFixed(3)}`,
);
writeFileSync(
  path.join(result.outDir, 'MODEL_CARD.md'),
  rewardModelCard(
    result,
    ['RAVDESS (CC BY-NC-SA 4.0)', 'nEMO (CC BY-NC-SA 4.0)'],
    speechModel.licence,
    `npm run train:reward -- --steps ${args.steps} --variants ${args.variants} --lr ${args.lr} --threads ${args.threads}`,
  ),
);
console.log(`wrote ${path.join(result.outDir, 'MODEL_CARD.md')}`);
