// Sessions for a model folder's inference graphs, with the execution-provider choice and a cache.
// Weights are baked into encoder.onnx/decoder.onnx as external data in weights.bin (ORT pre-packs
// them: 2.2–2.5× faster sampling than weights-as-inputs, DESIGN.md). New weights therefore mean a
// new folder: `withWeights` writes weights.bin beside copies of the two small graph files and opens
// sessions on it (70–120 ms per session for RL sampler rebuilds, DESIGN.md).
import { copyFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ExecutionProviderName, ExecutionProviderReport } from '../../../shared/types/engine';
import { createSession, PROVIDER_PREFERENCE, probeExecutionProviders, Tensor, type OrtSession } from '../backends/onnx';
import { ModelFolderError, openModelFolder, type ModelFolder } from './model-folder';
import { loadFolderTokenizer, type TextTokenizer } from './tokenizer';

export interface ProviderChoice {
  name: ExecutionProviderName;
  reason: string;
  reports: ExecutionProviderReport[];
}

const SMOKE_GRAPH = path.resolve(import.meta.dirname, '../../../resources/graphs/engine-smoke.onnx');

/**
 * The first provider of `preference` that runs the smoke graph, else CPU, with the reason in words
 * (e.g. "cuda: not built into onnxruntime-node for linux/x64; using cpu").
 */
export async function chooseExecutionProvider(preference: readonly ExecutionProviderName[] = PROVIDER_PREFERENCE): Promise<ProviderChoice> {
  const reports = await probeExecutionProviders(SMOKE_GRAPH, () => ({ x: new Tensor('float32', new Float32Array(8), [2, 4]) }));
  for (const name of preference) {
    const report = reports.find((r) => r.name === name);
    if (report?.available) {
      const skipped = reports.filter((r) => preference.indexOf(r.name) < preference.indexOf(name) && !r.available);
      const why = skipped.map((r) => `${r.name}: ${r.reason}`).join('; ');
      return { name, reason: why ? `${why}; using ${name}` : `${name} is the preferred provider and works`, reports };
    }
  }
  return { name: 'cpu', reason: 'no preferred provider works; using cpu', reports };
}

/**
 * Default intra-op threads for the sampler. One decoder run per token is small enough that thread
 * hand-off costs more than it saves: npm run bench:engine measured 8 × 64 sampling on the 2 M-param
 * model at ~4,300 tokens/s with 1 thread against ~2,700 with 2 (2-core machine).
 */
export const SAMPLER_THREADS = 1;

export interface LoadModelOptions {
  executionProvider?: ExecutionProviderName;
  /** Defaults to SAMPLER_THREADS. */
  intraOpNumThreads?: number;
}

export interface LoadedModel {
  folder: ModelFolder;
  tokenizer: TextTokenizer;
  encoder: OrtSession;
  decoder: OrtSession;
  executionProvider: ExecutionProviderName;
  release(): Promise<void>;
}

export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const folder = openModelFolder(dir);
  const tokenizer = loadFolderTokenizer(folder);
  const executionProvider = options.executionProvider ?? 'cpu';
  const sessionOptions = { executionProviders: [executionProvider], intraOpNumThreads: options.intraOpNumThreads ?? SAMPLER_THREADS };
  const [encoder, decoder] = await Promise.all([
    createSession(folder.file(folder.manifest.graphs.encoder.file), sessionOptions),
    createSession(folder.file(folder.manifest.graphs.decoder.file), sessionOptions),
  ]);
  return {
    folder,
    tokenizer,
    encoder,
    decoder,
    executionProvider,
    release: async () => {
      await Promise.all([encoder.release(), decoder.release()]);
    },
  };
}

/**
 * Sessions on `weights` (manifest layout) instead of the folder's weights.bin: writes them beside
 * copies of encoder.onnx/decoder.onnx in a scratch folder (removed on release).
 */
export async function loadModelWithWeights(dir: string, weights: Float32Array, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const source = openModelFolder(dir);
  const { manifest } = source;
  if (weights.byteLength !== manifest.weights.bytes) {
    throw new ModelFolderError(
      'weights_size_mismatch',
      `new weights have ${weights.byteLength} bytes, ${manifest.id} needs ${manifest.weights.bytes}`,
    );
  }
  const scratch = mkdtempSync(path.join(tmpdir(), `${manifest.id}-weights-`));
  try {
    for (const file of ['manifest.json', manifest.tokenizer.file, manifest.graphs.encoder.file, manifest.graphs.decoder.file]) {
      copyFileSync(source.file(file), path.join(scratch, file));
    }
    writeFileSync(path.join(scratch, manifest.weights.file), new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
    // A folder with only the inference graphs: drop the training graphs from its manifest copy.
    const inferenceOnly = {
      ...manifest,
      graphs: { encoder: manifest.graphs.encoder, decoder: manifest.graphs.decoder, crossAttention: manifest.graphs.crossAttention },
    };
    writeFileSync(path.join(scratch, 'manifest.json.tmp'), JSON.stringify(inferenceOnly));
    renameSync(path.join(scratch, 'manifest.json.tmp'), path.join(scratch, 'manifest.json'));
    const model = await loadModel(scratch, options);
    return {
      ...model,
      release: async () => {
        await model.release();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** One LoadedModel per (folder, provider, threads); concurrent callers share the same load. */
export class ModelSessionCache {
  private readonly loads = new Map<string, Promise<LoadedModel>>();

  get(dir: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
    const key = `${path.resolve(dir)}|${options.executionProvider ?? 'cpu'}|${options.intraOpNumThreads ?? SAMPLER_THREADS}`;
    let load = this.loads.get(key);
    if (!load) {
      load = loadModel(dir, options);
      load.catch(() => this.loads.delete(key)); // a failed load is retried next time
      this.loads.set(key, load);
    }
    return load;
  }

  async evict(dir: string): Promise<void> {
    const prefix = `${path.resolve(dir)}|`;
    for (const [key, load] of [...this.loads]) {
      if (!key.startsWith(prefix)) continue;
      this.loads.delete(key);
      await (await load.catch(() => undefined))?.release();
    }
  }

  async releaseAll(): Promise<void> {
    const loads = [...this.loads.values()];
    this.loads.clear();
    for (const load of loads) await (await load.catch(() => undefined))?.release();
  }
}
