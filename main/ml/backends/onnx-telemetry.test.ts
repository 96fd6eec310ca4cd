// "Offline" must be true (issue 14): ONNX Runtime's telemetry is off before the first session, so it
// writes no device id or event database and has nothing to send. Each case runs in a fresh Node
// process with its own HOME, because the runtime's environment is made once per process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const projectRoot = resolve(import.meta.dirname, '..', '..', '..');
const backendModule = join(projectRoot, 'main', 'ml', 'backends', 'onnx.ts');
const smokeGraph = join(projectRoot, 'resources', 'graphs', 'engine-smoke.onnx');
const homes: string[] = [];
afterAll(() => homes.forEach((home) => rmSync(home, { recursive: true, force: true })));

/** Creates and releases one session through the backend module in a fresh process; returns its HOME. */
function sessionInFreshProcess(beforeSession = ''): { home: string; disabledFlag: string } {
  const home = mkdtempSync(join(tmpdir(), 'et-ort-home-'));
  homes.push(home);
  const script = `
    const backend = await import(${JSON.stringify(backendModule)});
    ${beforeSession}
    const session = await backend.createSession(${JSON.stringify(smokeGraph)});
    await session.release();
    console.log(JSON.stringify({ disabled: backend.onnxTelemetryDisabled() }));`;
  // CI=true also keeps ORT from writing its telemetry files, so the control case below runs without it.
  const { HOME: _home, XDG_CACHE_HOME: _cache, ORT_DISABLE_TELEMETRY: _flag, CI: _ci, ...env } = process.env;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: projectRoot,
    env: { ...env, HOME: home, XDG_CACHE_HOME: join(home, '.cache') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return { home, disabledFlag: run.stdout.trim().split('\n').at(-1) ?? '' };
}

const telemetryFolder = (home: string) => join(home, '.cache', 'Microsoft', 'DeveloperTools', '.onnxruntime');

describe('ONNX Runtime telemetry', () => {
  it('is disabled by the backend module before its first session: no telemetry folder, device id or event database', () => {
    const { home, disabledFlag } = sessionInFreshProcess();
    expect(JSON.parse(disabledFlag)).toEqual({ disabled: true });
    expect(existsSync(join(home, '.cache', 'Microsoft'))).toBe(false);
  });

  it('would otherwise write its device id and event database (so the check above can fail)', () => {
    const { home } = sessionInFreshProcess('delete process.env.ORT_DISABLE_TELEMETRY;');
    expect(existsSync(join(telemetryFolder(home), 'deviceid'))).toBe(true);
  });
});
