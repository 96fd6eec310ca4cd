// One worker thread of the analysis pool and what the client knows of it: whether it has said it is
// ready, the request it runs (one at a time, so its reports and its fate are that request's), its
// last memory report, and the model folders whose sessions it has loaded.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysisStopCode, AnalysisStopRequest, AnalysisWorkerMessage } from './worker-protocol';

/** How long a worker asked to stop may take to let its ORT calls return and release its sessions (ms). */
const STOP_GRACE_MS = 5_000;

/** Why a worker ended without being asked to. */
export interface SlotEnd {
  code: AnalysisStopCode;
  message: string;
}

export interface SlotEvents<Job> {
  message(slot: AnalysisWorkerSlot<Job>, message: AnalysisWorkerMessage): void;
  /** The worker ended on its own (crash, JS heap limit); not called after stop(). */
  ended(slot: AnalysisWorkerSlot<Job>, end: SlotEnd): void;
}

export class AnalysisWorkerSlot<Job> {
  ready = false;
  job: Job | null = null;
  /** The running request's last memory report (bytes) and when it came (performance.now()). */
  lastMemory = { bytes: 0, at: 0 };
  /** Model folders this worker has sessions for: model requests prefer a worker that has them. */
  readonly models = new Set<string>();
  /** The time or startup limit of the running request. */
  timer: NodeJS.Timeout | undefined;
  private readonly worker: Worker;
  private stopping: Promise<void> | undefined;
  private exited = false;

  constructor(heapMb: number, events: SlotEvents<Job>) {
    this.worker = startWorker(heapMb);
    this.worker.on('message', (message: AnalysisWorkerMessage) => events.message(this, message));
    let ended = false;
    const end = (info: SlotEnd) => {
      if (ended || this.stopping) return;
      ended = true;
      this.clearTimer();
      events.ended(this, info);
    };
    this.worker.on('error', (error: Error & { code?: string }) => {
      // V8 stopped the thread at its resourceLimits heap: that is the memory cap, not a crash.
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY')
        end({ code: 'analysis_memory', message: `its JS heap reached the limit of ${heapMb} MB` });
      else end({ code: 'worker_exited', message: `the analysis worker failed: ${error.message}` });
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      end({ code: 'worker_exited', message: `the analysis worker stopped (exit code ${code})` });
    });
    this.worker.unref();
  }

  /** Hands the worker a request; it is kept alive (ref'd) until the request settles. */
  post(message: unknown): void {
    this.worker.ref();
    this.worker.postMessage(message);
  }

  /** The request settled: an idle worker must not keep the process alive. */
  release(): void {
    this.job = null;
    this.clearTimer();
    this.worker.unref();
  }

  /**
   * Ends the thread; settles once it has exited. A ready worker is asked to stop itself, because
   * terminating it inside an ORT call aborts the whole process (issue 14); one that does not answer
   * within `graceMs` is stuck in synchronous code (a decode), with no ORT call in flight, and is
   * terminated — as is a worker still starting, which has loaded no model.
   */
  stop(graceMs = STOP_GRACE_MS): Promise<void> {
    this.clearTimer();
    this.stopping ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const fallback = setTimeout(() => void this.worker.terminate(), graceMs);
      this.worker.once('exit', () => {
        clearTimeout(fallback);
        resolve();
      });
      if (this.ready) this.worker.postMessage({ type: 'stop' } satisfies AnalysisStopRequest);
      else void this.worker.terminate();
    });
    return this.stopping;
  }

  clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

// The bundle (dist/main/*.mjs or .cjs) has the compiled worker beside it; the TypeScript sources
// (tests, tsx) run the .ts entry through tsx's loader, registered inside the worker.
function startWorker(heapMb: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  const here = dirname(fileURLToPath(import.meta.url));
  const bundled = join(here, 'analysis-worker.mjs');
  if (existsSync(bundled)) return new Worker(bundled, { resourceLimits });
  const entry = pathToFileURL(join(here, 'analysis-worker-entry.ts')).href;
  const tsxApi = pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}
