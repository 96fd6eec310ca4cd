// Publishing the recipe's final folder: documented, checked as the app opens folders, and only then
// put in place of the old one — a folder that fails the check leaves the old one as it was.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputRange } from '../../../shared/types/input-quality';
import { ModelFolderError, openModelFolder } from '../models/model-folder';
import { measureInputRange } from './input-range';
import type { CardReport } from './model-card';
import { publishModel } from './publish-model';

const RESOURCES = path.resolve(import.meta.dirname, '../../../resources/models');
const RAVDESS = path.resolve(import.meta.dirname, '../../../../shared/data/ravdess');
const CLIPS = ['Actor_01/03-01-01-01-01-01-01.wav', 'Actor_02/03-01-05-01-01-01-02.wav'].map((f) => path.join(RAVDESS, f));
const report = JSON.parse(readFileSync(path.join(RESOURCES, 'default/report.json'), 'utf8')) as CardReport;

describe.skipIf(!CLIPS.every((c) => existsSync(c)))('publishing the recipe’s model folder', () => {
  let root: string;
  let range: InputRange;
  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'recipe-publish-'));
    range = await measureInputRange(openModelFolder(path.join(RESOURCES, 'tiny')), CLIPS);
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const publish = (outDir: string, manifestFields: Record<string, unknown>) =>
    publishModel({
      sourceDir: path.join(RESOURCES, 'tiny'),
      outDir,
      manifestFields,
      report,
      pooledNorms: null,
      inputRange: async () => range,
    });

  it('replaces the old folder with the documented one: manifest fields, input range, report, norms, card', async () => {
    const outDir = path.join(root, 'default');
    cpSync(path.join(RESOURCES, 'tiny'), outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'stale.txt'), 'from the previous model');
    await publish(outDir, {
      id: 'emotion-reasoner-default',
      version: '2.1.0',
      parent: 'dropped below',
      description: 'published by the recipe',
    });
    const manifest = JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({
      id: 'emotion-reasoner-default',
      version: '2.1.0',
      description: 'published by the recipe',
      inputRange: range,
    });
    expect(manifest).not.toHaveProperty('parent');
    expect(JSON.parse(readFileSync(path.join(outDir, 'report.json'), 'utf8'))).toEqual(report);
    expect(JSON.parse(readFileSync(path.join(outDir, 'evidence-norms.json'), 'utf8'))).toEqual({ voiceQualityNorms: null });
    expect(readFileSync(path.join(outDir, 'MODEL_CARD.md'), 'utf8')).toMatch(/^# EmotionReasoner default model/);
    expect(existsSync(path.join(outDir, 'stale.txt'))).toBe(false);
    expect(openModelFolder(outDir).manifest.id).toBe('emotion-reasoner-default');
    expect(readdirSync(root).filter((n) => n.includes('.tmp-'))).toEqual([]);
  }, 60_000);

  it('keeps the old folder and removes its staging copy when the new one fails the app’s folder check', async () => {
    const outDir = path.join(root, 'kept');
    cpSync(path.join(RESOURCES, 'tiny'), outDir, { recursive: true });
    const before = readFileSync(path.join(outDir, 'manifest.json'), 'utf8');
    await expect(publish(outDir, { labels: ['neutral', 'a-label-with-no-token'] })).rejects.toBeInstanceOf(ModelFolderError);
    expect(readFileSync(path.join(outDir, 'manifest.json'), 'utf8')).toBe(before);
    expect(readdirSync(root).filter((n) => n.includes('.tmp-'))).toEqual([]);
  }, 60_000);
});
