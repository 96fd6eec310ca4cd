// The app's default model, trained end to end on this machine on two corpora in two languages
// (issue 11): RAVDESS (English) and nEMO (Polish), speaker-independent validation in each.
//   EmotionCoT records per corpus (build or reuse) → augmented copies like real recordings, measured
//   again (two processes) → tokenizer → graphs (small preset, channel-robust utterance fields,
//   utterance-robust log-mel, statistics pooled over the corpora) → perception before → stage 1
//   (prosody drills) → perception after → stage 2 (CoT SFT after the measured-cue prompt, emotion
//   drills balanced per corpus and label, kept prosody drills) → stage 2 continued with a decaying
//   rate → validation per corpus → the model folder (graphs, weights, tokenizer, manifest) +
//   MODEL_CARD.md + report.json.
// Everything is resumable (recipe-resume.ts): finished phases are skipped, training jobs resume from
// their checkpoints. `npm run train:default` (scripts/train/train-default.ts) is its command line.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openModelFolder } from '../models/model-folder';
import { readMetrics } from '../training/metrics-log';
import { pooledFunctionalStats, ROBUST_UTTERANCE_FIELDS } from './corpus-mix';
import { inputRangeSample, measureInputRange } from './input-range';
import { publishModel } from './publish-model';
import { clipsByCorpus, countByCorpus, loadRecipeCorpora, type RecipeClip } from './recipe-corpora';
import { makeRecipeCopies, readRecipeCopies } from './recipe-copies';
import { initialiseModel, tokenizerCorpus } from './recipe-init-model';
import { decayStage, recipePaths, RECIPE_SEEDS, stage1Stage, stage2Stage, type DefaultRecipeOptions } from './recipe-plan';
import { defaultModelManifestFields, recipeReport, type RecipeFacts } from './recipe-report';
import { cachedJson, finalStage, modelFolderDone, RecipeLedger } from './recipe-resume';
import { limitedSample, measureEmotionByCorpus, measurePerception, progressLogger } from './recipe-validation';
import { runStage, type StageOptions } from './run-stage';
import { buildTaskExamples, writeJsonl } from './stage-datasets';
import { recipeStage2Mix, stage1Records } from './stage-mix';

export interface TrainDefaultCallbacks {
  /** Every line the run has to say (progress, losses, figures). */
  log?: (message: string) => void;
  /** The checkout the graph exporter runs in. */
  cwd: string;
}

