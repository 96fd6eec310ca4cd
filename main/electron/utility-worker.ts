// The Electron half of main/system/worker-process.ts: workers as utility processes, because the
// packaged app's runAsNode fuse is off and child_process.fork of the app binary would not run Node.
// Kept the mirror image of its child_process half. It cannot run in the unit tests (they have no
// Electron binary); the Node half, and the child side in parent-port.ts, are tested there.
import { utilityProcess } from 'electron';
import type { ElectronWorkerLauncher, WorkerSignal } from '../system/worker-process';
import { PARENT_PID_ENV } from '../system/parent-port';

export const launchUtilityWorker: ElectronWorkerLauncher = (entry, execArgv, env, options) => {
  const child = utilityProcess.fork(entry, [], {
    execArgv,
    // The child watches this pid to notice the app is gone (parent-port.ts): a utility process has no 'disconnect'.
    env: definedOnly({ ...env, [PARENT_PID_ENV]: String(process.pid) }),
    stdio: options.output ?? 'inherit',
    serviceName: options.serviceName,
  });
  let exited = false;
  let killedWith: WorkerSignal | null = null;
  child.once('exit', () => {
    exited = true;
  });
  return {
    get pid() {
      return child.pid;
    },
    get connected() {
      return !exited;
    },
    send: (message) => {
      // Posting to an ended utility process is dropped, but from its 'exit' listener it crashed
      // Electron 44 (electron/electron#53923): never post once it has ended.
      if (!exited) child.postMessage(message);
    },
    onSpawn: (listener) => void child.once('spawn', () => listener(child.pid!)),
    onMessage: (listener) => void child.on('message', listener),
    // Utility processes report only an exit code (0 after kill(), electron#44726): the signal we
    // stopped it with is reported instead, as child_process would.
    onExit: (listener) => void child.once('exit', (code) => (killedWith ? listener(null, killedWith) : listener(code, null))),
    onError: (listener) => void child.on('error', (type, location) => listener(new Error(`${type} at ${location}`))),
    kill: (signal = 'SIGTERM') => {
      if (exited) return;
      killedWith = signal;
      // kill() is SIGTERM on POSIX; a SIGKILL ("stop now, no checkpoint") goes to the pid itself.
      // Electron still sees the process end and emits 'exit'. On Windows kill() is immediate anyway.
      if (signal === 'SIGKILL' && child.pid !== undefined && process.platform !== 'win32') process.kill(child.pid, 'SIGKILL');
      else child.kill();
    },
  };
};

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
