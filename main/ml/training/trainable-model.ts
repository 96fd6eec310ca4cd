// The parts of a model folder (model-folder contract) the training runtime reads and writes: the
// parameter layout of weights.bin, the training graph and the manifest's training defaults. The
// manifest is read by the one parser, main/ml/models (readManifest with TrainableManifestSchema, or an
// extension of it such as the reward model's).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type { ParameterEntry } from '../../../shared/types/model';
import {
  checkParameterLayout,
  ModelFolderError,
  readManifest,
  TrainableManifestSchema,
  type TrainableManifest,
} from '../models/model-folder';
import { TrainingFailure } from './training-failure';

/**
 * One trainable parameter's slot in weights.bin (byte offset and byte length, float32 LE). Whether it
 * decays is baked into the training graph, so the runtime does not need it.
 */
export type ParameterSlot = Omit<ParameterEntry, 'weightDecay'>;

/** A model folder opened for training. */
export interface TrainableModel {
  dir: string;
  /** The manifest exactly as read (every field, nested ones included), for export to copy forward. */
  manifest: Record<string, unknown> & { id: string; version: string };
  parameters: ParameterSlot[];
  trainGraphPath: string;
  batchSize: number;
  defaults: { lr: number; weightDecay: number; maxGradNorm: number };
}

/**
 * Opens `dir/manifest.json` through the one parser and checks the parameter layout against weights.bin
 * (the one layout check, main/ml/models); an unusable folder is TrainingFailure('model_invalid') with
 * the check's message.
 */
export function openTrainableModel(dir: string): TrainableModel {
  return trainableModel(dir, readTrainableManifest(dir, TrainableManifestSchema));
}

/**
 * The one parser (readManifest) with the training runtime's error: every unusable manifest is
 * TrainingFailure('model_invalid') with the parser's message, `invalidNote` added to a schema failure.
 * `schema` is TrainableManifestSchema or an extension of it (a reward model's).
 */
export function readTrainableManifest<Schema extends z.ZodType<TrainableManifest>>(
  dir: string,
  schema: Schema,
  invalidNote = '',
): { manifest: z.output<Schema>; raw: unknown } {
  return asModelInvalid(() => readManifest(dir, schema), invalidNote);
}

/** The folder a manifest read by readTrainableManifest describes, its parameter layout checked against weights.bin. */
export function trainableModel(dir: string, read: { manifest: TrainableManifest; raw: unknown }): TrainableModel {
  const { manifest } = read;
  asModelInvalid(() => checkParameterLayout(manifest.parameters, path.join(dir, 'weights.bin')));
  return {
    dir,
    manifest: read.raw as TrainableModel['manifest'],
    parameters: manifest.parameters.map(({ weightDecay: _decay, ...slot }) => slot),
    trainGraphPath: path.join(dir, manifest.graphs.trainSft.file),
    batchSize: manifest.training.shapes.batch,
    defaults: manifest.training.defaults,
  };
}

/** The worker protocol's code for every unusable model folder is model_invalid; the check's message says which part. */
function asModelInvalid<T>(check: () => T, invalidNote = ''): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ModelFolderError) {
      const note = error.code === 'manifest_invalid' ? invalidNote : '';
      throw new TrainingFailure('model_invalid', `${error.message}${note}`, { cause: error });
    }
    throw error;
  }
}

/** Reads every parameter from weights.bin into its own Float32Array, in manifest order. */
export function readParameters(model: TrainableModel): Map<string, Float32Array> {
  const bytes = readFileSync(path.join(model.dir, 'weights.bin'));
  const values = new Map<string, Float32Array>();
  for (const slot of model.parameters) {
    const tensor = new Float32Array(slot.length / 4);
    new Uint8Array(tensor.buffer).set(bytes.subarray(slot.offset, slot.offset + slot.length));
    values.set(slot.name, tensor);
  }
  return values;
}

/** Serialises parameters into the manifest's weights.bin layout (the inverse of readParameters). */
export function encodeWeights(parameters: ParameterSlot[], values: ReadonlyMap<string, Float32Array>): Buffer {
  const size = Math.max(...parameters.map((p) => p.offset + p.length));
  const out = Buffer.alloc(size);
  for (const slot of parameters) {
    const tensor = values.get(slot.name);
    if (tensor === undefined || tensor.byteLength !== slot.length) {
      throw new TrainingFailure(
        'export_invalid',
        `parameter ${slot.name}: expected ${slot.length} bytes, have ${tensor?.byteLength ?? 'none'}`,
      );
    }
    out.set(new Uint8Array(tensor.buffer, tensor.byteOffset, tensor.byteLength), slot.offset);
  }
  return out;
}
