// `export-rl` and `reward-server` from the command line (issue 17): typed refusals with exit code 2,
// a token file only its owner can read, a clean stop with exit code 0.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExportRl } from './export-rl-command';
import { runRewardServer } from './reward-server-command';

function capture() {
  const lines: string[] = [];
  return { lines, io: { out: (t: string) => lines.push(t), err: (t: string) => lines.push(t) } };
}

describe('emotionthinker export-rl', () => {
  it('refuses an unknown engine and a missing dataset with exit code 2 and the error code', async () => {
    const a = capture();
    expect(await runExportRl(['--engine', 'ray', '--dataset', 'x', '--out', 'y'], a.io)).toBe(2);
    expect(a.lines.join('\n')).toContain('[bad_option]');
    const b = capture();
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'cli-rl-')), 'job');
    expect(await runExportRl(['--engine', 'verl', '--dataset', '/nonexistent/dataset', '--out', out], b.io)).toBe(2);
    expect(b.lines.join('\n')).toContain('[dataset_missing]');
  });
});

describe('emotionthinker reward-server', () => {
  it('writes its token to a 0600 file, answers with it, and stops cleanly', async () => {
    const tokenFile = path.join(mkdtempSync(path.join(tmpdir(), 'cli-rs-')), 'token');
    const stop = new AbortController();
    const { lines, io } = capture();
    const running = runRewardServer(['--port', '0', '--scorer', 'evidence-checker', '--token-file', tokenFile], io, stop.signal);
    await expect.poll(() => lines.join('\n'), { timeout: 20_000 }).toMatch(/reward server on (http:\/\/127\.0\.0\.1:\d+)/);
    const url = /on (http:\/\/\S+) /.exec(lines.join('\n'))![1]!;
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect((await fetch(`${url}/v1/health`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${url}/v1/health`)).status).toBe(401);
    stop.abort();
    expect(await running).toBe(0);
  }, 30_000);

  it('refuses an unknown ablation with exit code 2', async () => {
    const { lines, io } = capture();
    expect(await runRewardServer(['--ablation', 'half'], io)).toBe(2);
    expect(lines.join('\n')).toContain('[bad_option]');
  });
});
