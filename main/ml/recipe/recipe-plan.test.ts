// The recipe's plan must stay what the shipped default model was trained with: its card and its
// manifest's stage notes record these numbers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RecipeError } from './recipe-error';
import { decayStage, defaultRecipeOptions, parseValidationSpeakers, recipePaths, stage1Stage, stage2Stage } from './recipe-plan';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const shippedReport = JSON.parse(readFileSync(path.join(ROOT, 'resources/models/default/report.json'), 'utf8')) as {
  validationSpeakers: Record<string, string[]>;
  stage1: { lr: number };
  stage2: { lr: number };
};

describe('the default recipe plan', () => {
  const options = defaultRecipeOptions(ROOT);
  const paths = recipePaths('/work/et');

  it('has the defaults the shipped model was trained with', () => {
    expect(options).toMatchObject({
      stage1Steps: 500,
      stage2Steps: 3000,
      decaySteps: 1500,
      stage1Lr: shippedReport.stage1.lr,
      stage2Lr: shippedReport.stage2.lr,
      pairsPerClip: 1,
      copies: 2,
      evalLimit: 0,
      tokens: 288,
      frames: 480,
      seed: 1,
      workDir: '/tmp/emotionthinker-train-default',
    });
    expect(options.validationSpeakers).toEqual(shippedReport.validationSpeakers);
    expect(options.dataDirs.map((d) => path.basename(d))).toEqual(['ravdess', 'nemo']);
    expect(options.outDir).toBe(path.join(ROOT, 'resources/models/default'));
  });

  it('reads validation speakers per corpus and names a malformed part', () => {
    expect(parseValidationSpeakers('ravdess=17, 18;nemo=nemo_IC0;')).toEqual({ ravdess: ['17', '18'], nemo: ['nemo_IC0'] });
    expect(() => parseValidationSpeakers('ravdess:17')).toThrow(RecipeError);
    expect(() => parseValidationSpeakers('ravdess:17')).toThrow(/"ravdess:17"/);
  });

  it('trains stage 1 from the initialised graphs, stage 2 from stage 1, the decay from stage 2', () => {
    const s1 = stage1Stage(options, paths, { corpora: ['ravdess', 'nemo'], drills: 20448 });
    const s2 = stage2Stage(options, paths, {
      corpora: ['ravdess', 'nemo'],
      traces: 7668,
      emotionDrills: 9580,
      prosodyDrills: 2556,
      records: 19804,
    });
    const decay = decayStage(options, paths, { records: 19804 });
    expect(s1).toMatchObject({
      name: 'stage1',
      modelDir: '/work/et/init',
      outDir: '/work/et/stage1-model',
      jobDir: '/work/et/job-stage1',
      datasetPath: '/work/et/stage1.jsonl',
      totalSteps: 500,
      lr: 1e-3,
      warmupSteps: 50,
      seed: 1,
      examples: 20448,
    });
    expect(s1.datasetDescription).toBe('prosody drills on the training speakers of ravdess + nemo (20448)');
    expect(s2).toMatchObject({
      name: 'stage2',
      modelDir: '/work/et/stage1-model',
      outDir: '/work/et/stage2-model',
      datasetPath: '/work/et/stage2.jsonl',
      totalSteps: 3000,
      lr: 5e-4,
      warmupSteps: 50,
      seed: 2,
      examples: 19804,
    });
    expect(s2.datasetDescription).toBe(
      'EmotionCoT ravdess + nemo training speakers (7668 traces incl. augmented copies) + 9580 balanced emotion drills + 2556 prosody drills',
    );
    expect(decay).toMatchObject({
      name: 'stage2-decay',
      modelDir: '/work/et/stage2-model',
      outDir: '/work/et/stage2-decay-model',
      datasetPath: '/work/et/stage2.jsonl',
      totalSteps: 1500,
      lr: 5e-4,
      finalLrFraction: 0.1,
      seed: 3,
    });
    for (const stage of [s1, s2, decay]) {
      expect(stage.licence).toBe('CC BY-NC-SA 4.0');
      expect(stage).not.toHaveProperty('stopAtMs');
    }
    expect(s1.finalLrFraction).toBeUndefined();
  });

  it('passes each stage its own wall-clock stop', () => {
    const timed = { ...options, stage1StopAtMs: 1, stage2StopAtMs: 2, decayStopAtMs: 3 };
    expect(stage1Stage(timed, paths, { corpora: [], drills: 1 }).stopAtMs).toBe(1);
    expect(stage2Stage(timed, paths, { corpora: [], traces: 1, emotionDrills: 0, prosodyDrills: 0, records: 1 }).stopAtMs).toBe(2);
    expect(decayStage(timed, paths, { records: 1 }).stopAtMs).toBe(3);
  });
});
