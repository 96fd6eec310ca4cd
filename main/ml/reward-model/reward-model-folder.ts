// A reasoning-reward-model folder (tools/model/export_reward_model.py writes one): manifest.json
// with kind "reasoning-reward-model", weights.bin, score.onnx, train_rrm.onnx (the training runtime
// trains it like any folder: graphs.trainSft) and tokenizer.json. Opened and checked here, its
// manifest read once by the one parser; a broken folder is a TrainingFailure('model_invalid') naming
// the part.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { REASONING_CRITERIA } from '../../../shared/types/grpo';
import { TrainableManifestSchema } from '../models/model-folder';
import { readParameters, readTrainableManifest, trainableModel, type TrainableModel } from '../training/trainable-model';
import { TrainingFailure } from '../training/training-failure';
import { FUNCTIONAL_DIMS, PROSODY_VECTOR_DIMS, type FunctionalScale } from './prosody-vector';

const { graphs: trainableGraphs, training: trainableTraining } = TrainableManifestSchema.shape;

/**
 * A reasoning reward model's manifest: the training runtime's view of the one manifest schema
 * (TrainableManifestSchema: identity, parameters, graphs.trainSft, batch, optimiser defaults) extended
 * with what scoring reads — read by the one parser, not a schema of its own.
 */
export const RewardModelManifestSchema = TrainableManifestSchema.extend({
  kind: z.literal('reasoning-reward-model'),
  criteria: z.tuple([
    z.literal(REASONING_CRITERIA[0]),
    z.literal(REASONING_CRITERIA[1]),
    z.literal(REASONING_CRITERIA[2]),
    z.literal(REASONING_CRITERIA[3]),
  ]),
  config: z.object({ prosody_dims: z.number().int().positive(), vocab: z.number().int().positive() }).loose(),
  tokenizer: z.object({ file: z.string().min(1) }).loose(),
  graphs: trainableGraphs.extend({ score: z.object({ file: z.string().min(1) }).loose() }),
  training: trainableTraining.extend({
    shapes: trainableTraining.shape.shapes.extend({ tokens: z.number().int().positive() }),
  }),
  metrics: z.record(z.string(), z.number()).optional(),
  // Written by training (train-reward-model.ts); an untrained export has none and cannot score.
  prosodyVector: z.object({ fields: z.array(z.string()), mean: z.array(z.number()), std: z.array(z.number()) }).optional(),
});

export interface RewardModelFolder {
  dir: string;
  trainable: TrainableModel;
  scoreGraphPath: string;
  tokenizerPath: string;
  batch: number;
  tokens: number;
  metrics: Record<string, number>;
  /** The functionals' scale; null in an untrained export. */
  scale: FunctionalScale | null;
  manifest: Record<string, unknown>;
}

export function openRewardModelFolder(dir: string): RewardModelFolder {
  const read = readTrainableManifest(dir, RewardModelManifestSchema, ' (not a reasoning reward model)');
  const trainable = trainableModel(dir, read);
  const m = read.manifest;
  if (m.config.prosody_dims !== PROSODY_VECTOR_DIMS) {
    throw new TrainingFailure(
      'model_invalid',
      `${dir}: the reward model reads ${m.config.prosody_dims} prosody values; this app computes ${PROSODY_VECTOR_DIMS}`,
    );
  }
  const scoreGraphPath = path.join(dir, m.graphs.score.file);
  const tokenizerPath = path.join(dir, m.tokenizer.file);
  for (const file of [scoreGraphPath, tokenizerPath]) {
    if (!existsSync(file)) throw new TrainingFailure('model_invalid', `${dir}: ${path.basename(file)} is missing`);
  }
  const scale = m.prosodyVector ?? null;
  if (scale && [scale.fields, scale.mean, scale.std].some((list) => list.length !== FUNCTIONAL_DIMS)) {
    throw new TrainingFailure('model_invalid', `${dir}: prosodyVector must list ${FUNCTIONAL_DIMS} functionals with their mean and std`);
  }
  return {
    dir,
    trainable,
    scoreGraphPath,
    tokenizerPath,
    batch: m.training.shapes.batch,
    tokens: m.training.shapes.tokens,
    metrics: m.metrics ?? {},
    scale,
    manifest: trainable.manifest,
  };
}

/** The folder's parameters by graph input name (`params.<name>`). */
export function rewardModelParameters(folder: RewardModelFolder): Map<string, Float32Array> {
  return new Map([...readParameters(folder.trainable)].map(([name, values]) => [`params.${name}`, values]));
}
