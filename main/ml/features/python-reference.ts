// Runs the build-time Python references (tools/model/*.py) from tests. Debian's /usr/bin/python3 with
// torch is the reference interpreter (issue 4); tests skip cleanly where it is missing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const SYSTEM_PYTHON = '/usr/bin/python3';
export const MODEL_TOOLS_DIR = path.resolve(import.meta.dirname, '../../../tools/model');

let cached: boolean | undefined;

/** True when /usr/bin/python3 can import torch and onnx. */
export function pythonTorchAvailable(): boolean {
  if (cached === undefined) {
    const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import torch, onnx'], { encoding: 'utf8', timeout: 60_000 });
    cached = probe.status === 0;
  }
  return cached;
}

/** Runs tools/model/<script> with args; throws with Python's stderr on failure. */
export function runModelTool(script: string, args: string[], timeoutMs = 120_000): string {
  const result = spawnSync(SYSTEM_PYTHON, [path.join(MODEL_TOOLS_DIR, script), ...args], {
    cwd: MODEL_TOOLS_DIR,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  if (result.status !== 0) {
    throw new Error(`${script} failed (${result.status ?? result.signal}): ${result.stderr.slice(-2000)}`);
  }
  return result.stdout;
}
