// Deleting a dataset with undo, on a real database (the store's migrations) and real folders: the
// dataset leaves the list at once and comes back exactly (records, label mapping, EmotionCoT build)
// when restored; once the window passes, or the app closes, its rows and built files are gone; and a
// run killed inside the window leaves a tombstone that the next start finishes, never half a dataset.
// Also renaming: trimmed, and an empty or overlong name is a typed error.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../ipc/event-bus';
import { openDatabase, type AppDatabase } from '../store/database';
import { DatasetService } from './dataset-service';
import { hasSharedRavdess, SHARED_RAVDESS } from './testing/ravdess-fixture';

/** Four real clips, two actors: enough for a real EmotionCoT build in a few seconds. */
function tinyRavdess(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'et-deletion-corpus-'));
  for (const actor of ['01', '02']) {
    mkdirSync(path.join(root, `Actor_${actor}`));
    for (const emotion of ['01', '05']) {
      const name = `03-01-${emotion}-01-01-01-${actor}.wav`;
      copyFileSync(path.join(SHARED_RAVDESS, `Actor_${actor}`, name), path.join(root, `Actor_${actor}`, name));
    }
  }
  return root;
}

async function codeOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'no error';
}

const rowCount = (database: AppDatabase, table: string, id: string) =>
  (
    database.db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${table === 'datasets' ? 'id' : 'dataset_id'} = ?`).get(id) as {
      n: number;
    }
  ).n;

describe.skipIf(!hasSharedRavdess())('deleting a dataset with undo', () => {
  let dataDir: string;
  let corpus: string;
  let database: AppDatabase;
  let service: DatasetService;
  let id: string;
  const service2 = (undoWindowMs = 10_000) =>
    new DatasetService({ db: database.db, dataDir, events: new EventBus(), log: () => {}, undoWindowMs });

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'et-deletion-data-'));
    corpus = tinyRavdess();
    database = openDatabase(path.join(dataDir, 'app.db'));
    service = service2();
    id = service.import({ path: corpus, name: 'Four clips' }).id;
    // An edited mapping and a finished build, so "back exactly" covers both.
    service.updateLabelMapping(id, { neutral: 'neutral', angry: 'angry' });
    service.buildCot(id);
    await service.whenBuilt(id);
    expect(service.details(id).build.status).toBe('done');
  }, 120_000);

  afterAll(async () => {
    await service.close();
    database.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(corpus, { recursive: true, force: true });
  });

  it('renames with the name trimmed, and refuses an empty or overlong name with a typed error', async () => {
    expect(service.update(id, { name: '  RAVDESS four  ' }).name).toBe('RAVDESS four');
    expect(await codeOf(() => service.update(id, { name: '   ' }))).toBe('invalid_payload');
    expect(() => service.update(id, { name: 'x'.repeat(121) })).toThrow(/at most 120 characters; this one has 121/);
    expect(await codeOf(() => service.update(id, { licence: '' }))).toBe('invalid_payload');
    expect(service.update(id, { licence: 'CC BY-NC-SA 4.0 (RAVDESS)' }).licence).toBe('CC BY-NC-SA 4.0 (RAVDESS)');
    expect(service.details(id).name).toBe('RAVDESS four');
  });

  it('hides a deleted dataset at once and restores it exactly: records, label mapping and EmotionCoT build', async () => {
    const before = {
      details: service.details(id),
      records: service.records({ datasetId: id }),
      record: service.record(id, 0),
      files: readdirSync(path.join(dataDir, 'datasets', id)).sort(),
    };
    expect(before.record.record).not.toBeNull();

    const { undoWindowMs } = await service.delete(id);
    expect(undoWindowMs).toBe(10_000);
    expect(service.list().map((d) => d.id)).not.toContain(id);
    expect(await codeOf(() => service.details(id))).toBe('not_found');
    expect(await codeOf(() => service.clips(id, 'all'))).toBe('not_found');
    expect(await codeOf(() => service.trainingFile(id, 'train'))).toBe('not_found');
    expect(await codeOf(() => service.update(id, { name: 'renamed while deleted' }))).toBe('not_found');
    // Nothing is removed yet: the tombstone is written, the rows and built files stay.
    expect(existsSync(path.join(dataDir, 'datasets', '.deleted', id))).toBe(true);
    expect(rowCount(database, 'dataset_clips', id)).toBe(4);

    expect(service.restore(id)).toEqual(before.details);
    expect(service.list().map((d) => d.id)).toContain(id);
    expect(service.records({ datasetId: id })).toEqual(before.records);
    expect(service.record(id, 0)).toEqual(before.record);
    expect(readdirSync(path.join(dataDir, 'datasets', id)).sort()).toEqual(before.files);
    expect(existsSync(path.join(dataDir, 'datasets', '.deleted', id))).toBe(false);
    expect(await codeOf(() => service.restore(id))).toBe('not_found');
  });

  it('purges the rows and built files once the window passes, and then cannot restore', async () => {
    const quick = service2(150);
    const cotFiles = readdirSync(path.join(dataDir, 'datasets', id));
    expect(cotFiles.length).toBeGreaterThan(0);
    await quick.delete(id);
    await vi.waitFor(() => expect(existsSync(path.join(dataDir, 'datasets', '.deleted', id))).toBe(false), {
      timeout: 5_000,
      interval: 20,
    });
    expect(existsSync(path.join(dataDir, 'datasets', id))).toBe(false);
    for (const table of ['datasets', 'dataset_clips', 'dataset_speakers', 'dataset_builds']) expect(rowCount(database, table, id)).toBe(0);
    expect(await codeOf(() => quick.restore(id))).toBe('not_found');
    // The corpus folder is the user's: never touched.
    expect(readdirSync(path.join(corpus, 'Actor_01'))).toHaveLength(2);
  });

  it('makes a delete final when the app closes inside the window', async () => {
    const other = service.import({ path: corpus, name: 'closed inside the window' }).id;
    const closing = service2();
    await closing.delete(other);
    await closing.close();
    expect(rowCount(database, 'datasets', other)).toBe(0);
    expect(existsSync(path.join(dataDir, 'datasets', '.deleted', other))).toBe(false);
  });

  it('finishes at the next start a delete whose run was killed inside the window, also when the purge was cut short', async () => {
    const kept = service.import({ path: corpus, name: 'kept' }).id;
    const killedInWindow = service.import({ path: corpus, name: 'killed in the window' }).id;
    const killedMidPurge = service.import({ path: corpus, name: 'killed mid-purge' }).id;
    const killed = service2();
    await killed.delete(killedInWindow);
    await killed.delete(killedMidPurge);
    // The killed run never closes: its state on disk is what delete() left. For the second, the
    // purge got as far as the built files (there are none) before the kill: rows and tombstone remain.
    expect(readFileSync(path.join(dataDir, 'datasets', '.deleted', killedMidPurge), 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(rowCount(database, 'dataset_clips', killedMidPurge)).toBe(4);

    const restarted = service2();
    const names = restarted.list().map((d) => d.name);
    expect(names).not.toContain('killed in the window');
    expect(names).not.toContain('killed mid-purge');
    for (const gone of [killedInWindow, killedMidPurge]) {
      expect(rowCount(database, 'datasets', gone)).toBe(0);
      expect(rowCount(database, 'dataset_clips', gone)).toBe(0);
      expect(existsSync(path.join(dataDir, 'datasets', '.deleted', gone))).toBe(false);
    }
    expect(await codeOf(() => restarted.restore(killedInWindow))).toBe('not_found');
    // A dataset that was never deleted is untouched by the recovery.
    expect(restarted.details(kept).clips).toBe(4);
  });
});