export async function trainDefaultModel(options: DefaultRecipeOptions, callbacks: TrainDefaultCallbacks): Promise<{ outDir: string }> {
  const started = performance.now();
  const log = callbacks.log ?? (() => {});
  const bar = progressLogger(log);
  const paths = recipePaths(path.resolve(options.workDir));
  mkdirSync(options.workDir, { recursive: true });
  const ledger = new RecipeLedger(paths.ledger);

  // 1. EmotionCoT records per corpus (levels at that corpus' own tertiles, per gender for pitch).
  const corpora = await loadRecipeCorpora({ dataDirs: options.dataDirs, paths, validationSpeakers: options.validationSpeakers, log });
  const { train, validation, promptOf } = corpora;
  log(
    `${corpora.records.length} records: train ${countByCorpus(corpora.corpora, train)}; validation ${countByCorpus(corpora.corpora, validation)}`,
  );

  // 2. Augmented copies like real recordings, each measured again: two processes, one per core.
  await makeRecipeCopies(train, { paths, copies: options.copies, log });
  const copies = readRecipeCopies(paths, options.copies, corpora);
  log(`${copies.length} augmented copies measured`);

  // 3. Stage-1 drills: train set and the held-out validation set (validation speakers only).
  const trainTasks = buildTaskExamples(train, {
    pairDir: paths.pairs,
    pairsPerClip: options.pairsPerClip,
    seed: RECIPE_SEEDS.trainDrills,
    onProgress: (d, t) => bar('stage-1 drills (train)', d, t),
  });
  const valTasks = buildTaskExamples(validation, {
    pairDir: paths.pairsValidation,
    pairsPerClip: 1,
    seed: RECIPE_SEEDS.validationDrills,
    onProgress: (d, t) => bar('stage-1 drills (validation)', d, t),
  });
  writeJsonl(paths.stage1Dataset, stage1Records(trainTasks));
  log(`stage 1: ${trainTasks.length} train drills, ${valTasks.length} validation drills`);

  // 4. Tokenizer and graphs.
  const stats = pooledFunctionalStats(train, ROBUST_UTTERANCE_FIELDS);
  if (!modelFolderDone(paths.initDir)) {
    initialiseModel({
      initDir: paths.initDir,
      corpusLines: tokenizerCorpus(
        train.map((r) => r.reasoning),
        copies.map((c) => c.trace),
        train.map((r) => promptOf(r)),
      ),
      stats,
      tokens: options.tokens,
      frames: options.frames,
      seed: options.seed,
      python: options.python,
      graphExporter: options.graphExporter,
      cwd: callbacks.cwd,
      log,
    });
  }
  log(`initial model: ${openModelFolder(paths.initDir).manifest.weights.parameterCount} parameters`);

  const perceptionSet = limitedSample(valTasks, options.evalLimit);
  const before = await cachedJson(paths.perceptionBefore, () => measurePerception(paths.initDir, perceptionSet, 'before stage 1', log));

  // 5. Stage 1.
  const stageLog = (label: string): Pick<StageOptions, 'onProgress' | 'onLog'> => ({
    onProgress: (p) =>
      log(
        `${label} step ${p.step}/${p.totalSteps}${p.stepMs ? `, ${p.stepMs.toFixed(0)} ms/step` : ''}${p.etaMs ? `, ETA ${(p.etaMs / 60000).toFixed(1)} min` : ''}`,
      ),
    onLog: (m) => log(`${label}: ${m}`),
  });
  if (!modelFolderDone(paths.stage1Model)) {
    const result = await runStage(
      stage1Stage(
        options,
        paths,
        { corpora: corpora.corpora, drills: trainTasks.length },
        {
          ...stageLog('stage 1'),
          onMetric: (r) => {
            if (r.step % 50 === 0) log(`stage 1 loss ${r.loss.toFixed(3)} at step ${r.step}`);
          },
        },
      ),
    );
    ledger.recordStage('stage1', result.outcome.step, (ledger.entries.stage1Minutes ?? 0) + result.wallMs / 60000);
  }
  const after = await cachedJson(paths.perceptionAfterStage1, () =>
    measurePerception(paths.stage1Model, perceptionSet, 'after stage 1', log),
  );

  // 6. Stage 2: CoT traces of the originals and the copies, balanced emotion drills, kept prosody drills.
  const mix = recipeStage2Mix(train, promptOf, copies, trainTasks);
  writeJsonl(paths.stage2Dataset, mix.records);
  log(
    `stage 2: ${mix.traces} traces (${mix.copyTraces} of augmented copies), ${mix.emotionDrills} balanced emotion drills, ${mix.prosodyDrills} prosody drills`,
  );
  const mixFacts = {
    corpora: corpora.corpora,
    traces: mix.traces,
    emotionDrills: mix.emotionDrills,
    prosodyDrills: mix.prosodyDrills,
    records: mix.records.length,
  };
  if (!modelFolderDone(paths.stage2Model)) {
    const result = await runStage(
      stage2Stage(options, paths, mixFacts, {
        ...stageLog('stage 2'),
        onMetric: (r) => {
          if (r.step % 50 === 0) log(`stage 2 loss ${r.loss.toFixed(3)} at step ${r.step}`);
        },
      }),
    );
    ledger.recordStage('stage2', result.outcome.step, (ledger.entries.stage2Minutes ?? 0) + result.wallMs / 60000);
  }

  // 6b. Stage 2 continued with a decaying rate (same records, a new job: fresh optimiser moments, new order).
  if (options.decaySteps > 0 && !modelFolderDone(paths.decayModel)) {
    const result = await runStage(
      decayStage(options, paths, mixFacts, {
        ...stageLog('stage 2 (decay)'),
        onMetric: (r) => {
          if (r.step % 50 === 0) log(`stage 2 (decay) loss ${r.loss.toFixed(3)} at step ${r.step}, lr ${r.lr.toExponential(2)}`);
        },
      }),
    );
    ledger.recordStage('decay', result.outcome.step, (ledger.entries.decayMinutes ?? 0) + result.wallMs / 60000);
  }
  const { tag: finalTag, decayDone } = finalStage(options.decaySteps, ledger.entries);
  const finalDir = decayDone > 0 ? paths.decayModel : paths.stage2Model;

  // 7. Validation per corpus (held-out speakers only): emotion from the full generated output, perception kept.
  const afterStage2 = await cachedJson(paths.perceptionAfter(finalTag), () =>
    measurePerception(finalDir, perceptionSet, 'after stage 2', log),
  );
  const emotionByCorpus = await cachedJson(paths.emotionValidation(finalTag), () =>
    measureEmotionByCorpus(finalDir, {
      corpora: corpora.corpora,
      validation,
      promptOf: (r: RecipeClip) => promptOf(r),
      evalLimit: options.evalLimit,
      maxTokens: options.tokens,
      log,
    }),
  );

  // 8. The model folder: the final stage's export, renamed and documented.
  const metricsOf = (...jobs: string[]) => jobs.flatMap((job) => readMetrics(path.join(job, 'metrics.jsonl')));
  const facts: RecipeFacts = {
    createdAt: new Date().toISOString(),
    corpora: corpora.corpora,
    trainByCorpus: clipsByCorpus(corpora.corpora, train),
    validationByCorpus: clipsByCorpus(corpora.corpora, validation),
    validationSpeakers: options.validationSpeakers,
    augmentedCopies: copies.length,
    seed: options.seed,
    stage1: {
      steps: ledger.entries.stage1 ?? NaN,
      lr: options.stage1Lr,
      drills: trainTasks.length,
      wallMinutes: ledger.entries.stage1Minutes ?? 0,
      metrics: metricsOf(paths.stage1Job),
    },
    stage2: {
      constantSteps: ledger.entries.stage2 ?? NaN,
      decayDone,
      decayPlanned: options.decaySteps,
      lr: options.stage2Lr,
      traces: mix.traces,
      copyTraces: mix.copyTraces,
      emotionDrills: mix.emotionDrills,
      prosodyDrills: mix.prosodyDrills,
      wallMinutes: (ledger.entries.stage2Minutes ?? 0) + (ledger.entries.decayMinutes ?? 0),
      metrics: metricsOf(paths.stage2Job, ...(decayDone > 0 ? [paths.decayJob] : [])),
    },
    perception: { before, afterStage1: after, afterStage2 },
    emotionByCorpus,
    totalMinutes: (ledger.entries.earlierMinutes ?? 0) + (performance.now() - started) / 60000,
  };
  const report = recipeReport(facts);
  const sample = inputRangeSample(
    train.map((r) => r.audio),
    copies.map((c) => c.audio),
    300,
  );
  const outDir = await publishModel({
    sourceDir: finalDir,
    outDir: options.outDir,
    manifestFields: defaultModelManifestFields(facts, report),
    report,
    pooledNorms: corpora.pooledNorms,
    inputRange: () =>
      cachedJson(paths.inputRange, () => measureInputRange(openModelFolder(finalDir), sample, (d, t) => bar('input range', d, t))),
  });
  log(`wrote ${outDir}`);
  return { outDir };
}
