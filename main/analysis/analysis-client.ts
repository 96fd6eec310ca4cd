// Main-side client of the analysis worker thread. One worker is started on first use and kept;
// if it dies, every pending request fails with a typed error and the next request starts a new one.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { UserCalibration } from '../../shared/types/calibration';
import type { ProsodyAnalysis, SpeakerGender } from '../../shared/types/prosody';
import type { AnalyseResult, AnalysisRequest, AnalysisStage, AnalysisWorkerMessage, DecodeResult, EstimateResult, ExplainResult, ModelRef } from './worker-protocol';

/** A failed worker request: the audio error code (file_not_found, corrupt, …) or an analysis code. */
export class AnalysisFailure extends Error {
  override readonly name = 'AnalysisFailure';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Progress callback of one request. */
export type ProgressListener = (stage: AnalysisStage, fraction: number) => void;

/** Streamed reasoning of an explain request: `attempt` > 0 means a retry started a new text. */
export type TokenListener = (token: { attempt: number; index: number; text: string }) => void;

type WorkerResult = AnalyseResult | DecodeResult | ExplainResult | EstimateResult;

interface Listeners {
  onProgress?: ProgressListener;
  onToken?: TokenListener;
}

interface Pending extends Listeners {
  resolve(result: WorkerResult): void;
  reject(error: AnalysisFailure): void;
}

type UnsequencedRequest = AnalysisRequest extends infer R ? (R extends AnalysisRequest ? Omit<R, 'seq'> : never) : never;

export class AnalysisClient {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly log: (line: string) => void = () => {}) {}

  /** Decodes and measures a file's prosody in the worker (levels on the user's calibration when given). */
  analyse(path: string, options: { gender?: SpeakerGender; calibration?: UserCalibration | null; onProgress?: ProgressListener } = {}): Promise<AnalyseResult> {
    const request: UnsequencedRequest = {
      type: 'analyse', path, ...(options.gender ? { gender: options.gender } : {}), ...(options.calibration ? { calibration: options.calibration } : {}),
    };
    return this.request(request, options.onProgress ? { onProgress: options.onProgress } : {}) as Promise<AnalyseResult>;
  }

  /** Runs an emotion model on a file whose prosody is measured, streaming its reasoning; `calibration` as in analyzeClip. */
  explain(path: string, prosody: ProsodyAnalysis, model: ModelRef, onToken?: TokenListener, calibration?: UserCalibration | null): Promise<ExplainResult> {
    return this.request({ type: 'explain', path, prosody, model, ...(calibration ? { calibration } : {}) }, onToken ? { onToken } : {}) as Promise<ExplainResult>;
  }

  /** An emotion model's label probabilities for a few seconds of 16 kHz mono audio. */
  estimate(samples: Float32Array, model: ModelRef): Promise<EstimateResult> {
    return this.request({ type: 'estimate', samples, model }, {}) as Promise<EstimateResult>;
  }

  /** Decodes a file to 16 kHz mono in the worker. */
  decode(path: string): Promise<DecodeResult> {
    return this.request({ type: 'decode', path }) as Promise<DecodeResult>;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private request(request: UnsequencedRequest, listeners: Listeners = {}): Promise<WorkerResult> {
    const worker = this.ensureWorker();
    const seq = ++this.seq;
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { resolve, reject, ...listeners });
      worker.postMessage({ ...request, seq } satisfies AnalysisRequest);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.on('message', (message: AnalysisWorkerMessage) => this.receive(message));
    const failAll = (why: string) => {
      if (this.worker === worker) this.worker = null;
      for (const pending of this.pending.values()) pending.reject(new AnalysisFailure('worker_exited', why));
      this.pending.clear();
    };
    worker.on('error', (error) => failAll(`The analysis worker failed: ${error.message}`));
    worker.on('exit', (code) => failAll(`The analysis worker stopped (exit code ${code}).`));
    // An idle worker must not keep the process alive (it is ref'd while requests are pending).
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private receive(message: AnalysisWorkerMessage): void {
    const pending = this.pending.get(message.seq);
    if (message.type === 'log') {
      this.log(`analysis: ${message.message}`);
      return;
    }
    if (!pending) return;
    if (message.type === 'progress') pending.onProgress?.(message.stage, message.fraction);
    else if (message.type === 'token') pending.onToken?.({ attempt: message.attempt, index: message.index, text: message.text });
    else {
      this.pending.delete(message.seq);
      if (this.pending.size === 0) this.worker?.unref();
      if (message.type === 'result') pending.resolve(message.result);
      else pending.reject(new AnalysisFailure(message.code, message.message));
    }
  }
}

// The bundle (dist/main/*.mjs or .cjs) has the compiled worker beside it; the TypeScript sources
// (tests, tsx) run the .ts entry through tsx's loader, registered inside the worker.
function startWorker(): Worker {
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'analysis-worker.mjs');
  if (existsSync(bundled)) return new Worker(bundled);
  const entry = pathToFileURL(join(here, 'analysis-worker-entry.ts')).href;
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true });
}
