// Install and start-up as the README tells it (issue 15): npm is given no config key it warns about,
// onnxruntime-node's CUDA download is skipped by the variable its install script reads, and the
// Node versions in `engines` and the README are the ones the tooling itself declares.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const read = (...path: string[]) => readFileSync(join(root, ...path), 'utf8');
const engines = (pkg: string) => (JSON.parse(read('node_modules', pkg, 'package.json')) as { engines: { node: string } }).engines.node;

describe('installing the project', () => {
  it('gives npm no project config key it does not know (it warned on every command)', () => {
    const npmrc = existsSync(join(root, '.npmrc')) ? read('.npmrc') : '';
    expect(npmrc).not.toMatch(/onnxruntime-node-install/);
  });

  it('skips onnxruntime-node’s CUDA download with the variable its install script reads, in CI and in the README', () => {
    expect(read('node_modules', 'onnxruntime-node', 'script', 'install-utils.js')).toContain('process.env.ONNXRUNTIME_NODE_INSTALL');
    const ci = read('.ci', 'run');
    expect(ci.indexOf('export ONNXRUNTIME_NODE_INSTALL=skip')).toBeGreaterThan(-1);
    expect(ci.indexOf('export ONNXRUNTIME_NODE_INSTALL=skip')).toBeLessThan(ci.indexOf('npm ci'));
    expect(read('README.md')).toContain('ONNXRUNTIME_NODE_INSTALL=skip npm install && npm start');
    // With it, the script ends at once and fetches nothing (this machine has no route to its host).
    const run = spawnSync(process.execPath, [join(root, 'node_modules', 'onnxruntime-node', 'script', 'install.js')], {
      env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, '', '']);
  });

  it('declares the Node versions the build and test tooling needs, and says where Electron’s tooling needs more', () => {
    const declared = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(declared).toBe('^20.19.0 || >=22.12.0');
    expect(engines('vite')).toBe(declared);
    expect(engines('electron')).toMatch(/>=\s*22\.12/);
    const readme = read('README.md');
    expect(readme).toContain('Node 20.19+ or\n22.12+');
    expect(readme).toMatch(/Electron shell's\s+own tooling[\s\S]*≥ 22\.12/);
    const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
    expect((major === 20 && minor >= 19) || major > 22 || (major === 22 && minor >= 12)).toBe(true);
  });
});
