// Makes a GRPO-PTR run the app's default model (issue 12's rule: only when it beats the SFT model on
// validation accuracy and on model-written verified claims — the caller checks, with the evaluation):
// re-exports the run's final checkpoint over the default model folder as the next version, with the
// run's summary beside it. Given the evaluation's JSON of the promoted weights, its full per-corpus
// figures replace the SFT run's sampled validation figures in the manifest, so the Models area shows
// this model's. scripts/train/promote-grpo.ts is its command line.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openModelFolder } from '../models/model-folder';
import { listCheckpoints } from '../training/checkpoint-store';
import { exportTrainedModel } from '../training/export-model';
import { isModelRow } from './eval-facts';
import { RecipeError } from './recipe-error';
import { RECIPE_LICENCE } from './recipe-plan';
import { replaceFolder } from './replace-folder';

export interface PromoteOptions {
  /** The GRPO-PTR job folder (its newest checkpoint is promoted). */
  jobDir: string;
  version: string;
  outDir: string;
  /** The evaluation's JSON (`npm run eval -- --out FILE`) of the promoted weights. */
  evaluation?: { corpora: EvaluatedCorpus[] };
}

/** The part of an evaluated corpus the manifest's metrics take. */
export interface EvaluatedCorpus {
  name: string;
  systems: { name: string; accuracy: number; unweightedAverageRecall: number }[];
}

/** The manifest metrics an evaluation gives: per corpus the model's accuracy and UAR in percent (one decimal). */
export function evaluationMetrics(evaluation: { corpora: EvaluatedCorpus[] }): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const c of evaluation.corpora) {
    const model = c.systems.find(isModelRow);
    if (!model) continue;
    metrics[`${c.name}ValidationAccuracyPct`] = Math.round(1000 * model.accuracy) / 10;
    metrics[`${c.name}ValidationUarPct`] = Math.round(1000 * model.unweightedAverageRecall) / 10;
  }
  return metrics;
}

export async function promoteGrpoRun(
  options: PromoteOptions,
): Promise<{ outDir: string; checkpointFile: string; step: number; parameters: number }> {
  const checkpoint = listCheckpoints(options.jobDir)[0];
  if (!checkpoint) throw new RecipeError('no_checkpoint', `${options.jobDir} holds no checkpoint`);
  const out = path.resolve(options.outDir);
  const staging = `${out}.promote-${process.pid}`;
  const exported = await exportTrainedModel({
    checkpointFile: checkpoint.file,
    outDir: staging,
    id: 'emotion-reasoner-default',
    version: options.version,
    name: 'EmotionReasoner default (RAVDESS + nEMO, GRPO-PTR, non-commercial)',
    description:
      'Default app model: prosody-enhanced base (stage 1) + EmotionCoT SFT (stage 2) + GRPO-PTR (stage 3) on RAVDESS (English) and nEMO (Polish) training speakers, with channel-robust inputs and recording-condition augmentation. NON-COMMERCIAL USE ONLY (CC BY-NC-SA 4.0 training data). See MODEL_CARD.md.',
    licence: `${RECIPE_LICENCE} (trained on RAVDESS and nEMO; non-commercial use only, share alike, with attribution)`,
  });
  const summary = path.join(path.dirname(options.jobDir), 'model', 'grpo-summary.json');
  if (existsSync(summary)) copyFileSync(summary, path.join(staging, 'grpo-summary.json'));
  const manifestFile = path.join(staging, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  delete manifest.parent;
  if (options.evaluation) Object.assign(manifest.metrics as Record<string, number>, evaluationMetrics(options.evaluation));
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
  openModelFolder(staging); // the app's own folder check before it replaces the default
  replaceFolder(staging, out);
  return { outDir: out, checkpointFile: checkpoint.file, step: checkpoint.step, parameters: exported.weightsBytes / 4 };
}
