// Opens a model folder (manifest.json + weights.bin + graphs + tokenizer.json, see
// tools/model/export.py) and checks everything a session or a training job will rely on, so a broken
// folder fails here with a code and a sentence instead of deep inside onnxruntime.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  ModelGraphsSchema,
  ModelManifestSchema,
  type GraphEntry,
  type ModelManifest,
  type ParameterEntry,
} from '../../../shared/types/model';
import { CodedError, describeError } from '../../../shared/errors/coded-error';

export type ModelFolderErrorCode =
  | 'folder_missing'
  | 'manifest_missing'
  | 'manifest_invalid'
  | 'file_missing'
  | 'weights_size_mismatch'
  | 'parameter_layout_invalid'
  | 'graph_io_mismatch'
  | 'tokenizer_invalid';

export class ModelFolderError extends CodedError<ModelFolderErrorCode> {}

export interface ModelFolder {
  dir: string;
  manifest: ModelManifest;
  /** Absolute path of a file named in the manifest. */
  file(name: string): string;
}

const { shapes: trainingShapes, defaults: trainingDefaults } = ModelManifestSchema.shape.training.shape;

/**
 * The part of the manifest the training runtime reads — a view of ModelManifestSchema, not a second
 * schema: identity, the parameter layout, the SFT training graph, the batch and the optimiser's
 * defaults. Folders that are not app models satisfy it too (the linear test fixture, a reasoning
 * reward model); every other field is kept as read and copied forward on export.
 */
export const TrainableManifestSchema = ModelManifestSchema.pick({ id: true, name: true, version: true, parameters: true })
  .extend({
    graphs: ModelGraphsSchema.pick({ trainSft: true }).required().loose(),
    training: z
      .object({
        shapes: trainingShapes.pick({ batch: true }).loose(),
        defaults: trainingDefaults.pick({ lr: true, weightDecay: true, maxGradNorm: true }).loose(),
      })
      .loose(),
  })
  .loose();
/** What the training runtime reads of a manifest. */
export type TrainableManifest = z.infer<typeof TrainableManifestSchema>;

/**
 * Reads `dir/manifest.json` and checks it against `schema` (ModelManifestSchema, or a view of it such
 * as TrainableManifestSchema): the one manifest parser. `raw` is the JSON exactly as read.
 */
