// Writes trained weights as a NEW model folder (model-folder contract): a weights.bin in the parent's
// layout, the parent's graphs and tokenizer copied unchanged (inference graphs read their weights
// from weights.bin as ONNX external data, so no graph is rewritten), and a manifest that says where
// the model came from. The folder is assembled under a temporary name, validated, then renamed into
// place, so a half-written export never looks like a model.
import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ModelManifestSchema } from '../../../shared/types/model';
import { createSession } from '../backends/onnx';
import { openModelFolder } from '../models/model-folder';
import { loadFolderTokenizer } from '../models/tokenizer';
import { readCheckpoint } from './checkpoint-store';
import { readMetrics } from './metrics-log';
import { encodeWeights, openTrainableModel, readParameters, type TrainableModel } from './trainable-model';
import { TrainingFailure } from './training-failure';
import { describeError } from '../../../shared/errors/coded-error';

export interface ExportModelOptions {
  /** Checkpoint whose parameters become the new model (a job's final or any intermediate one). */
  checkpointFile: string;
  /** The new model folder; must not exist yet. */
  outDir: string;
  id: string;
  name: string;
  version?: string;
  description?: string;
  /** Label set; defaults to the parent's. */
  labels?: string[];
  /** Licence text; defaults to the dataset's licence, else the parent's. */
  licence?: string;
  /** Number of training examples, for the manifest's training-data record. */
  examples?: number;
  /** Extra figures to record (e.g. held-out accuracy); the final training loss is always recorded. */
  metrics?: Record<string, number>;
}

/** What an export wrote. */
export interface ExportedModel {
  dir: string;
  manifest: Record<string, unknown>;
  weightsBytes: number;
}

// RAVDESS is CC BY-NC-SA 4.0, and a model trained on it carries that restriction (data README).
const NON_COMMERCIAL = /\bNC\b|non-?commercial/i;

