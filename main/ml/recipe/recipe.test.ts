// The recipe end to end in miniature: stage-1 drills and stage-2 CoT records built from four real
// RAVDESS clips, both stages run through the app's training worker on the tiny model (a copy whose
// tokenizer has the drill options as tokens, as train:default's has), each stage exported as a model
// folder the next one starts from, and the held-out measurements run on the results.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelManifest } from '../../../shared/types/model';
import { RAVDESS_LABELS } from '../../../shared/types/model';
import { reasoningCorpus } from '../../../scripts/model/reasoning-corpus';
import { trainTokenizerJson } from './train-tokenizer';
import { decodeAudioFile } from '../../audio';
import { summarise } from '../../data';
import { analyzeProsody } from '../../prosody';
import { loadModel } from '../models/model-sessions';
import { readWeights, openModelFolder } from '../models/model-folder';
import { cachedSpeechFeaturizer } from '../training/speech-dataset-wiring';
import { evaluateEmotion, evaluatePerception } from './recipe-evaluation';
import { ALL_TASK_OPTIONS, taskTexts } from './prosody-tasks';
import { runStage } from './run-stage';
import { buildCotRecords, buildTaskExamples, taskRecord, writeJsonl, type TaskExample } from './stage-datasets';

const TINY_DIR = path.resolve(import.meta.dirname, '../../../resources/models/tiny');
const RAVDESS_DIR = path.resolve(import.meta.dirname, '../../../../shared/data/ravdess');
const tinyTrains =
  existsSync(path.join(TINY_DIR, 'manifest.json')) &&
  (JSON.parse(readFileSync(path.join(TINY_DIR, 'manifest.json'), 'utf8')) as ModelManifest).graphs.trainSft !== undefined;
const CLIPS = [
  ['01', '01', 'neutral'],
  ['01', '05', 'angry'],
  ['02', '04', 'sad'],
  ['02', '03', 'happy'],
].map(([actor, code, label]) => ({
  audio: path.join(RAVDESS_DIR, `Actor_${actor}/03-01-${code}-01-01-01-${actor}.wav`),
  label: label!,
}));

