// Starts the real browser host (dist/main/browser-host.mjs) as a child process, as `npm start` does
// where no Electron binary exists, and waits for its ready line. The host prints no token (issue 14):
// like any of the user's own tools, the harness reads it from the host's 0600 session file.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const projectRoot = join(import.meta.dirname, '..', '..', '..');

export interface RunningHost {
  url: string;
  /** The address the host printed for opening by hand: it opens the app once. */
  appUrl: string;
  /** 0600 file holding {url, token, pid}. */
  sessionFile: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
  stderr: () => string;
  stop(): Promise<void>;
}

export interface HostOptions {
  /** A resources folder other than the project's (e.g. one without the default model). */
  resourcesDir?: string;
  /** Let the host open its own Chromium window on this X display (default: --no-browser). */
  display?: string;
  /** A command the host runs under, e.g. ['strace', '-o', FILE]: its last word is followed by node. */
  launcher?: string[];
}

export async function startHost(dataDir = mkdtempSync(join(tmpdir(), 'et-e2e-')), options: HostOptions = {}): Promise<RunningHost> {
  const args = ['dist/main/browser-host.mjs', ...(options.display ? [] : ['--no-browser']), '--port', '0', '--data-dir', dataDir];
  if (options.resourcesDir) args.push('--resources-dir', options.resourcesDir);
  const [command, ...commandArgs] = [...(options.launcher ?? []), process.execPath, ...args];
  const child = spawn(command!, commandArgs, {
    cwd: projectRoot,
    env: options.display ? { ...process.env, DISPLAY: options.display } : process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const ready = await new Promise<{ url: string; appUrl: string; sessionFile: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in 60 s:\n${stderr}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const message = JSON.parse(line) as { event?: string; url: string; appUrl: string; sessionFile: string };
        if (message.event === 'ready') {
          clearTimeout(timer);
          resolve(message);
        }
      } catch {
        // not the ready line
      }
    });
  });
  const { token, pid } = JSON.parse(readFileSync(ready.sessionFile, 'utf8')) as { token: string; pid: number };
  return {
    url: ready.url,
    appUrl: ready.appUrl,
    sessionFile: ready.sessionFile,
    token,
    dataDir,
    process: child,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // Under a launcher the host is not our child: signal it, not the launcher (strace -o blocks TERM).
        process.kill(options.launcher ? pid : child.pid!, 'SIGTERM');
      }),
  };
}

/** A resources folder with everything the project ships except the named model folders. */
export function resourcesWithout(models: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'et-e2e-resources-'));
  const shipped = join(projectRoot, 'resources');
  for (const entry of readdirSync(shipped)) {
    if (entry !== 'models') symlinkSync(join(shipped, entry), join(dir, entry));
  }
  mkdirSync(join(dir, 'models'));
  for (const model of readdirSync(join(shipped, 'models'))) {
    if (!models.includes(model)) symlinkSync(join(shipped, 'models', model), join(dir, 'models', model));
  }
  return dir;
}
