// End to end: `emotionthinker calibrate` on a folder of real RAVDESS clips, then `analyze
// --calibration FILE` with the tiny model, spawned as a user would run them; and the clear refusal of
// a bad calibration file or too few recordings.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/emotionthinker.mjs');
const TINY = path.join(ROOT, 'resources/models/tiny');
const ACTOR_19 = path.resolve(ROOT, '../shared/data/ravdess/Actor_19');
// Actor 19's session: six emotions, one clip each; the clip to analyze is one he did not calibrate on.
const SESSION = [
  '03-01-01-01-01-01-19',
  '03-01-03-02-01-01-19',
  '03-01-04-01-01-01-19',
  '03-01-05-02-01-01-19',
  '03-01-06-01-01-01-19',
  '03-01-08-02-01-01-19',
].map((f) => path.join(ACTOR_19, `${f}.wav`));
const CLIP = path.join(ACTOR_19, '03-01-05-01-02-01-19.wav');
const NEUTRAL = path.join(ACTOR_19, '03-01-01-01-02-01-19.wav');

const scratch = mkdtempSync(path.join(tmpdir(), 'emotionthinker-calibrate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd: scratch, encoding: 'utf8', timeout: 90_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function folderOf(name: string, files: string[]): string {
  const folder = path.join(scratch, name);
  mkdirSync(folder, { recursive: true });
  for (const file of files) copyFileSync(file, path.join(folder, path.basename(file)));
  return folder;
}

describe.skipIf(![...SESSION, CLIP, NEUTRAL].every((f) => existsSync(f)))('emotionthinker calibrate, then analyze --calibration', () => {
  it('writes a calibration from a folder (listing a file it could not read) that analyze then reports and uses', () => {
    const folder = folderOf('session', SESSION);
    writeFileSync(path.join(folder, 'broken.wav'), Buffer.from('not audio at all'));
    const made = cli('calibrate', folder, '--out', 'a19.json', '--name', 'Actor 19 session', '--baseline', NEUTRAL, '--gender', 'male');
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain(`Calibration "Actor 19 session" from 6 of 7 recording(s) → ${path.join(scratch, 'a19.json')}`);
    expect(made.stdout).toMatch(/pitch cut points: {2}\d+ \/ \d+ Hz, men \d+ \/ \d+/);
    expect(made.stdout).toContain('speaker baseline:  03-01-01-01-02-01-19.wav');
    expect(made.stdout).toMatch(/Not used \(1\):\n {2}broken\.wav {2}\[not_audio\]/);
    const file = JSON.parse(readFileSync(path.join(scratch, 'a19.json'), 'utf8'));
    expect(file).toMatchObject({ format: 'emotionthinker-calibration-v1', name: 'Actor 19 session', clips: 6 });

    const json = path.join(scratch, 'out.json');
    const run = cli(
      'analyze',
      CLIP,
      '--model',
      TINY,
      '--calibration',
      'a19.json',
      '--gender',
      'male',
      '--max-tokens',
      '8',
      '--retries',
      '0',
      '--json',
      json,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('Levels relative to: Actor 19 session (6 recordings, re-centred on the speaker baseline)');
    const [result] = JSON.parse(readFileSync(json, 'utf8')).results;
    expect(result.calibration).toEqual({ id: file.id, name: 'Actor 19 session', clips: 6 });
    expect(result.levels).toMatchObject({ calibration: 'Actor 19 session', mode: 'speaker' });
  });

  it('says plainly without a calibration that the levels are relative to the training corpora', () => {
    const run = cli('analyze', CLIP, '--model', TINY, '--max-tokens', '8', '--retries', '0');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /Levels relative to the training corpora \(.+\), not to your own recordings \(calibrate with: emotionthinker calibrate <folder> --out FILE\)/,
    );
  });

  it('refuses a folder with fewer than 5 recordings and writes nothing', () => {
    const run = cli('calibrate', folderOf('few', SESSION.slice(0, 3)), '--out', 'few.json');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\[too_few_clips\] A calibration needs at least 5 recordings .*3 of 3 are usable/);
    expect(existsSync(path.join(scratch, 'few.json'))).toBe(false);
  });
});

describe('emotionthinker analyze with a bad calibration file', () => {
  it('names the problem and exits 2 before any clip is analyzed', () => {
    writeFileSync(path.join(scratch, 'stray.json'), JSON.stringify({ corpus: 'ravdess', medianF0Hz: {} }));
    const stray = cli('analyze', 'whatever.wav', '--model', TINY, '--calibration', 'stray.json');
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(
      /\[bad_calibration_file\] The calibration file .*stray\.json is malformed: format is missing, expected "emotionthinker-calibration-v1"/,
    );
    const missing = cli('analyze', 'whatever.wav', '--calibration', 'nowhere.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/\[bad_calibration_file\] Cannot read the calibration file .*nowhere\.json/);
  });

  it('asks calibrate for its folder and output', () => {
    const run = cli('calibrate', scratch);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('calibrate takes one folder and --out FILE.');
  });
});
