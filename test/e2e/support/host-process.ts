// Starts the real browser host (dist/main/browser-host.mjs) as a child process, as `npm start` does
// where no Electron binary exists, and waits for its ready line.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const projectRoot = join(import.meta.dirname, '..', '..', '..');

export interface RunningHost {
  url: string;
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
}

export async function startHost(dataDir = mkdtempSync(join(tmpdir(), 'et-e2e-')), options: HostOptions = {}): Promise<RunningHost> {
  const args = ['dist/main/browser-host.mjs', ...(options.display ? [] : ['--no-browser']), '--port', '0', '--data-dir', dataDir];
  if (options.resourcesDir) args.push('--resources-dir', options.resourcesDir);
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: options.display ? { ...process.env, DISPLAY: options.display } : process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
  const ready = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in 60 s:\n${stderr}`)), 60_000);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const message = JSON.parse(line) as { event?: string; url: string; token: string };
        if (message.event === 'ready') {
          clearTimeout(timer);
          resolve(message);
        }
      } catch {
        // not the ready line
      }
    });
  });
  return {
    ...ready,
    dataDir,
    process: child,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
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
