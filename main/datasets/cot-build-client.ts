// Main-side handle of one EmotionCoT build in a child process (cot-build-worker.ts). A child rather
// than a worker thread, like training jobs: it can be killed at once to cancel (the builder's files
// survive a kill), it runs at a lower OS priority so the app stays responsive, and a crash in a
// decoder cannot take the main process with it. main/system/worker-process.ts starts it (a utility
// process in the Electron app); from TypeScript sources the entry runs through tsx.
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { forkWorker } from '../system/worker-process';
import type { CotBuildJob, CotBuildMessage, CotBuildRequest, CotBuildSummary } from './cot-build-protocol';

/** How a build ended. */
export type CotBuildOutcome =
  | { type: 'done'; summary: CotBuildSummary }
  | { type: 'failed'; code: string; message: string }
  | { type: 'cancelled' };

/** A running build. */
export interface CotBuildHandle {
  /** Settles once the child has exited; never rejects. */
  readonly done: Promise<CotBuildOutcome>;
  /** Kills the child; `done` then settles as cancelled (unless it had already finished). */
  cancel(): void;
}

/** Nice value of the build's process: below the app, so a long build never makes the page lag. */
const BUILD_NICENESS = 10;

export function startCotBuild(
  job: CotBuildJob,
  onProgress: (progress: Extract<CotBuildMessage, { type: 'progress' }>['progress']) => void,
  entry = defaultEntry(),
): CotBuildHandle {
  const child = forkWorker(entry, { serviceName: 'EmotionThinker EmotionCoT build' });
  // A utility process has its pid only once it has spawned.
  child.onSpawn((pid) => {
    try {
      setPriority(pid, BUILD_NICENESS);
    } catch {
      // Lowering the priority is a courtesy; some systems refuse it.
    }
  });
  let cancelled = false;
  let outcome: CotBuildOutcome | null = null;
  const done = new Promise<CotBuildOutcome>((resolve) => {
    child.onMessage((raw) => {
      const message = raw as CotBuildMessage;
      if (message.type === 'progress') onProgress(message.progress);
      else if (message.type === 'result') outcome ??= { type: 'done', summary: message.summary };
      else if (message.type === 'error') outcome ??= { type: 'failed', code: message.code, message: message.message };
    });
    child.onError((error) => {
      outcome ??= { type: 'failed', code: 'worker_exited', message: `The EmotionCoT build could not start: ${error.message}` };
    });
    child.onExit((code, signal) => {
      if (cancelled && outcome?.type !== 'done') outcome = { type: 'cancelled' };
      outcome ??= {
        type: 'failed',
        code: 'worker_exited',
        message: `The EmotionCoT build stopped without a result (${signal ?? `exit code ${code}`}).`,
      };
      resolve(outcome);
    });
  });
  child.send({ type: 'start', job } satisfies CotBuildRequest);
  return {
    done,
    cancel: () => {
      cancelled = true;
      child.kill('SIGKILL');
    },
  };
}

// The bundle (dist/main/*.mjs or .cjs) has the compiled entry beside it; sources run the .ts entry.
function defaultEntry(): string {
  const compiled = fileURLToPath(new URL('./cot-build-worker.mjs', import.meta.url));
  return existsSync(compiled) ? compiled : fileURLToPath(new URL('./cot-build-worker-entry.ts', import.meta.url));
}
