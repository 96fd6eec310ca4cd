import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../dataset-error';
import { checkEvidence } from '../evidence/check-evidence';
import { makeRavdessFolder, tempDir, writeBadAudio } from '../testing/fixtures';
import { buildEmotionCot } from './build-cot';

let corpus: string;

beforeAll(() => {
  corpus = makeRavdessFolder([1, 2, 3], ['01', '03', '04', '05']);
  writeBadAudio(path.join(corpus, 'Actor_03/03-01-05-01-02-02-03.wav'));
});

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('building EmotionCoT records', () => {
  it('writes one verified, well-formed record per good clip and lists the bad file', async () => {
    const out = path.join(tempDir('cot'), 'set.jsonl');
    const phases = new Set<string>();
    const result = await buildEmotionCot({
      dataDir: corpus,
      outFile: out,
      validationSpeakers: ['3'],
      onProgress: (p) => phases.add(p.phase),
    });
    expect(result.records).toHaveLength(12);
    expect(result.skipped.map((s) => [path.basename(s.audioPath), s.code])).toEqual([['03-01-05-01-02-02-03.wav', 'not_audio']]);
    expect([...phases]).toEqual(['import', 'analyze', 'write', 'done']);
    for (const r of result.records) {
      expect(r.target).toBe(`<think>${r.reasoning}</think><answer>${r.label}</answer>`);
      expect(r.split).toBe(r.speaker === 'ravdess_03' ? 'validation' : 'train');
      const words = r.reasoning.split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(40);
      expect(words).toBeLessThanOrEqual(150);
      expect(r.reasoning.split('.')[0]!.toLowerCase()).not.toMatch(/anger|happiness|sadness|neutral/);
      const report = checkEvidence(r.reasoning, r.prosody, result.voiceQualityNorms ? { voiceQualityNorms: result.voiceQualityNorms } : {});
      expect(report.contradicted + report.unverifiable, r.reasoning).toBe(0);
    }
    expect(lines(result.reasoningFile)).toHaveLength(12);
  });

  it('re-runs incrementally: analyses come from the cache and nothing is rewritten', async () => {
    const out = path.join(tempDir('cot'), 'set.jsonl');
    await buildEmotionCot({ dataDir: corpus, outFile: out, seed: 5 });
    const again = await buildEmotionCot({ dataDir: corpus, outFile: out, seed: 5 });
    expect([again.cached, again.analyzed, again.written, again.resumed]).toEqual([12, 0, 0, 12]);
  });

  it('refuses a folder with no clips under the mapping', async () => {
    await expect(buildEmotionCot({ dataDir: tempDir('empty'), outFile: path.join(tempDir('o'), 'x.jsonl') })).rejects.toThrowError(
      DatasetError,
    );
    await expect(
      buildEmotionCot({ dataDir: corpus, outFile: path.join(tempDir('o'), 'x.jsonl'), labelMapping: { calm: 'calm' } }),
    ).rejects.toThrowError(/unknown labels: (angry|happy|neutral|sad)(, (angry|happy|neutral|sad)){3}\./);
  });

  it('loses nothing written when killed mid-build, and the resumed file equals a clean build', async () => {
    const dir = tempDir('kill');
    const out = path.join(dir, 'set.jsonl');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.resolve(import.meta.dirname, '../testing/build-until-killed.fixture.ts'), corpus, out],
      { stdio: 'ignore' },
    );
    const before = await new Promise<string[]>((resolve, reject) => {
      const timer = setInterval(() => {
        if (existsSync(out) && statSync(out).size > 0 && lines(out).length >= 4) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(lines(out));
        }
      }, 20);
      child.on('exit', (code) => {
        if (code !== null) {
          clearInterval(timer);
          reject(new Error(`child exited ${code} before the kill`));
        }
      });
    });
    await new Promise((r) => child.once('close', r));
    const afterKill = lines(out);
    expect(afterKill.slice(0, before.length)).toEqual(before);
    expect(afterKill.length).toBeLessThan(12);
    const resumed = await buildEmotionCot({ dataDir: corpus, outFile: out, seed: 3 });
    expect(resumed.resumed).toBe(afterKill.length);
    const clean = await buildEmotionCot({ dataDir: corpus, outFile: path.join(tempDir('clean'), 'set.jsonl'), seed: 3 });
    const byPath = (rs: { audioPath: string; target: string }[]) => new Map(rs.map((r) => [r.audioPath, r.target]));
    expect(byPath(resumed.records)).toEqual(byPath(clean.records));
    expect(lines(out)).toHaveLength(12);
  }, 60_000);
});
