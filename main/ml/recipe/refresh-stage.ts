// Stage 2 continued from a trained model on data measured by the app as it is now (issue 11). The
// model's prompts, traces and utterance vectors come from the prosody analysis; when a measure it
// reads changes after training (jitter, shimmer and HNR became Praat's: jitter about half its old
// value and more sensitive to noise), re-deriving the z-scoring statistics puts each field back at its
// place in the distribution, but the weights still read the old measure's behaviour — under noise the
// new one moves where the old one did not, and the model's answer moves with it. This stage rebuilds
// stage 2's mix from the recipe's own steps (EmotionCoT records, augmented copies like real
// recordings, balanced emotion drills, kept prosody drills), every clip measured again, and trains on
// it with a decaying rate from the given model. GRPO-PTR (`npm run train:grpo`) follows on its export.
// `npm run train:refresh` (scripts/train/train-refresh.ts) is its command line.
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openModelFolder } from '../models/model-folder';
import { readMetrics } from '../training/metrics-log';
import { pooledFunctionalStats } from './corpus-mix';
import type { EmotionReport } from './recipe-evaluation';
import { RecipeError } from './recipe-error';
import { lossFacts } from './recipe-report';
import { loadRecipeCorpora } from './recipe-corpora';
import { makeRecipeCopies, readRecipeCopies } from './recipe-copies';
import { RECIPE_LICENCE, RECIPE_SEEDS, recipePaths } from './recipe-plan';
import { cachedJson, modelFolderDone } from './recipe-resume';
import { measureEmotionByCorpus, progressLogger } from './recipe-validation';
import { runStage } from './run-stage';
import { buildTaskExamples, writeJsonl } from './stage-datasets';
import { recipeStage2Mix } from './stage-mix';

export interface RefreshStageOptions {
  /** A trained app model folder with its SFT training graph (the default model). */
  sourceDir: string;
  dataDirs: string[];
  workDir: string;
  validationSpeakers: Record<string, string[]>;
  steps: number;
  lr: number;
  /** Augmented copies per training clip and comparative pairs per clip (the recipe's 2 and 1). */
  copies: number;
  pairsPerClip: number;
  /** At most this many validation clips per corpus for the figures at the end (0: all). */
  evalLimit: number;
  tokens: number;
  /** Wall-clock stop (ms since epoch): the stage is cut there and exported as it is. */
  stopAtMs?: number;
  log?: (message: string) => void;
}

/** refresh-summary.json, written into the refreshed folder (the model card's "stage 2, refreshed" section). */
export interface RefreshSummary {
  at: string;
  source: { id: string; version: string };
  /** The source's training stages (its manifest's), so the card can say what was refreshed. */
  sourceStages: string[];
  steps: number;
  plannedSteps: number;
  lr: number;
  minutes: number;
  medianStepMs: number;
  firstLoss: number;
  lastLoss: number;
  records: number;
  traces: number;
  copyTraces: number;
  emotionDrills: number;
  prosodyDrills: number;
  /** Utterance fields whose z-scoring statistics the current measure moved (set before training). */
  restatedFields: string[];
  validation: Record<string, Pick<EmotionReport, 'clips' | 'accuracy' | 'uar' | 'wellFormed'>>;
}

/** The refresh stage's part of the work folder (beside the recipe's cot/, copies/ and pairs/). */
export function refreshPaths(workDir: string) {
  const at = (...parts: string[]) => path.join(workDir, ...parts);
  return {
    source: at('refresh-source'),
    dataset: at('refresh.jsonl'),
    job: at('job-refresh'),
    model: at('refresh-model'),
    validation: at('refresh-validation.json'),
  };
}

const WARMUP_STEPS = 50;
/** pooledFunctionalStats rounds to 4 decimals: a smaller move is that rounding, not the measure. */
const ROUNDING = 1.5e-4;
const FINAL_LR_FRACTION = 0.1;