describe.skipIf(!tinyTrains || !existsSync(RAVDESS_DIR))('the two-stage recipe on four real clips with the tiny model', () => {
  let root: string;
  let modelDir: string;
  let records: { audio: string; label: string; target: string; prosody: ReturnType<typeof summarise> }[];
  let drills: TaskExample[];

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'recipe-'));
    modelDir = path.join(root, 'tiny-drills');
    cpSync(TINY_DIR, modelDir, { recursive: true });
    // Same special tokens and labels first (so the manifest's ids hold), plus the drill options.
    const corpus = [...reasoningCorpus(1500), ...Array.from({ length: 20 }, () => taskTexts()).flat()];
    writeFileSync(
      path.join(modelDir, 'tokenizer.json'),
      JSON.stringify(trainTokenizerJson({ corpusLines: corpus, vocabSize: 768, labels: [...RAVDESS_LABELS, ...ALL_TASK_OPTIONS] })),
    );
    records = await Promise.all(
      CLIPS.map(async (clip) => {
        const { audio } = await decodeAudioFile(clip.audio);
        return {
          ...clip,
          prosody: summarise(analyzeProsody(audio)),
          target: `<think>The pitch is measured.</think><answer>${clip.label}</answer>`,
        };
      }),
    );
    drills = buildTaskExamples(records, { pairDir: path.join(root, 'pairs'), pairsPerClip: 1, seed: 3 });
  }, 60_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds every single-clip drill and one comparative pair per clip, with answers among the options', () => {
    expect(drills.filter((d) => d.task.attribute.startsWith('compare-'))).toHaveLength(CLIPS.length);
    expect(drills.length).toBeGreaterThanOrEqual(CLIPS.length * 7);
    for (const d of drills) expect(d.task.options).toContain(d.task.answer);
    expect(taskRecord(drills[0]!)).toMatchObject({
      audio: CLIPS[0]!.audio,
      prompt: expect.stringContaining('Prosody:'),
      target: expect.stringMatching(/^<answer>[a-z-]+<\/answer>$/),
    });
  });

  it('trains stage 1 then stage 2 from its export, and measures perception and emotion on the results', async () => {
    const stage1File = path.join(root, 'stage1.jsonl');
    writeJsonl(stage1File, drills.map(taskRecord));
    const common = { licence: 'CC BY-NC-SA 4.0', lr: 3e-3, warmupSteps: 0, seed: 1, datasetDescription: 'four RAVDESS clips' };
    const stage1 = await runStage({
      ...common,
      name: 'stage1',
      modelDir,
      datasetPath: stage1File,
      jobDir: path.join(root, 'job1'),
      outDir: path.join(root, 'stage1'),
      totalSteps: 2,
      examples: drills.length,
    });
    expect(stage1.outcome).toMatchObject({ status: 'completed', step: 2 });
    expect(stage1.exported.manifest).toMatchObject({ licence: 'CC BY-NC-SA 4.0', metrics: { sftSteps: 2 } });

    const cot = await buildCotRecords(records, { augmentCopies: 1, augmentDir: path.join(root, 'augmented'), seed: 4 });
    expect(cot).toHaveLength(CLIPS.length * 2);
    const stage2File = path.join(root, 'stage2.jsonl');
    writeJsonl(stage2File, [...cot, ...drills.slice(0, 4).map(taskRecord)]);
    const stage2 = await runStage({
      ...common,
      name: 'stage2',
      modelDir: stage1.exported.dir,
      datasetPath: stage2File,
      jobDir: path.join(root, 'job2'),
      outDir: path.join(root, 'stage2'),
      totalSteps: 2,
      examples: 12,
    });
    expect(stage2.outcome).toMatchObject({ status: 'completed', step: 2 });
    // Stage 2 continued from stage 1's weights: its record of stages names both fine-tunings.
    expect((stage2.exported.manifest.stages as { name: string }[]).filter((s) => s.name === 'sft')).toHaveLength(2);
    const [w1, w2] = [readWeights(openModelFolder(stage1.exported.dir)), readWeights(openModelFolder(stage2.exported.dir))];
    expect(w1.some((v, i) => v !== w2[i])).toBe(true);

    const model = await loadModel(stage2.exported.dir, { intraOpNumThreads: 1 });
    try {
      const featurize = cachedSpeechFeaturizer(model.folder);
      const perception = await evaluatePerception(model, drills, featurize);
      expect(Object.values(perception.attributes).reduce((n, r) => n + r.total, 0)).toBe(drills.length);
      expect(perception.attributes['intonation']).toMatchObject({ total: CLIPS.length, chance: 1 / 5 });
      const emotion = await evaluateEmotion(model, CLIPS.slice(0, 2), featurize, { maxTokens: 6 });
      expect(emotion.clips).toBe(2);
      expect(
        Object.values(emotion.confusion)
          .flatMap((row) => Object.values(row))
          .reduce((a, b) => a + b, 0),
      ).toBe(2);
      // Accuracy is the confusion matrix's diagonal over the clips.
      const right = Object.entries(emotion.confusion).reduce((n, [truth, row]) => n + (row[truth] ?? 0), 0);
      expect(emotion.accuracy).toBe(right / 2);
    } finally {
      await model.release();
    }
  }, 120_000);

  it('stops a stage at its wall-clock budget and still exports the weights it reached', async () => {
    const file = path.join(root, 'budget.jsonl');
    writeJsonl(file, drills.map(taskRecord));
    const stage = await runStage({
      name: 'budget',
      modelDir,
      datasetPath: file,
      datasetDescription: 'four RAVDESS clips',
      licence: 'CC BY-NC-SA 4.0',
      lr: 1e-3,
      warmupSteps: 0,
      seed: 1,
      jobDir: path.join(root, 'job-budget'),
      outDir: path.join(root, 'budget'),
      totalSteps: 10_000,
      examples: drills.length,
      stopAtMs: Date.now() + 4000,
    });
    expect(stage.outcome.status).toBe('cancelled');
    expect(stage.outcome.step).toBeGreaterThan(0);
    expect(stage.outcome.step).toBeLessThan(10_000);
    expect(stage.exported.manifest).toMatchObject({ metrics: { sftSteps: stage.outcome.step } });
  }, 60_000);
});