export function readManifest<Schema extends z.ZodType>(dir: string, schema: Schema): { manifest: z.output<Schema>; raw: unknown } {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new ModelFolderError('manifest_missing', `${manifestPath} is missing`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new ModelFolderError('manifest_invalid', `${manifestPath} is not JSON: ${describeError(error)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ModelFolderError('manifest_invalid', `${manifestPath}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return { manifest: parsed.data, raw };
}

export function openModelFolder(dir: string): ModelFolder {
  const absolute = path.resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    throw new ModelFolderError('folder_missing', `model folder ${absolute} does not exist`);
  }
  const { manifest } = readManifest(absolute, ModelManifestSchema);
  const folder: ModelFolder = { dir: absolute, manifest, file: (name) => path.join(absolute, name) };
  checkFiles(folder);
  checkWeightsSize(folder);
  checkParameterLayout(manifest.parameters, folder.file(manifest.weights.file));
  checkGraphNames(manifest);
  checkTokenIds(manifest);
  checkUtteranceFields(manifest);
  return folder;
}

/** The utterance vector's names and z-score statistics must all have the encoder's input width. */
function checkUtteranceFields(manifest: ModelManifest): void {
  const { utteranceProsodyFields: fields, utteranceProsodyMean: mean, utteranceProsodyStd: std } = manifest.features;
  const dims = manifest.config.utterance_prosody_dims;
  if (fields.length !== dims || mean.length !== dims || std.length !== dims) {
    throw new ModelFolderError(
      'manifest_invalid',
      `features: ${fields.length} utterance fields, ${mean.length} means and ${std.length} deviations; the encoder takes ${dims}`,
    );
  }
}

function checkFiles({ manifest, file }: ModelFolder): void {
  const graphs = [
    manifest.graphs.encoder,
    manifest.graphs.decoder,
    manifest.graphs.trainSft,
    manifest.graphs.trainGrpo,
    manifest.graphs.logprobs,
  ];
  const names = [
    manifest.weights.file,
    manifest.tokenizer.file,
    ...graphs.filter((g): g is GraphEntry => g !== undefined).map((g) => g.file),
  ];
  for (const name of names) {
    if (!existsSync(file(name))) throw new ModelFolderError('file_missing', `${file(name)} is named in the manifest but missing`);
  }
}

/**
 * The one check of weights.bin's parameter layout (app models, training folders, reward models): each
 * parameter named once, its length the float32 bytes of its shape, laid end to end from byte 0 in
 * manifest order, covering the file exactly. Throws ModelFolderError ('file_missing' or
 * 'parameter_layout_invalid') naming the parameter and the bytes.
 */
export function checkParameterLayout(
  parameters: readonly Pick<ParameterEntry, 'name' | 'shape' | 'offset' | 'length'>[],
  weightsPath: string,
): void {
  if (!existsSync(weightsPath)) throw new ModelFolderError('file_missing', `${weightsPath} is missing`);
  const weightsBytes = statSync(weightsPath).size;
  const file = path.basename(weightsPath);
  const names = new Set<string>();
  let offset = 0;
  for (const p of parameters) {
    const bytes = p.shape.reduce((a, b) => a * b, 1) * 4;
    const fail = (problem: string) => new ModelFolderError('parameter_layout_invalid', `parameter ${p.name}: ${problem}`);
    if (names.has(p.name)) throw fail('is listed twice');
    names.add(p.name);
    if (p.length !== bytes) throw fail(`length ${p.length} bytes does not match shape [${p.shape.join(', ')}] (${bytes} bytes)`);
    if (p.offset !== offset) throw fail(`expected offset ${offset} (where the parameter before it ends), manifest says ${p.offset}`);
    if (offset + p.length > weightsBytes) throw fail(`bytes ${offset}..${offset + p.length} lie outside ${file} (${weightsBytes} bytes)`);
    offset += p.length;
  }
  if (offset !== weightsBytes) {
    throw new ModelFolderError('parameter_layout_invalid', `parameters cover ${offset} bytes, ${file} has ${weightsBytes}`);
  }
}

function checkWeightsSize({ manifest, file }: ModelFolder): void {
  const actual = statSync(file(manifest.weights.file)).size;
  if (actual !== manifest.weights.bytes) {
    throw new ModelFolderError(
      'weights_size_mismatch',
      `${file(manifest.weights.file)} has ${actual} bytes, the manifest expects ${manifest.weights.bytes}`,
    );
  }
}

/** Training graphs take `params.<p>` for every parameter, in manifest order. */
function checkGraphNames(manifest: ModelManifest): void {
  for (const graph of [manifest.graphs.trainSft, manifest.graphs.trainGrpo, manifest.graphs.logprobs]) {
    if (!graph) continue;
    const paramInputs = graph.inputs.filter((name) => name.startsWith('params.')).map((name) => name.slice('params.'.length));
    const expected = manifest.parameters.map((p) => p.name);
    if (paramInputs.length !== expected.length || paramInputs.some((name, i) => name !== expected[i])) {
      throw new ModelFolderError('graph_io_mismatch', `${graph.file}: its params.* inputs do not match the manifest's parameter list`);
    }
  }
}

function checkTokenIds(manifest: ModelManifest): void {
  const { tokenIds } = manifest.tokenizer;
  for (const label of manifest.labels) {
    if (tokenIds.labels[label] === undefined) {
      throw new ModelFolderError('tokenizer_invalid', `label "${label}" has no token id in manifest.tokenizer.tokenIds.labels`);
    }
  }
  const ids = [
    tokenIds.pad,
    tokenIds.bos,
    tokenIds.eos,
    tokenIds.thinkOpen,
    tokenIds.thinkClose,
    tokenIds.answerOpen,
    tokenIds.answerClose,
    ...Object.values(tokenIds.labels),
  ];
  const outOfRange = ids.find((id) => id >= manifest.config.vocab);
  if (outOfRange !== undefined)
    throw new ModelFolderError('tokenizer_invalid', `token id ${outOfRange} is outside the vocabulary (${manifest.config.vocab})`);
}

/** Reads weights.bin as one Float32Array (little-endian, manifest order). */
export function readWeights(folder: ModelFolder): Float32Array {
  const bytes = readFileSync(folder.file(folder.manifest.weights.file));
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** One parameter's view into a full weights array. */
export function parameterView(manifest: ModelManifest, weights: Float32Array, name: string): Float32Array {
  const entry = manifest.parameters.find((p) => p.name === name);
  if (!entry) throw new ModelFolderError('parameter_layout_invalid', `no parameter named ${name}`);
  return weights.subarray(entry.offset / 4, (entry.offset + entry.length) / 4);
}
