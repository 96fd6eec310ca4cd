// Weight-space averaging of a model and its own fine-tune (WiSE-FT, Wortsman et al. 2022, "Robust
// fine-tuning of zero-shot models"): θ = (1 − α)·θ_anchor + α·θ_tuned, every parameter alike. Two
// models that share their training up to a continuation lie in one basin, so the average is a model
// too; it keeps what the anchor learned that the continuation forgot (issue 11: the refresh on the
// re-measured data gained noise robustness and lost nEMO accuracy) while moving towards the new
// measure. The result is the tuned folder (graphs, tokenizer, re-stated statistics, summaries of its
// stages) with the averaged weights.bin, a manifest stage that says so and weight-average.json beside
// it. `npm run train:average` (scripts/train/average-weights.ts) is its command line.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openModelFolder } from '../models/model-folder';
import { encodeWeights, openTrainableModel, readParameters } from '../training/trainable-model';
import { isModelRow } from './eval-facts';
import { RecipeError } from './recipe-error';
import { replaceFolder } from './replace-folder';

export interface WeightAverageOptions {
  /** The model the continuation started from (weight 1 − α). */
  anchorDir: string;
  /** Its continuation (weight α); the result is this folder with averaged weights. */
  tunedDir: string;
  alpha: number;
  outDir: string;
  /** Manifest fields set on the result (id, version, name, description, metrics from its evaluation …). */
  manifestFields?: Record<string, unknown>;
  /** Evaluations of the anchor, the continuation and (once made and evaluated) the average, for the card. */
  compared?: WeightAverageSummary['compared'];
}

/** weight-average.json, written beside the averaged weights (the model card's section on it). */
export interface WeightAverageSummary {
  at: string;
  alpha: number;
  anchor: { id: string; version: string; stages: string[] };
  tuned: { id: string; version: string; stages: string[] };
  parameters: number;
  /** Root-mean-square of θ_tuned − θ_anchor over all parameters, and the largest |difference|. */
  rmsDifference: number;
  maxDifference: number;
  /** The evaluations that decided whether the average is used (the same clips and code): what the card's table shows. */
  compared?: { anchor?: ModelFigures; tuned?: ModelFigures; average?: ModelFigures };
}

/** One model's figures from `npm run eval`'s JSON, as the card compares them. */
export interface ModelFigures {
  corpora: Record<string, { accuracy: number; uar: number }>;
  pooledAccuracy: number;
  pooledUar: number;
  /** Claims verified in the part of the reasoning the model wrote. */
  claimsVerifiedShare: number | null;
  /** Share of clips whose answer a transform leaves unchanged, pooled over the corpora. */
  answerUnchanged: Record<string, number>;
}

/** The parts of `npm run eval`'s JSON that ModelFigures reads. */
interface EvaluationJson {
  systems: { name: string; accuracy: number; unweightedAverageRecall: number }[];
  evidence: { modelWritten?: { claimsVerifiedShare: number } };
  corpora?: { name: string; systems: { name: string; accuracy: number; unweightedAverageRecall: number }[] }[];
  invariance?: { rows: { corpus: string; transform: string; answerUnchanged: Record<string, number> }[] } | null;
}

export function modelFigures(e: EvaluationJson): ModelFigures {
  const pooled = e.systems.find(isModelRow);
  if (!pooled) throw new RecipeError('bad_option', 'the evaluation has no model row');
  const corpora: ModelFigures['corpora'] = {};
  for (const c of e.corpora ?? []) {
    const m = c.systems.find(isModelRow);
    if (m) corpora[c.name] = { accuracy: m.accuracy, uar: m.unweightedAverageRecall };
  }
  const answerUnchanged: Record<string, number> = {};
  for (const r of e.invariance?.rows ?? [])
    if (r.corpus === 'all' && r.answerUnchanged.model !== undefined) answerUnchanged[r.transform] = r.answerUnchanged.model;
  return {
    corpora,
    pooledAccuracy: pooled.accuracy,
    pooledUar: pooled.unweightedAverageRecall,
    claimsVerifiedShare: e.evidence.modelWritten?.claimsVerifiedShare ?? null,
    answerUnchanged,
  };
}

export const WEIGHT_AVERAGE_FILE = 'weight-average.json';

