// A reasoning-reward-model job through the training job service on the real runtime (issue 12): the
// shipped reward model fine-tuned for 20 steps on the RAVDESS fixture's EmotionCoT records plus the one
// clinician rating in a real database, stopped by an app close mid-job (interrupted, its checkpoint
// kept), found again by a new service and resumed; on completion it writes
// <data folder>/reward-models/<job id>, which openRewardModelFolder accepts and the listing shows with
// its held-out agreement and clinician-ratings count.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingForm } from '../../shared/types/training-jobs';
import { stageDefaults } from '../../shared/util/training-form-defaults';
import { hasSharedRavdess } from '../datasets/testing/ravdess-fixture';
import { openRewardModelFolder } from '../ml/reward-model/reward-model-folder';
import { ModelRegistry } from '../installed-models/model-registry';
import { memoryPreferences } from '../installed-models/testing/model-copies';
import { listRatedExplanations } from '../store/rated-explanations';
import { TrainingJobService } from './training-job-service';
import { REWARD_DATASET_ID, rewardJobInputs, type RewardJobInputs } from './testing/reward-job-inputs';

const ROOT = path.resolve(import.meta.dirname, '../..');

const until = async (check: () => boolean, timeoutMs = 180_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.skipIf(!hasSharedRavdess())('a reasoning-reward-model job in the training job service', () => {
  let inputs: RewardJobInputs;
  const services: TrainingJobService[] = [];
  beforeAll(async () => {
    inputs = await rewardJobInputs();
  }, 240_000);
  afterAll(async () => {
    for (const s of services) await s.close();
  });

  function service(dataDir: string, exported: string[] = []): TrainingJobService {
    const registry = new ModelRegistry({
      shippedDir: path.join(ROOT, 'resources/models'),
      userDir: path.join(dataDir, 'models'),
      preferences: memoryPreferences(),
    });
    const s = new TrainingJobService({
      dataDir,
      models: registry,
      datasets: inputs.datasets,
      onProgress: () => {},
      onChanged: () => {},
      onModelExported: () => {},
      log: () => {},
      ratedExplanations: () => listRatedExplanations(inputs.db),
      onRewardModelExported: (key) => exported.push(key),
    });
    services.push(s);
    return s;
  }

  it('trains, survives an app close mid-job, resumes, and writes a reward-model folder with its held-out agreement', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rrm-job-'));
    const first = service(dataDir);
    expect(first.clinicianRatings()).toBe(1);
    const form: TrainingForm = {
      ...stageDefaults('reward-model'),
      name: 'RRM service test',
      baseModelKey: 'shipped:default',
      rewardModelKey: 'shipped:default',
      dataset: { kind: 'dataset', datasetId: REWARD_DATASET_ID, split: 'all' },
      steps: 20,
      warmupSteps: 0,
      checkpointEvery: 5,
      corruptedCopies: 2,
    };
    const created = await first.create(form, null);
    expect(created).toMatchObject({ stage: 'reward-model', baseModelName: 'Reasoning reward model', totalSteps: 20 });
    await until(() => first.list()[0]!.step >= 6);
    await first.close();
    expect(first.list()[0]!.state).toBe('interrupted');

    const exported: string[] = [];
    const second = service(dataDir, exported);
    const found = second.get(created.id);
    expect(found.summary.state).toBe('interrupted');
    expect(found.rewardModel).toMatchObject({ baseKey: 'shipped:default', clinicianRatings: 1, corruptedCopies: 2, result: null });
    await second.resume(created.id);
    await until(() => second.list()[0]!.state === 'completed');

    const done = second.get(created.id);
    const outDir = path.join(dataDir, 'reward-models', created.id);
    expect(done.summary).toMatchObject({ step: 20, exportedModelKey: `user:${created.id}` });
    expect(done.summary.stateNote).toMatch(/1 clinician rating in/);
    expect(exported).toEqual([`user:${created.id}`]);
    expect(second.log(created.id, 500).join('\n')).toMatch(/resuming from step \d+[\s\S]*reward model written to/);

    const folder = openRewardModelFolder(outDir);
    expect(folder.scale).not.toBeNull();
    expect(folder.metrics).toMatchObject({
      clinicianRatings: 1,
      steps: 20,
      trainExamples: done.rewardModel!.trainExamples,
      heldOutExamples: done.rewardModel!.heldOutExamples,
    });
    expect(existsSync(path.join(outDir, 'MODEL_CARD.md'))).toBe(true);
    const result = done.rewardModel!.result!;
    expect(result).toMatchObject({ key: `user:${created.id}`, origin: 'user', usable: true, clinicianRatings: 1, steps: 20 });
    expect(result.agreement).toHaveLength(4);
    for (const a of result.agreement) {
      expect(a.exact).toBeGreaterThanOrEqual(0);
      expect(a.withinOne).toBeGreaterThanOrEqual(a.exact);
      expect(a.withinOne).toBeLessThanOrEqual(1);
    }
    expect(result.probes).not.toBeNull();
    // GRPO-PTR's form lists it beside the shipped one.
    expect(second.rewardModels.list().map((e) => e.key)).toEqual(['shipped:default', `user:${created.id}`]);

    const metrics = second.metrics(created.id, 100);
    expect(metrics.series.find((s) => s.key === 'loss')!.steps.at(-1)).toBe(20);
  }, 600_000);
});
