import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LABEL_MAPPINGS } from '../data';
import { startCotBuild } from './cot-build-client';
import { COT_FILE, type CotBuildJob, type CotBuildMessage } from './cot-build-protocol';
import { hasSharedRavdess, makeSmallRavdess } from './testing/ravdess-fixture';

const job = (folder: string): CotBuildJob => ({
  folder,
  format: 'ravdess',
  labelMapping: DEFAULT_LABEL_MAPPINGS.ravdess,
  seed: 1,
  validationSpeakers: ['ravdess_03'],
  testSpeakers: [],
  outDir: mkdtempSync(path.join(tmpdir(), 'et-cot-out-')),
  splitOf: { ravdess_01: 'train', ravdess_02: 'train', ravdess_03: 'validation' },
});

describe('the EmotionCoT build process', () => {
  it('reports an unusable folder as a typed failure', async () => {
    const outcome = await startCotBuild(job('/nowhere/at/all'), () => {}).done;
    expect(outcome).toMatchObject({ type: 'failed', code: 'folder_not_found' });
  });

  it.skipIf(!hasSharedRavdess())(
    'stops when the app that started it goes away, keeping what it wrote',
    async () => {
      const work = job(makeSmallRavdess());
      const entry = path.join(import.meta.dirname, 'cot-build-worker-entry.ts');
      const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
      const child = fork(entry, [], { execArgv: ['--import', tsx], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const messages: CotBuildMessage[] = [];
      child.on('message', (m) => {
        messages.push(m as CotBuildMessage);
        // Leave once the first clip is analyzed, as a killed app would.
        if (child.connected && messages.some((x) => x.type === 'progress' && x.progress.phase === 'analyze')) child.disconnect();
      });
      child.send({ type: 'start', job: work });
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(0);
      expect(messages.some((m) => m.type === 'result')).toBe(false);
      const out = path.join(work.outDir, COT_FILE);
      expect(existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).length : 0).toBeLessThan(12);
    },
    60_000,
  );
});