export async function runRefreshStage(options: RefreshStageOptions): Promise<{ outDir: string; summary: RefreshSummary }> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const bar = progressLogger(log);
  const workDir = path.resolve(options.workDir);
  const paths = recipePaths(workDir);
  const own = refreshPaths(workDir);
  mkdirSync(workDir, { recursive: true });
  const source = openModelFolder(path.resolve(options.sourceDir));
  if (!source.manifest.graphs.trainSft)
    throw new RecipeError('bad_option', `${source.dir} has no SFT training graph (train_sft) to continue from`);

  // 1. The recipe's data, every clip measured by the app as it is now.
  const corpora = await loadRecipeCorpora({ dataDirs: options.dataDirs, paths, validationSpeakers: options.validationSpeakers, log });
  const { train, validation, promptOf } = corpora;
  await makeRecipeCopies(train, { paths, copies: options.copies, log });
  const copies = readRecipeCopies(paths, options.copies, corpora);
  const trainTasks = buildTaskExamples(train, {
    pairDir: paths.pairs,
    pairsPerClip: options.pairsPerClip,
    seed: RECIPE_SEEDS.trainDrills,
    onProgress: (d, t) => bar('prosody drills', d, t),
  });

  // 2. The source folder with its utterance statistics and voice-quality norms as the current measure
  //    gives them on the same training clips (what training and the app will both z-score with).
  const fields = source.manifest.features.utteranceProsodyFields;
  const stats = pooledFunctionalStats(train, fields);
  const restatedFields = fields.filter(
    (_, i) =>
      Math.abs(stats.mean[i]! - source.manifest.features.utteranceProsodyMean[i]!) > ROUNDING ||
      Math.abs(stats.std[i]! - source.manifest.features.utteranceProsodyStd[i]!) > ROUNDING,
  );
  if (!modelFolderDone(own.source)) {
    // Assembled beside the destination and renamed into place, so an interrupted run leaves no half folder.
    const staging = `${own.source}.tmp`;
    rmSync(own.source, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
    cpSync(source.dir, staging, { recursive: true });
    const manifestFile = path.join(staging, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { features: Record<string, unknown> };
    manifest.features.utteranceProsodyMean = stats.mean;
    manifest.features.utteranceProsodyStd = stats.std;
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
    writeFileSync(path.join(staging, 'evidence-norms.json'), `${JSON.stringify({ voiceQualityNorms: corpora.pooledNorms }, null, 1)}\n`);
    renameSync(staging, own.source);
  }
  log(`statistics re-stated for ${restatedFields.length ? restatedFields.join(', ') : 'no field'}`);

  // 3. Stage 2's mix, as the recipe makes it.
  const mix = recipeStage2Mix(train, promptOf, copies, trainTasks);
  writeJsonl(own.dataset, mix.records);
  log(
    `refresh: ${mix.traces} traces (${mix.copyTraces} of copies), ${mix.emotionDrills} emotion drills, ${mix.prosodyDrills} prosody drills`,
  );

  // 4. Training with a decaying rate from the source weights.
  let stageMinutes = 0;
  if (!modelFolderDone(own.model)) {
    const result = await runStage({
      name: 'refresh',
      modelDir: own.source,
      datasetPath: own.dataset,
      datasetDescription: `stage 2's mix re-measured by the current analysis (${mix.traces} traces incl. ${mix.copyTraces} augmented copies, ${mix.emotionDrills} emotion drills, ${mix.prosodyDrills} prosody drills)`,
      licence: RECIPE_LICENCE,
      jobDir: own.job,
      outDir: own.model,
      totalSteps: options.steps,
      lr: options.lr,
      warmupSteps: WARMUP_STEPS,
      finalLrFraction: FINAL_LR_FRACTION,
      seed: 4,
      examples: mix.records.length,
      ...(options.stopAtMs !== undefined ? { stopAtMs: options.stopAtMs } : {}),
      onProgress: (p) => log(`refresh step ${p.step}/${p.totalSteps}${p.etaMs ? `, ETA ${(p.etaMs / 60000).toFixed(1)} min` : ''}`),
      onMetric: (r) => {
        if (r.step % 50 === 0) log(`refresh loss ${r.loss.toFixed(3)} at step ${r.step}, lr ${r.lr.toExponential(2)}`);
      },
      onLog: (m) => log(`refresh: ${m}`),
    });
    stageMinutes = result.wallMs / 60000;
  }

  // 5. Figures on the held-out speakers, and the summary beside the weights.
  const emotion = await cachedJson(own.validation, () =>
    measureEmotionByCorpus(own.model, {
      corpora: corpora.corpora,
      validation,
      promptOf: (r) => promptOf(r),
      evalLimit: options.evalLimit,
      maxTokens: options.tokens,
      log,
    }),
  );
  const metrics = readMetrics(path.join(own.job, 'metrics.jsonl'));
  const losses = lossFacts(metrics);
  const summaryFile = path.join(own.model, 'refresh-summary.json');
  const previous = existsSync(summaryFile) ? (JSON.parse(readFileSync(summaryFile, 'utf8')) as RefreshSummary) : null;
  const summary: RefreshSummary = {
    at: previous?.at ?? new Date().toISOString(),
    source: { id: source.manifest.id, version: source.manifest.version },
    sourceStages: (source.manifest.stages ?? []).filter((st) => st.name !== 'initialised').map((st) => `${st.name}: ${st.notes ?? ''}`),
    steps: metrics.at(-1)?.step ?? 0,
    plannedSteps: options.steps,
    lr: options.lr,
    minutes: previous?.minutes ?? (stageMinutes || (performance.now() - started) / 60000),
    ...losses,
    records: mix.records.length,
    traces: mix.traces,
    copyTraces: mix.copyTraces,
    emotionDrills: mix.emotionDrills,
    prosodyDrills: mix.prosodyDrills,
    restatedFields,
    validation: Object.fromEntries(
      Object.entries(emotion).map(([c, e]) => [c, { clips: e.clips, accuracy: e.accuracy, uar: e.uar, wellFormed: e.wellFormed }]),
    ),
  };
  writeFileSync(summaryFile, `${JSON.stringify(summary, null, 1)}\n`);
  log(
    `refreshed model in ${own.model}: ${Object.entries(summary.validation)
      .map(([c, v]) => `${c} ${(100 * v.accuracy).toFixed(1)} % (UAR ${(100 * v.uar).toFixed(1)} %)`)
      .join(', ')}`,
  );
  return { outDir: own.model, summary };
}