export function averageModelWeights(options: WeightAverageOptions): { outDir: string; summary: WeightAverageSummary } {
  const { alpha } = options;
  if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1)
    throw new RecipeError('bad_option', `the averaging weight α must lie in 0…1, got ${alpha}`);
  const anchor = openTrainableModel(path.resolve(options.anchorDir));
  const tuned = openTrainableModel(path.resolve(options.tunedDir));
  sameModel(anchor, tuned);

  const a = readParameters(anchor);
  const t = readParameters(tuned);
  const mixed = new Map<string, Float32Array>();
  let squares = 0;
  let maxDifference = 0;
  let count = 0;
  for (const slot of tuned.parameters) {
    const x = a.get(slot.name)!;
    const y = t.get(slot.name)!;
    const out = new Float32Array(y.length);
    for (let i = 0; i < y.length; i++) {
      const d = y[i]! - x[i]!;
      if (!Number.isFinite(d)) throw new RecipeError('bad_option', `parameter ${slot.name}[${i}] is not finite in one of the models`);
      squares += d * d;
      maxDifference = Math.max(maxDifference, Math.abs(d));
      out[i] = x[i]! + alpha * d;
    }
    count += y.length;
    mixed.set(slot.name, out);
  }
  const stagesOf = (m: Record<string, unknown>) =>
    ((m.stages as { name: string; notes?: string }[] | undefined) ?? []).filter((s) => s.name !== 'initialised').map((s) => s.name);
  const summary: WeightAverageSummary = {
    at: new Date().toISOString(),
    alpha,
    anchor: { id: anchor.manifest.id, version: anchor.manifest.version, stages: stagesOf(anchor.manifest) },
    tuned: { id: tuned.manifest.id, version: tuned.manifest.version, stages: stagesOf(tuned.manifest) },
    parameters: count,
    rmsDifference: Math.sqrt(squares / count),
    maxDifference,
    ...(options.compared ? { compared: options.compared } : {}),
  };

  // Assembled beside the destination and renamed into place: a failure never leaves a half folder,
  // and an existing destination (the default model) is only replaced by a folder the app opens.
  // Both sources are read whole before anything is written, so the destination may be one of them
  // (the default model, when its average with a continuation replaces it).
  const outDir = path.resolve(options.outDir);
  const staging = `${outDir}.average-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    cpSync(tuned.dir, staging, { recursive: true });
    writeFileSync(path.join(staging, 'weights.bin'), encodeWeights(tuned.parameters, mixed));
    const manifestFile = path.join(staging, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    const stages = (manifest.stages as unknown[] | undefined) ?? [];
    manifest.stages = [
      ...stages,
      {
        name: 'weight-average',
        completedAt: summary.at,
        notes: `weights (1 − ${alpha})·${anchor.manifest.id}@${anchor.manifest.version} + ${alpha}·${tuned.manifest.id}@${tuned.manifest.version} (WiSE-FT)`,
      },
    ];
    delete manifest.parent;
    // The Models area shows the description: it says the weights are not the continuation's alone.
    if (typeof manifest.description === 'string')
      manifest.description = `${manifest.description} Weights: ${1 - alpha} × ${anchor.manifest.id}@${anchor.manifest.version} + ${alpha} × this continuation of it (weight-space average).`;
    Object.assign(manifest, options.manifestFields ?? {});
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
    writeFileSync(path.join(staging, WEIGHT_AVERAGE_FILE), `${JSON.stringify(summary, null, 1)}\n`);
    openModelFolder(staging); // the app's own folder check before it replaces anything
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  replaceFolder(staging, outDir);
  return { outDir, summary };
}

/** Averaging only means something between two models of one architecture, tokenizer and label set. */
function sameModel(a: ReturnType<typeof openTrainableModel>, b: ReturnType<typeof openTrainableModel>): void {
  const layout = (m: typeof a) => JSON.stringify(m.parameters.map((p) => [p.name, p.shape, p.offset, p.length]));
  if (layout(a) !== layout(b))
    throw new RecipeError(
      'bad_option',
      `${a.dir} and ${b.dir} have different parameter layouts; only a model and its own fine-tune can be averaged`,
    );
  for (const key of ['config', 'labels'] as const) {
    if (JSON.stringify(a.manifest[key]) !== JSON.stringify(b.manifest[key]))
      throw new RecipeError('bad_option', `${a.dir} and ${b.dir} differ in their manifest's ${key}`);
  }
  const tokenizer = (m: typeof a) => {
    const file = (m.manifest.tokenizer as { file?: string } | undefined)?.file;
    return file ? readFileSync(path.join(m.dir, file), 'utf8') : '';
  };
  if (tokenizer(a) !== tokenizer(b)) throw new RecipeError('bad_option', `${a.dir} and ${b.dir} have different tokenizers`);
}
