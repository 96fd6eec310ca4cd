// End to end: the `emotionthinker` launcher spawned as a user would run it, on real RAVDESS clips
// and a corrupt file, with the untrained tiny model.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/emotionthinker.mjs');
const TINY = path.join(ROOT, 'resources/models/tiny');
const RAVDESS = path.resolve(ROOT, '../shared/data/ravdess');
const CLIPS = ['Actor_18/03-01-03-01-01-01-18.wav', 'Actor_19/03-01-05-02-02-01-19.wav'].map((f) => path.join(RAVDESS, f));

const scratch = mkdtempSync(path.join(tmpdir(), 'emotionthinker-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: scratch, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.skipIf(!CLIPS.every((f) => existsSync(f)))('emotionthinker analyze', () => {
  it('analyzes a folder, lists the corrupt file with its code, writes JSON and CSV, and exits 1', () => {
    const folder = path.join(scratch, 'clips');
    mkdirSync(path.join(folder, 'more'), { recursive: true });
    for (const clip of CLIPS) copyFileSync(clip, path.join(folder, path.basename(clip)));
    writeFileSync(path.join(folder, 'more/corrupt.wav'), Buffer.from('this is not a wave file at all, only text'));
    const json = path.join(scratch, 'out.json');
    const csv = path.join(scratch, 'out.csv');
    const run = cli('analyze', folder, '--model', TINY, '--json', json, '--csv', csv, '--max-tokens', '16', '--retries', '1');
    expect(run.code).toBe(1);
    for (const clip of CLIPS) expect(run.stdout).toContain(path.basename(clip));
    expect(run.stdout).toMatch(/top: {7}\w+ 0\.\d\d/);
    expect(run.stdout).toMatch(/evidence: {2}\d+ verified, \d+ contradicted, \d+ unverifiable/);
    expect(run.stdout).toContain('more/corrupt.wav  [not_audio]');
    expect(run.stdout).toContain('Analyzed 2 of 3 file(s)');
    expect(run.stderr).toContain('[3/3]');
    expect(run.stderr).toContain('untrained test model');
    const written = JSON.parse(readFileSync(json, 'utf8'));
    expect(written.results).toHaveLength(2);
    expect(written.failed).toEqual([expect.objectContaining({ code: 'not_audio' })]);
    const rows = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^file,status,label,label_probability,p_neutral,/);
    expect(rows.at(-1)).toMatch(/corrupt\.wav,failed,.*not_audio/);
  });

  it('analyzes a single file and exits 0', () => {
    const run = cli('analyze', CLIPS[0]!, '--model', TINY, '--max-tokens', '8', '--retries', '0', '--gender', 'female');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('03-01-03-01-01-01-18.wav  →');
    expect(run.stdout).toContain('Analyzed 1 of 1 file(s)');
  });
});

describe('emotionthinker usage errors', () => {
  it('names a missing model folder and exits 2', () => {
    const run = cli('analyze', 'whatever.wav', '--model', path.join(scratch, 'no-such-model'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\[folder_missing\] model folder .*no-such-model does not exist/);
  });

  it('rejects an unknown option and an unknown command with the usage text', () => {
    expect(cli('analyze', 'x.wav', '--frobnicate').code).toBe(2);
    const unknown = cli('transcribe');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "transcribe"');
  });
});
