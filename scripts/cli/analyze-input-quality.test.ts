// The `emotionthinker analyze` launcher, spawned as a user runs it, on a folder holding a noise-only
// recording and a clean RAVDESS clip: the noise gets "cannot judge: <reason>" and no label in the
// text, the summary and the CSV; the clean clip is answered as before.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWavPcm16 } from '../../main/audio';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/emotionthinker.mjs');
const TINY = path.join(ROOT, 'resources/models/tiny');
const CLEAN = path.resolve(ROOT, '../shared/data/ravdess/Actor_18/03-01-05-01-01-01-18.wav');

const scratch = mkdtempSync(path.join(tmpdir(), 'emotionthinker-cli-quality-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Three seconds of seeded Gaussian noise at −26 dBFS: a recording with nobody speaking. */
function noiseWav(file: string): void {
  let state = 21;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const samples = Float32Array.from(
    { length: 3 * 16000 },
    () => 0.05 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
  writeFileSync(file, encodeWavPcm16(samples, 16000));
}

describe.skipIf(!existsSync(CLEAN))('emotionthinker analyze on a clip it cannot judge', () => {
  it('prints "cannot judge" with the reason instead of a label, counts it apart and writes no label to the CSV', () => {
    const folder = path.join(scratch, 'clips');
    mkdirSync(folder, { recursive: true });
    noiseWav(path.join(folder, 'empty-room.wav'));
    copyFileSync(CLEAN, path.join(folder, 'clean.wav'));
    const csv = path.join(scratch, 'out.csv');
    const run = spawnSync(
      process.execPath,
      [BIN, 'analyze', folder, '--model', TINY, '--csv', csv, '--max-tokens', '8', '--retries', '0'],
      { cwd: scratch, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /empty-room\.wav {2}→ {2}cannot judge: the clip is noise or a steady tone, with little or no speech in it \(SNR -\d+\.\d dB\)/,
    );
    expect(run.stdout).toMatch(/measured: {2}SNR (-?\d+\.\d|≥ 30) dB, bandwidth \d\.\d kHz, speech \d\.\d\d of 3\.00 s/);
    expect(run.stdout).toMatch(/clean\.wav {2}→ {2}(?!cannot judge)/);
    expect(run.stdout).toContain('1 the model cannot judge');
    expect(run.stdout).toMatch(/Cannot judge \(1\):\n {2}empty-room\.wav {2}cannot judge: /);
    expect(run.stderr).toMatch(/empty-room\.wav → cannot judge/);
    const rows = readFileSync(csv, 'utf8').trim().split('\r\n');
    const noiseRow = rows.find((r) => r.includes('empty-room.wav'))!;
    // file, status, label (empty), label_probability (empty)
    expect(noiseRow).toMatch(/empty-room\.wav,cannot_judge,,,/);
    expect(rows[0]).toContain(
      'model_answer,model_answer_raw_probability,input_out_of_range,input_reasons,input_severity,snr_db,bandwidth_hz',
    );
  });
});
