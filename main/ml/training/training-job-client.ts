// Main-side client of the training worker. A job runs in a child process rather than a worker
// thread: ORT's native memory (1.45 GB peak for the SFT graph, DESIGN.md) goes back to the OS when
// the job ends, a native crash cannot take the main process with it, and "kill -9 mid-run" is a real,
// testable event. main/system/worker-process.ts starts it (a child process under plain Node, a
// utility process in the Electron app); from TypeScript sources the entry is loaded through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TrainingJobConfig, TrainingOutcome, TrainingRequest, TrainingWorkerMessage } from '../../../shared/types/training';
import { forkWorker, type WorkerProcess } from '../../system/worker-process';

/** A running training job as the main process holds it. */
export interface TrainingJobHandle {
  /** OS process id of the worker. */
  readonly pid: number | undefined;
  /** Every message from the worker, in order; returns the unsubscribe function. */
  onMessage(listener: (message: TrainingWorkerMessage) => void): () => void;
  /** Asks the job to stop after the current step and checkpoint; settles when it is paused (or ended). */
  pause(): Promise<void>;
  /** Continues a paused job; settles when it runs again (or ended). */
  resume(): Promise<void>;
  /** Stops after the current step, checkpoints, and ends with a 'cancelled' result. */
  cancel(): Promise<TrainingOutcome>;
  /** Kills the worker at once (SIGKILL) without a checkpoint; the job resumes from its last one. */
  kill(): void;
  /** The job's outcome; never rejects (a worker that dies without a result gives 'worker_exited'). */
  readonly done: Promise<TrainingOutcome>;
}

export interface TrainingJobClientOptions {
  /** Worker entry file; defaults to the compiled sibling, else the TypeScript source through tsx. */
  entry?: string;
  /** Extra environment for the worker process. */
  env?: NodeJS.ProcessEnv;
}

export class TrainingJobClient {
  constructor(private readonly options: TrainingJobClientOptions = {}) {}

  start(config: TrainingJobConfig): TrainingJobHandle {
    const entry = this.options.entry ?? defaultEntry();
    // A child process under plain Node, an Electron utility process in the app (whose runAsNode fuse
    // is off, so the app binary cannot be forked as Node): forkWorker picks.
    const child = forkWorker(entry, { env: this.options.env, serviceName: 'EmotionThinker training' });
    return new ChildJobHandle(child, config);
  }
}

type UnsequencedRequest = TrainingRequest extends infer R ? (R extends TrainingRequest ? Omit<R, 'seq'> : never) : never;

class ChildJobHandle implements TrainingJobHandle {
  private readonly listeners = new Set<(message: TrainingWorkerMessage) => void>();
  private requestSeq = 0;
  private outcome: TrainingOutcome | null = null;
  readonly done: Promise<TrainingOutcome>;

  constructor(
    private readonly child: WorkerProcess,
    config: TrainingJobConfig,
  ) {
    this.done = new Promise<TrainingOutcome>((resolve) => {
      child.onMessage((raw) => {
        const message = raw as TrainingWorkerMessage;
        if (message.type === 'result') this.outcome ??= message;
        // The first error ends the job; later ones (e.g. a stray bad request) cannot change that.
        if (message.type === 'error') this.outcome ??= { type: 'failed', error: message.error };
        for (const listener of [...this.listeners]) listener(message);
      });
      child.onError((error) => {
        this.outcome ??= { type: 'failed', error: { code: 'worker_exited', message: `training worker failed to start: ${error.message}` } };
      });
      child.onExit((code, signal) => {
        this.outcome ??= {
          type: 'failed',
          error: { code: 'worker_exited', message: `training worker exited without a result (${signal ?? `exit code ${code}`})` },
        };
        resolve(this.outcome);
      });
    });
    this.send({ type: 'start', config });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  onMessage(listener: (message: TrainingWorkerMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  pause(): Promise<void> {
    return this.requestState('pause', 'paused');
  }

  resume(): Promise<void> {
    return this.requestState('resume', 'running');
  }

  async cancel(): Promise<TrainingOutcome> {
    this.send({ type: 'cancel' });
    return this.done;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  private requestState(type: 'pause' | 'resume', state: 'paused' | 'running'): Promise<void> {
    return new Promise<void>((resolve) => {
      const unsubscribe = this.onMessage((m) => {
        if (m.type === 'progress' && m.state === state) {
          unsubscribe();
          resolve();
        }
      });
      void this.done.then(() => {
        unsubscribe();
        resolve();
      });
      this.send({ type });
    });
  }

  private send(request: UnsequencedRequest): void {
    if (this.outcome !== null || !this.child.connected) return;
    this.requestSeq += 1;
    this.child.send({ ...request, seq: this.requestSeq });
  }
}

function defaultEntry(): string {
  // Inside the host bundles (dist/main/*.mjs|cjs) the worker is the sibling bundle build-main.mjs writes.
  const bundled = fileURLToPath(new URL('./training-worker.mjs', import.meta.url));
  if (existsSync(bundled)) return bundled;
  const compiled = fileURLToPath(new URL('./training-worker-entry.js', import.meta.url));
  return existsSync(compiled) ? compiled : fileURLToPath(new URL('./training-worker-entry.ts', import.meta.url));
}
