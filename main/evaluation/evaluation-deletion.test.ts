// Deleting an evaluation with undo, on real files in a real data folder: it leaves the list at once
// and comes back byte for byte (request, summary, results) when restored; once the window passes or
// the app closes its file is gone; a run killed inside the window leaves the tombstone, which the
// next start removes (deleted, never half). Running evaluations cannot be deleted (see
// evaluation-service.test.ts for the running ones).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatasetCatalog } from '../datasets/dataset-catalog';
import { AppError } from '../../shared/errors/app-error';
import { EventBus } from '../ipc/event-bus';
import { ModelRegistry } from '../installed-models/model-registry';
import { memoryPreferences } from '../installed-models/testing/model-copies';
import { EvaluationService } from './evaluation-service';

const FIRST = '11111111-2222-3333-4444-555555555555';
const SECOND = '66666666-7777-8888-9999-000000000000';

/** A stored evaluation as the service writes it (a cancelled one: no child process is needed). */
function storedRecord(id: string, createdAt: string): string {
  return `${JSON.stringify({
    request: { modelKey: 'shipped:tiny', source: { kind: 'folder', path: '/corpus' }, compareActive: false, mlp: false, threads: 1 },
    result: null,
    summary: {
      id,
      createdAt,
      state: 'cancelled',
      modelKey: 'shipped:tiny',
      modelName: 'tiny',
      sourceDescription: 'folder /corpus',
      progress: { stage: 'model', done: 3, total: 8, message: 'Clip 3 of 8' },
      error: null,
      accuracy: null,
      unweightedAverageRecall: null,
    },
  })}\n`;
}

describe('deleting an evaluation with undo', () => {
  let root: string;
  const dir = () => join(root, 'evaluations');
  const open = (undoWindowMs?: number) => {
    const models = new ModelRegistry({ shippedDir: join(root, 'none'), userDir: join(root, 'models'), preferences: memoryPreferences() });
    const noDatasets: DatasetCatalog = {
      clips: () => Promise.resolve([]),
      trainingFile: () => Promise.reject(new AppError('unavailable', 'not used here')),
    };
    return new EvaluationService({
      dataDir: root,
      models,
      datasets: noDatasets,
      events: new EventBus(),
      log: () => {},
      ...(undoWindowMs ? { undoWindowMs } : {}),
    });
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'et-evaluation-deletion-'));
    mkdirSync(dir());
    writeFileSync(join(dir(), `${FIRST}.json`), storedRecord(FIRST, '2026-01-01T00:00:00.000Z'));
    writeFileSync(join(dir(), `${SECOND}.json`), storedRecord(SECOND, '2026-01-02T00:00:00.000Z'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('hides a deleted evaluation at once and restores it byte for byte', () => {
    const service = open();
    const before = { file: readFileSync(join(dir(), `${FIRST}.json`), 'utf8'), record: service.get(FIRST) };
    expect(service.delete(FIRST)).toEqual({ undoWindowMs: 10_000 });
    expect(service.list().map((e) => e.id)).toEqual([SECOND]);
    expect(() => service.get(FIRST)).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => service.delete(FIRST)).toThrow(expect.objectContaining({ code: 'not_found' }));

    expect(service.restore(FIRST)).toEqual(before.record.summary);
    expect(service.list().map((e) => e.id)).toEqual([SECOND, FIRST]);
    expect(service.get(FIRST)).toEqual(before.record);
    expect(readFileSync(join(dir(), `${FIRST}.json`), 'utf8')).toBe(before.file);
    expect(() => service.restore(FIRST)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('removes the file once the window passes, and then cannot restore', async () => {
    const service = open(100);
    service.delete(FIRST);
    await vi.waitFor(() => expect(readdirSync(dir()).sort()).toEqual([`${SECOND}.json`]), { timeout: 5_000, interval: 20 });
    expect(() => service.restore(FIRST)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('makes a delete final when the app closes inside the window', async () => {
    const service = open();
    service.delete(SECOND);
    await service.close();
    expect(readdirSync(dir())).toEqual([`${FIRST}.json`]);
  });

  it('finishes at the next start a delete whose run was killed inside the window', () => {
    const killed = open();
    killed.delete(FIRST);
    // The killed run never closes: on disk is what delete() left, the whole record under its tombstone name.
    expect(existsSync(join(dir(), `${FIRST}.json.deleted`))).toBe(true);
    const restarted = open();
    expect(restarted.list().map((e) => e.id)).toEqual([SECOND]);
    expect(readdirSync(dir())).toEqual([`${SECOND}.json`]);
    expect(() => restarted.restore(FIRST)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
