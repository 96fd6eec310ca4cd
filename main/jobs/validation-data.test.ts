// Which held-out data an SFT job measures while it trains: a real EmotionCoT build of the RAVDESS
// fixture (actor 1 train, actor 2 validation, actor 3 test) served by split, as the dataset service does.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetSplit, EmotionCotRecord } from '../../shared/types/dataset';
import type { TrainingForm } from '../../shared/types/training-jobs';
import { stageDefaults } from '../../shared/util/training-form-defaults';
import type { DatasetCatalog } from '../datasets/dataset-catalog';
import { hasSharedRavdess } from '../datasets/testing/ravdess-fixture';
import { AppError } from '../../shared/errors/app-error';
import { rewardJobInputs } from './testing/reward-job-inputs';
import { VALIDATION_EXAMPLES, validationFor } from './validation-data';

describe.skipIf(!hasSharedRavdess())('an SFT job’s validation data', () => {
  let datasets: DatasetCatalog;
  let splits: Record<DatasetSplit, string>;
  let emptyValidation = false;

  beforeAll(async () => {
    const { cotFile } = await rewardJobInputs();
    const records = readFileSync(cotFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as EmotionCotRecord);
    const dir = path.dirname(cotFile);
    splits = { train: '', validation: '', test: '' };
    for (const split of ['train', 'validation', 'test'] as const) {
      splits[split] = path.join(dir, `${split}.jsonl`);
      writeFileSync(
        splits[split],
        records
          .filter((r) => r.split === split)
          .map((r) => `${JSON.stringify(r)}\n`)
          .join(''),
      );
    }
    const count = (split: DatasetSplit) => records.filter((r) => r.split === split).length;
    datasets = {
      clips: () => Promise.reject(new AppError('unavailable', 'not in this test')),
      trainingFile: async (_id, selection) => {
        if (selection === 'all') throw new AppError('not_found', 'not in this test');
        if (emptyValidation && selection === 'validation') throw new AppError('empty_split', 'The validation split has no clips.');
        return {
          path: splits[selection],
          description: `fixture (${selection} split)`,
          licence: 'CC BY-NC-SA 4.0',
          clips: count(selection),
        };
      },
    };
  }, 120_000);

  const form = (overrides: Partial<TrainingForm>): TrainingForm => ({
    ...stageDefaults('cot-sft'),
    name: 'validation test',
    baseModelKey: 'shipped:tiny',
    dataset: { kind: 'dataset', datasetId: 'fixture', split: 'train' },
    checkpointEvery: 25,
    ...overrides,
  });

  it('measures stage 2 on the validation split’s traces, every checkpoint', async () => {
    const { validation, description } = await validationFor(form({}), mkdtempSync(path.join(tmpdir(), 'val-')), datasets);
    expect(validation).toEqual({
      dataset: { kind: 'speech-jsonl', path: splits.validation, description },
      every: 25,
      maxExamples: VALIDATION_EXAMPLES,
    });
    expect(description).toBe('fixture (validation split): loss on its first 4 clips every 25 steps and at the end');
  });

  it('measures stage 1 on the validation split’s prosody drills, written into the job folder', async () => {
    const jobDir = mkdtempSync(path.join(tmpdir(), 'val-'));
    const { validation, description } = await validationFor(
      form({ ...stageDefaults('prosody-base'), checkpointEvery: 25 }),
      jobDir,
      datasets,
    );
    expect(validation!.dataset.path).toBe(path.join(jobDir, 'validation-drills.jsonl'));
    const drills = readFileSync(validation!.dataset.path, 'utf8').trim().split('\n');
    expect(drills.length).toBeGreaterThan(4);
    expect(JSON.parse(drills[0]!)).toEqual({
      audio: expect.stringContaining('Actor_02'),
      prompt: expect.any(String),
      target: expect.any(String),
    });
    expect(description).toMatch(/^prosody drills of fixture \(validation split\): loss on its first \d+ drills every 25 steps/);
  });

  it('has none for a training file, a whole dataset, GRPO-PTR or an empty validation split, and says why', async () => {
    const none = async (f: TrainingForm) => {
      const result = await validationFor(f, mkdtempSync(path.join(tmpdir(), 'val-')), datasets);
      expect(result.validation).toBeNull();
      return result.description;
    };
    expect(await none(form({ dataset: { kind: 'file', path: '/x.jsonl', licence: '' } }))).toMatch(
      /^none \(train on a dataset’s train split/,
    );
    expect(await none(form({ dataset: { kind: 'dataset', datasetId: 'fixture', split: 'all' } }))).toMatch(/^none/);
    expect(await none(form({ ...stageDefaults('grpo-ptr') }))).toBe('none for this stage');
    emptyValidation = true;
    expect(await none(form({}))).toBe('none (no validation clips)');
    emptyValidation = false;
  });
});
