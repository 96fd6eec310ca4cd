// The refresh stage end to end in miniature: a corpus folder of six real RAVDESS clips (two speakers,
// one held out), the recipe's EmotionCoT build, one augmented copy per clip and comparative pairs made
// by the recipe's own steps, two training steps from the tiny model through the app's training
// worker, the held-out figures, and the summary beside the exported weights.
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../../shared/types/model';
import { openModelFolder } from '../models/model-folder';
import { pooledFunctionalStats } from './corpus-mix';
import { loadRecipeCorpora } from './recipe-corpora';
import { recipePaths } from './recipe-plan';
import { refreshPaths, runRefreshStage, type RefreshStageOptions, type RefreshSummary } from './refresh-stage';

const TINY_DIR = path.resolve(import.meta.dirname, '../../../resources/models/tiny');
const RAVDESS_DIR = path.resolve(import.meta.dirname, '../../../../shared/data/ravdess');
const tinyTrains =
  existsSync(path.join(TINY_DIR, 'manifest.json')) &&
  (JSON.parse(readFileSync(path.join(TINY_DIR, 'manifest.json'), 'utf8')) as ModelManifest).graphs.trainSft !== undefined;
const CLIPS = ['01', '02'].flatMap((actor) =>
  ['01-01-01', '05-01-01', '04-01-02'].map((code) => `Actor_${actor}/03-01-${code}-01-${actor}.wav`),
);

describe.skipIf(!tinyTrains || !existsSync(RAVDESS_DIR))('the refresh stage on six real clips with the tiny model', () => {
  let root: string;
  let options: RefreshStageOptions;
  let summary: RefreshSummary;
  let outDir: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'refresh-'));
    const data = path.join(root, 'ravdess');
    for (const clip of CLIPS) {
      mkdirSync(path.join(data, path.dirname(clip)), { recursive: true });
      copyFileSync(path.join(RAVDESS_DIR, clip), path.join(data, clip));
    }
    cpSync(TINY_DIR, path.join(root, 'source'), { recursive: true });
    options = {
      sourceDir: path.join(root, 'source'),
      dataDirs: [data],
      workDir: path.join(root, 'work'),
      validationSpeakers: { ravdess: ['02'] },
      steps: 2,
      lr: 1e-4,
      copies: 1,
      pairsPerClip: 1,
      evalLimit: 0,
      tokens: 24,
    };
    ({ summary, outDir } = await runRefreshStage(options));
  }, 240_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('trains from the source on the re-measured mix and exports a folder the app opens', () => {
    const folder = openModelFolder(outDir);
    expect(folder.manifest.stages?.at(-1)?.notes).toContain('2 steps');
    expect(summary).toMatchObject({ steps: 2, plannedSteps: 2, source: { id: 'emotion-reasoner-tiny' } });
    // Three training clips: their traces, one copy each, and the balanced drills.
    expect(summary.traces).toBe(6);
    expect(summary.copyTraces).toBe(3);
    expect(summary.emotionDrills).toBeGreaterThan(0);
    expect(Number.isFinite(summary.firstLoss)).toBe(true);
    expect(summary.validation.ravdess).toMatchObject({ clips: 3 });
    expect(JSON.parse(readFileSync(path.join(outDir, 'refresh-summary.json'), 'utf8'))).toEqual(summary);
  });

  it('trains with the z-scoring statistics the current measure gives on the same training clips', async () => {
    const corpora = await loadRecipeCorpora({ ...options, paths: recipePaths(options.workDir) });
    const fields = openModelFolder(options.sourceDir).manifest.features.utteranceProsodyFields;
    const stats = pooledFunctionalStats(corpora.train, fields);
    const trained = openModelFolder(refreshPaths(options.workDir).source).manifest.features;
    expect(trained.utteranceProsodyMean).toEqual(stats.mean);
    expect(trained.utteranceProsodyStd).toEqual(stats.std);
    expect(openModelFolder(outDir).manifest.features.utteranceProsodyMean).toEqual(stats.mean);
    // The tiny model's statistics are not these clips', so fields are re-stated and named.
    expect(summary.restatedFields.length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(path.join(outDir, 'evidence-norms.json'), 'utf8'))).toEqual({ voiceQualityNorms: corpora.pooledNorms });
  });

  it('resumes: a rerun trains nothing again and returns the same summary', async () => {
    const again = await runRefreshStage(options);
    expect(again.summary).toEqual(summary);
  }, 60_000);

  it('refuses a source folder without an SFT training graph, by name', async () => {
    const bad = path.join(root, 'no-train');
    cpSync(options.sourceDir, bad, { recursive: true });
    const manifestFile = path.join(bad, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ModelManifest;
    delete (manifest.graphs as Partial<ModelManifest['graphs']>).trainSft;
    writeFileSync(manifestFile, JSON.stringify(manifest));
    await expect(runRefreshStage({ ...options, sourceDir: bad, workDir: path.join(root, 'work-bad') })).rejects.toMatchObject({
      code: 'bad_option',
      message: expect.stringContaining('no SFT training graph'),
    });
  });
});