export async function exportTrainedModel(options: ExportModelOptions): Promise<ExportedModel> {
  if (existsSync(options.outDir))
    throw new TrainingFailure('export_invalid', `${options.outDir} already exists; choose a new folder for the exported model`);
  const checkpoint = readCheckpoint(options.checkpointFile);
  const parent = openTrainableModel(checkpoint.config.modelDir);
  const dataset = checkpoint.config.dataset;
  const datasetLicence = dataset.kind === 'speech-jsonl' ? dataset.licence : undefined;
  const licence = options.licence ?? datasetLicence ?? String(parent.manifest.licence ?? '');
  if (datasetLicence !== undefined && NON_COMMERCIAL.test(datasetLicence) && !NON_COMMERCIAL.test(licence)) {
    throw new TrainingFailure(
      'export_invalid',
      `the training data is licensed "${datasetLicence}" (non-commercial); the model's licence "${licence}" must carry that restriction`,
    );
  }

  const values = new Map<string, Float32Array>();
  for (const slot of parent.parameters) {
    const trained = checkpoint.tensors.get(`params.${slot.name}`);
    if (trained === undefined)
      throw new TrainingFailure('export_invalid', `checkpoint has no parameter ${slot.name} of model ${parent.manifest.id}`);
    values.set(slot.name, trained);
  }
  const weights = encodeWeights(parent.parameters, values);

  const metricsFile = path.join(path.dirname(options.checkpointFile), 'metrics.jsonl');
  const lastMetric = readMetrics(metricsFile)
    .filter((r) => r.step <= checkpoint.step)
    .at(-1);
  const manifest = buildManifest(parent, options, {
    licence,
    steps: checkpoint.step,
    weightsBytes: weights.length,
    datasetName: dataset.description,
    finalLoss: lastMetric?.loss ?? checkpoint.lastLoss,
    grpo: checkpoint.config.grpo
      ? `GRPO-PTR (${checkpoint.config.grpo.ablation ?? 'custom'}; R_reason from ${checkpoint.config.grpo.scorer}; K = ${checkpoint.config.grpo.groupSize}, ${checkpoint.config.grpo.clipsPerStep} clips per step)`
      : null,
  });

  const staging = `${options.outDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    for (const name of readdirSync(parent.dir)) {
      if (name === 'manifest.json' || name === 'weights.bin' || !statSync(path.join(parent.dir, name)).isFile()) continue;
      copyFileSync(path.join(parent.dir, name), path.join(staging, name));
    }
    writeFileSync(path.join(staging, 'weights.bin'), weights);
    writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await validateModelFolder(staging, values, ModelManifestSchema.safeParse(parent.manifest).success);
    renameSync(staging, options.outDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return { dir: options.outDir, manifest, weightsBytes: weights.length };
}

function buildManifest(
  parent: TrainableModel,
  options: ExportModelOptions,
  facts: { licence: string; steps: number; weightsBytes: number; datasetName: string; finalLoss: number | null; grpo: string | null },
): Record<string, unknown> {
  const source = parent.manifest;
  const now = new Date().toISOString();
  const parentRef = `${source.id}@${source.version}`;
  const previousData = Array.isArray(source.trainingData) ? source.trainingData : [];
  const previousStages = Array.isArray(source.stages) ? source.stages : [];
  const previousMetrics = typeof source.metrics === 'object' && source.metrics !== null ? source.metrics : {};
  return {
    ...source,
    id: options.id,
    name: options.name,
    version: options.version ?? '1.0.0',
    description: options.description ?? `Fine-tuned from ${parentRef} for ${facts.steps} steps on ${facts.datasetName}.`,
    labels: options.labels ?? source.labels,
    licence: facts.licence,
    // Not in ModelManifestSchema (which ignores unknown keys); also recorded in the new stage's notes.
    parent: { id: source.id, version: source.version },
    weights: { file: 'weights.bin', bytes: facts.weightsBytes, parameterCount: facts.weightsBytes / 4 },
    trainingData: [
      ...previousData,
      {
        name: facts.datasetName,
        ...(options.examples !== undefined ? { clips: options.examples } : {}),
        notes: `licence: ${facts.licence}`,
      },
    ],
    // A GRPO job's stage says so: its "loss" is the clipped policy objective, not a cross-entropy.
    stages: [
      ...previousStages,
      facts.grpo
        ? { name: 'grpo-ptr', completedAt: now, notes: `${facts.grpo} from ${parentRef}, ${facts.steps} steps` }
        : { name: 'sft', completedAt: now, notes: `fine-tuned from ${parentRef}, ${facts.steps} steps` },
    ],
    metrics: {
      ...previousMetrics,
      ...(facts.grpo
        ? { grpoSteps: facts.steps }
        : { sftSteps: facts.steps, ...(facts.finalLoss !== null ? { sftFinalLoss: facts.finalLoss } : {}) }),
      ...options.metrics,
    },
    createdAt: now,
  };
}

/**
 * Checks an exported folder before it is published: the manifest (the full app schema when the parent
 * was an app model), the weights read back bit-exact, and every graph loads in ONNX Runtime — which
 * for inference graphs also proves their external data resolves inside the new weights.bin.
 */
async function validateModelFolder(dir: string, expected: ReadonlyMap<string, Float32Array>, isAppModel: boolean): Promise<void> {
  if (isAppModel) {
    // The app's own folder check: schema, files, parameter layout, graph names, tokenizer ids.
    try {
      loadFolderTokenizer(openModelFolder(dir));
    } catch (error) {
      throw new TrainingFailure('export_invalid', `exported folder is not a valid model: ${describeError(error)}`);
    }
  }
  // Opening checks the parameter layout against the new weights.bin.
  const model = openTrainableModel(dir);
  const readBack = readParameters(model);
  for (const [name, values] of expected) {
    const back = readBack.get(name)!;
    if (!Buffer.from(back.buffer).equals(Buffer.from(values.buffer, values.byteOffset, values.byteLength))) {
      throw new TrainingFailure('export_invalid', `parameter ${name} did not read back identically from weights.bin`);
    }
  }
  // Every graph the manifest names (an app model's, a fixture's or a reward model's), as read.
  const graphs = (model.manifest.graphs ?? {}) as Record<string, unknown>;
  for (const [key, entry] of Object.entries(graphs)) {
    if (typeof entry !== 'object' || entry === null || typeof (entry as { file?: unknown }).file !== 'string') continue;
    const file = path.join(dir, (entry as { file: string }).file);
    try {
      const session = await createSession(file, { intraOpNumThreads: 1 });
      await session.release();
    } catch (error) {
      throw new TrainingFailure('export_invalid', `graph ${key} (${path.basename(file)}) does not load: ${describeError(error)}`);
    }
  }
}
