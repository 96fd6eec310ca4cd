import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { DatasetRepository, type StoredDataset } from './dataset-repository';

const dataset = (id: string): StoredDataset => ({
  id,
  name: 'sample',
  folder: '/corpora/sample',
  format: 'ravdess',
  corpus: 'ravdess',
  licence: 'CC BY-NC-SA 4.0',
  labelMapping: { neutral: 'neutral', calm: null },
  problems: [{ audioPath: '/corpora/sample/x.wav', code: 'bad_file_name', message: 'bad name' }],
  seed: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const items = [
  {
    audioPath: '/corpora/sample/a.wav',
    speaker: 's1',
    gender: 'male' as const,
    sourceLabel: 'neutral',
    transcript: 'Kids are talking by the door',
  },
  { audioPath: '/corpora/sample/b.wav', speaker: 's2', gender: null, sourceLabel: 'calm' },
];

function open() {
  return openDatabase(path.join(mkdtempSync(path.join(tmpdir(), 'et-dataset-repo-')), 'app.db'));
}

describe('the dataset repository', () => {
  it('keeps a dataset with its clips in import order, speaker splits and build state', () => {
    const db = open();
    const repo = new DatasetRepository(db.db);
    const id = '00000000-0000-4000-8000-000000000001';
    repo.add(
      dataset(id),
      items,
      new Map([
        ['s1', 'train'],
        ['s2', 'validation'],
      ]),
    );
    expect(repo.get(id)).toEqual(dataset(id));
    expect(repo.items(id)).toEqual(items);
    expect(repo.item(id, 1)).toEqual(items[1]);
    expect([...repo.splits(id)]).toEqual([
      ['s1', 'train'],
      ['s2', 'validation'],
    ]);
    expect(repo.build(id)).toBeNull();
    const build = {
      status: 'running' as const,
      labelMapping: { neutral: 'neutral' },
      records: 0,
      total: 2,
      splits: { train: 0, validation: 0, test: 0 },
      failures: [],
      error: null,
      startedAt: '2026-01-01T00:00:01.000Z',
      finishedAt: null,
    };
    repo.saveBuild(id, build);
    expect(repo.markRunningInterrupted()).toBe(1);
    expect(repo.build(id)).toMatchObject({ ...build, status: 'interrupted', finishedAt: expect.any(String) });
    expect(repo.update(id, { name: 'renamed' }).name).toBe('renamed');
    db.close();
  });

  it('deletes the clips, speakers and build with the dataset', () => {
    const db = open();
    const repo = new DatasetRepository(db.db);
    const id = '00000000-0000-4000-8000-000000000002';
    repo.add(dataset(id), items, new Map([['s1', 'train']]));
    expect(repo.delete(id)).toBe(true);
    expect(repo.delete(id)).toBe(false);
    const left = ['dataset_clips', 'dataset_speakers', 'dataset_builds'].map(
      (t) => (db.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n,
    );
    expect(left).toEqual([0, 0, 0]);
    expect(() => repo.get(id)).toThrow(/No dataset with id/);
    db.close();
  });

  it('names a damaged stored row instead of handing out half a dataset', () => {
    const db = open();
    const repo = new DatasetRepository(db.db);
    const id = '00000000-0000-4000-8000-000000000003';
    repo.add(dataset(id), items, new Map());
    db.db.prepare('UPDATE datasets SET label_mapping_json = ? WHERE id = ?').run('{not json', id);
    expect(() => repo.get(id)).toThrow(
      expect.objectContaining({ code: 'dataset_damaged', message: expect.stringMatching(/stored label mapping of dataset/) }),
    );
    db.close();
  });
});
