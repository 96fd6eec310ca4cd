// Starts a worker child process (a training job, an EmotionCoT build, an evaluation) the same way
// under both hosts. The browser host is plain Node: child_process.fork runs the entry with
// process.execPath. The packaged Electron app sets the runAsNode fuse off (electron-builder.yml), so
// its execPath cannot run a script as Node: there the worker must be an Electron utility process
// (utilityProcess.fork, main process only). Only main/electron/ may import electron (the layer
// check), so it hands its launcher in with useElectronWorkerLauncher(); plain Node never loads it.
// The child side of the channel is parent-port.ts.
import { fork as forkChild, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The signals a worker can be stopped with: SIGTERM lets it exit its own way, SIGKILL does not wait. */
export type WorkerSignal = 'SIGTERM' | 'SIGKILL';

/** A started worker process, whichever way it was started. */
export interface WorkerProcess {
  /** OS process id; undefined until it has spawned (a utility process gets it asynchronously) and after it ended. */
  readonly pid: number | undefined;
  /** Whether messages can still reach it. */
  readonly connected: boolean;
  /** Sends a message (structured-clone data); dropped once the worker is gone. */
  send(message: unknown): void;
  onSpawn(listener: (pid: number) => void): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Once, when it ended: the exit code, or the signal it was stopped with (then code is null). */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** It could not be started, or died of a fatal error (an exit follows where there was a process). */
  onError(listener: (error: Error) => void): void;
  /** Stops it; SIGTERM by default. */
  kill(signal?: WorkerSignal): void;
}

export interface WorkerOptions {
  /** Extra environment on top of this process's. */
  env?: NodeJS.ProcessEnv;
  /** The worker's stdout and stderr: shared with this process (default) or dropped. */
  output?: 'inherit' | 'ignore';
  /**
   * child_process messages as JSON (Node's default) or structured clone ('advanced', which keeps
   * NaN, Map, typed arrays). A utility process always uses structured clone.
   */
  serialization?: 'json' | 'advanced';
  /** Names the process in Electron's task manager and crash reports ("EmotionThinker training"). */
  serviceName: string;
}

/** Starts a worker in Electron's main process (implemented in main/electron/utility-worker.ts). */
export type ElectronWorkerLauncher = (entry: string, execArgv: string[], env: NodeJS.ProcessEnv, options: WorkerOptions) => WorkerProcess;

let electronLauncher: ElectronWorkerLauncher | null = null;

/** Called once by the Electron shell at start-up, before any service forks a worker. */
export function useElectronWorkerLauncher(launcher: ElectronWorkerLauncher): void {
  electronLauncher = launcher;
}

/** Starts `entry` (a .ts source runs through tsx, a compiled .js/.mjs as it is) in a worker process. */
export function forkWorker(entry: string, options: WorkerOptions): WorkerProcess {
  const execArgv = entry.endsWith('.ts') ? ['--import', tsxLoaderUrl()] : [];
  const env = { ...process.env, ...options.env };
  if (inElectronMain()) {
    if (!electronLauncher)
      throw new Error(`Cannot start the ${options.serviceName} process: the Electron shell registered no utility-process launcher.`);
    return electronLauncher(entry, execArgv, env, options);
  }
  // Outside Electron's main process (the browser host, tests, an ELECTRON_RUN_AS_NODE script) the
  // entry runs with this process's own Node; under an Electron binary that needs ELECTRON_RUN_AS_NODE.
  if (process.versions['electron']) env['ELECTRON_RUN_AS_NODE'] = '1';
  const output = options.output ?? 'inherit';
  const child = forkChild(entry, [], {
    execArgv,
    env,
    stdio: ['ignore', output, output, 'ipc'],
    ...(options.serialization ? { serialization: options.serialization } : {}),
  });
  return childWorker(child);
}

function inElectronMain(): boolean {
  return Boolean(process.versions['electron']) && (process as { type?: string }).type === 'browser';
}

function childWorker(child: ChildProcess): WorkerProcess {
  return {
    get pid() {
      return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    get connected() {
      return child.connected;
    },
    send: (message) => {
      // The callback takes a send that fails because the worker just died (EPIPE): 'exit' reports it.
      if (child.connected) child.send(message as object, undefined, {}, () => {});
    },
    onSpawn: (listener) => void child.once('spawn', () => listener(child.pid!)),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.once('exit', listener),
    onError: (listener) => void child.on('error', listener),
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}

function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}
