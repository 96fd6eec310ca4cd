import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelFolderError } from './model-folder';
import { chooseExecutionProvider, loadModelWithWeights, ModelSessionCache } from './model-sessions';

const TINY = path.resolve(import.meta.dirname, '../../../resources/models/tiny');
const cache = new ModelSessionCache();
afterAll(() => cache.releaseAll());

describe('model sessions', () => {
  it('chooses a working execution provider and says why the preferred ones were passed over', async () => {
    const choice = await chooseExecutionProvider(['cuda', 'cpu']);
    const cuda = choice.reports.find((r) => r.name === 'cuda')!;
    expect(choice.reports.find((r) => r.name === 'cpu')!.available).toBe(true);
    if (cuda.available) {
      expect(choice.name).toBe('cuda');
    } else {
      expect(choice.name).toBe('cpu');
      expect(choice.reason).toContain(`cuda: ${cuda.reason}`);
    }
  });

  it('loads a folder once and shares it between callers', async () => {
    const [a, b] = await Promise.all([cache.get(TINY, { intraOpNumThreads: 1 }), cache.get(TINY, { intraOpNumThreads: 1 })]);
    expect(a).toBe(b);
    expect([...a.decoder.inputNames]).toEqual(a.folder.manifest.graphs.decoder.inputs);
    await cache.evict(TINY);
    expect(await cache.get(TINY, { intraOpNumThreads: 1 })).not.toBe(a);
  });

  it('forgets a failed load so a repaired folder can be retried', async () => {
    await expect(cache.get('/nonexistent/model')).rejects.toBeInstanceOf(ModelFolderError);
    await expect(cache.get('/nonexistent/model')).rejects.toThrow(/does not exist/);
  });

  it('refuses new weights of the wrong size before writing anything', async () => {
    await expect(loadModelWithWeights(TINY, new Float32Array(10))).rejects.toThrow(/new weights have 40 bytes/);
  });
});
