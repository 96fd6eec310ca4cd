import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderProgress } from '../../../shared/types/analysis-result';
import { loadModel, type LoadedModel } from '../models/model-sessions';
import { analyzeFolder, listClips } from './analyze-folder';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const RAVDESS = path.resolve(ROOT, '../shared/data/ravdess');
const CLIPS = ['Actor_20/03-01-02-01-01-01-20.wav', 'Actor_20/03-01-07-02-02-02-20.wav'].map((f) => path.join(RAVDESS, f));

let model: LoadedModel;
const scratch = mkdtempSync(path.join(tmpdir(), 'pipeline-folder-'));
beforeAll(async () => {
  model = await loadModel(path.join(ROOT, 'resources/models/tiny'));
});
afterAll(async () => {
  await model.release();
  rmSync(scratch, { recursive: true, force: true });
});

describe.skipIf(!CLIPS.every((f) => existsSync(f)))('analyzeFolder', () => {
  it('goes on past bad files, lists them with their error codes and reports progress per file', async () => {
    const folder = path.join(scratch, 'mixed');
    mkdirSync(path.join(folder, 'nested'), { recursive: true });
    for (const clip of CLIPS) copyFileSync(clip, path.join(folder, path.basename(clip)));
    writeFileSync(path.join(folder, 'empty.wav'), '');
    writeFileSync(path.join(folder, 'nested/garbage.mp3'), Buffer.alloc(2048, 7));
    writeFileSync(path.join(folder, 'notes.txt'), 'not audio by name: not even tried');
    const progress: FolderProgress[] = [];
    const run = await analyzeFolder(folder, { model, maxTokens: 8, retries: 0, gender: 'female', onProgress: (p) => progress.push(p) });
    expect(run.results.map((r) => path.basename(r.file))).toEqual(CLIPS.map((c) => path.basename(c)));
    expect(run.failed.map((f) => [path.basename(f.file), f.code])).toEqual([
      ['empty.wav', 'empty_file'],
      ['garbage.mp3', expect.any(String)],
    ]);
    expect(run.failed[1]!.message).toContain('garbage.mp3');
    expect(progress.map((p) => `${p.done}/${p.total} ${p.outcome}`)).toEqual(['1/4 analyzed', '2/4 analyzed', '3/4 failed', '4/4 failed']);
    expect(run.modelId).toBe('emotion-reasoner-tiny');
    expect(run.results[0]!.prosody.gender).toBe('female');
  });
});

describe('listClips', () => {
  it('refuses a missing folder and a folder without audio, by code', () => {
    expect(() => listClips(path.join(scratch, 'nope'))).toThrow(expect.objectContaining({ code: 'not_a_folder' }));
    const empty = path.join(scratch, 'text-only');
    mkdirSync(empty);
    writeFileSync(path.join(empty, 'readme.md'), '# nothing');
    expect(() => listClips(empty)).toThrow(expect.objectContaining({ code: 'no_audio_files' }));
  });
});
