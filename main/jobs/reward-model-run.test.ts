// Building the reasoning-reward-model job's config and GRPO-PTR's R_reason scorer choice from the
// train form: the form's checks and defaults, the frozen inputs (the records copied, every clinician
// rating counted and kept), the listing of reward models with their held-out figures, and what a GRPO
// job freezes for each scorer. Real data: the RAVDESS fixture's EmotionCoT build, the shipped reward
// model, a real database with one rated review.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainingFormSchema, type TrainingForm } from '../../shared/types/training-jobs';
import { stageDefaults } from '../../shared/util/training-form-defaults';
import { hasSharedRavdess } from '../datasets/testing/ravdess-fixture';
import { ModelRegistry } from '../installed-models/model-registry';
import { memoryPreferences } from '../installed-models/testing/model-copies';
import { listRatedExplanations } from '../store/rated-explanations';
import { RewardModelCatalog } from './reward-model-catalog';
import { resolveRewardRun } from './reward-model-run';
import { describeRun, resolveRun } from './run-config';
import { REWARD_DATASET_ID, rewardJobInputs, type RewardJobInputs } from './testing/reward-job-inputs';

const ROOT = path.resolve(import.meta.dirname, '../..');
const catalog = (dataDir: string) =>
  new RewardModelCatalog({ shippedDir: path.join(ROOT, 'resources/reward-models'), userDir: path.join(dataDir, 'reward-models') });

function rewardForm(overrides: Partial<TrainingForm> = {}): TrainingForm {
  return {
    ...stageDefaults('reward-model'),
    name: 'RRM test',
    baseModelKey: 'shipped:default',
    rewardModelKey: 'shipped:default',
    dataset: { kind: 'dataset', datasetId: REWARD_DATASET_ID, split: 'all' },
    steps: 20,
    warmupSteps: 0,
    checkpointEvery: 10,
    corruptedCopies: 2,
    ...overrides,
  };
}

describe('the reward-model form', () => {
  it('defaults to 1000 steps at 3e-4 with 6 corrupted copies per trace', () => {
    expect(stageDefaults('reward-model')).toMatchObject({ stage: 'reward-model', steps: 1000, lr: 3e-4, corruptedCopies: 6, threads: 1 });
    expect(stageDefaults('grpo-ptr')).toMatchObject({ scorer: 'reward-model', ablation: 'full' });
  });

  it('needs a reward model, the corrupted copies and a whole imported dataset', () => {
    expect(trainingFormSchema.safeParse(rewardForm()).success).toBe(true);
    const problems = (form: TrainingForm) =>
      (trainingFormSchema.safeParse(form).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(problems(rewardForm({ rewardModelKey: undefined }))).toEqual(['rewardModelKey: choose the reward model to start from']);
    expect(problems(rewardForm({ corruptedCopies: undefined }))).toEqual(['corruptedCopies: give the corrupted copies per trace']);
    expect(problems(rewardForm({ dataset: { kind: 'dataset', datasetId: REWARD_DATASET_ID, split: 'train' } }))[0]).toMatch(
      /^dataset: the reasoning reward model trains on a whole imported dataset/,
    );
    expect(problems(rewardForm({ corruptedCopies: 21 }))[0]).toMatch(/^corruptedCopies:/);
    expect(problems(rewardForm({ rewardModelKey: 'default' }))).toEqual(['rewardModelKey: choose a reasoning reward model']);
  });

  it('keeps GRPO-PTR’s scorer, ablation and ε_high consistent', () => {
    const grpo = {
      ...rewardForm(),
      ...stageDefaults('grpo-ptr'),
      dataset: { kind: 'file', path: '/x.jsonl', licence: '' },
    } as TrainingForm;
    expect(
      trainingFormSchema.safeParse({ ...grpo, rewardModelKey: undefined, corruptedCopies: undefined }).error?.issues.map((i) => i.message),
    ).toEqual(['choose the reward model that scores R_reason']);
    expect(trainingFormSchema.safeParse({ ...grpo, ablation: 'checker' }).error?.issues.map((i) => i.message)).toEqual([
      'the "checker" ablation scores R_reason with the evidence checker',
    ]);
    expect(trainingFormSchema.safeParse({ ...grpo, ablation: 'checker', scorer: 'evidence-checker' }).success).toBe(true);
    expect(trainingFormSchema.safeParse({ ...grpo, clipEpsilonHigh: 0.28 }).success).toBe(true);
    expect(trainingFormSchema.safeParse({ ...grpo, clipEpsilonHigh: 0 }).success).toBe(false);
  });
});

describe('the reward models the form lists', () => {
  it('lists the shipped default with its clinician-ratings count and held-out figures from its manifest', () => {
    const models = catalog(mkdtempSync(path.join(tmpdir(), 'rrm-list-')));
    const entries = models.list();
    const shipped = entries.find((e) => e.key === 'shipped:default')!;
    expect(models.defaultKey(entries)).toBe('shipped:default');
    expect(shipped).toMatchObject({
      origin: 'shipped',
      usable: true,
      problem: null,
      clinicianRatings: expect.any(Number),
      trainExamples: expect.any(Number),
    });
    expect(shipped.agreement.map((a) => a.criterion)).toEqual([
      'factualAlignment',
      'interpretativeQuality',
      'captionCompleteness',
      'fluencyStructure',
    ]);
    expect(shipped.probes).not.toBeNull();
  });

  it('lists a broken user folder with its problem and refuses it as a choice', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rrm-list-'));
    const broken = path.join(dataDir, 'reward-models', 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'manifest.json'), '{"kind": "something else"}');
    const models = catalog(dataDir);
    const entry = models.list().find((e) => e.key === 'user:broken')!;
    expect(entry).toMatchObject({ usable: false, problem: expect.stringMatching(/manifest/) });
    expect(() => models.resolve('user:broken')).toThrow(/cannot be used/);
    expect(() => models.resolve('user:missing')).toThrow(/No reasoning reward model user:missing/);
  });
});

describe.skipIf(!hasSharedRavdess())('building a reward-model job on real records', () => {
  let inputs: RewardJobInputs;
  beforeAll(async () => {
    inputs = await rewardJobInputs();
  }, 240_000);

  it('freezes the records and every clinician rating in the job folder and counts them', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rrm-run-'));
    const jobDir = path.join(dataDir, 'jobs', 'rrm-test-1');
    const resolved = await resolveRewardRun(rewardForm(), jobDir, catalog(dataDir), inputs.datasets, () =>
      listRatedExplanations(inputs.db),
    );
    expect(resolved.reward.clinicianRatings).toBe(1);
    expect(resolved.reward.initDir).toBe(path.join(ROOT, 'resources/reward-models/default'));
    expect(resolved.reward.labels).toEqual(['angry', 'calm', 'neutral', 'sad']);
    expect(readFileSync(resolved.reward.cotFile, 'utf8')).toBe(readFileSync(inputs.cotFile, 'utf8'));
    const clinician = JSON.parse(readFileSync(resolved.reward.clinicianFile, 'utf8')) as { applied: string[]; prosody: number[] }[];
    expect(clinician).toHaveLength(1);
    expect(clinician[0]!.applied).toEqual(['clinician']);
    expect(resolved.run).toMatchObject({
      jobDir,
      modelDir: resolved.reward.initDir,
      totalSteps: 20,
      checkpointEvery: 10,
      intraOpNumThreads: 1,
      dataset: { kind: 'tensor-jsonl', path: path.join(jobDir, 'reward-data', 'reward-examples.jsonl') },
      hyper: { lr: 3e-4, warmupSteps: 0 },
    });
    // Actor 1's four clips train (each as written + up to 2 corruptions, the rating maybe held out); actors 2 and 3 are held out.
    expect(resolved.reward.trainExamples).toBeGreaterThanOrEqual(4);
    expect(resolved.reward.heldOutExamples).toBeGreaterThanOrEqual(8);
    const settings = Object.fromEntries(describeRun(resolved, rewardForm()).map((s) => [s.name, s.value]));
    expect(settings['Base reward model']).toMatch(/shipped:default/);
    expect(settings['Clinician ratings']).toMatch(/^1 /);
    expect(settings['Corrupted copies per trace']).toBe('2');
  });

  it('says what is wrong with an untrainable dataset instead of starting a job', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rrm-run-'));
    await expect(
      resolveRewardRun(
        rewardForm({ dataset: { kind: 'dataset', datasetId: 'nope', split: 'all' } }),
        path.join(dataDir, 'j'),
        catalog(dataDir),
        inputs.datasets,
        () => [],
      ),
    ).rejects.toThrow(/No dataset nope/);
    await expect(
      resolveRewardRun(rewardForm({ rewardModelKey: 'user:none' }), path.join(dataDir, 'j'), catalog(dataDir), inputs.datasets, () => []),
    ).rejects.toThrow(/No reasoning reward model user:none/);
  });

  it('freezes GRPO-PTR’s scorer: the chosen reward model, or the evidence checker for the checker ablation', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'rrm-grpo-'));
    const registry = new ModelRegistry({
      shippedDir: path.join(ROOT, 'resources/models'),
      userDir: path.join(dataDir, 'models'),
      preferences: memoryPreferences({ showTestModels: true }),
    });
    const file = path.join(dataDir, 'clips.jsonl');
    writeFileSync(file, `${JSON.stringify({ audio: inputs.cotFile, target: '<think></think><answer>sad</answer>' })}\n`);
    const grpo: TrainingForm = {
      ...rewardForm(),
      ...stageDefaults('grpo-ptr'),
      name: 'GRPO',
      baseModelKey: 'shipped:tiny',
      dataset: { kind: 'file', path: file, licence: '' },
      rewardModelKey: 'shipped:default',
      clipEpsilonHigh: 0.28,
    };
    delete grpo.corruptedCopies;
    const withModel = await resolveRun(grpo, path.join(dataDir, 'a'), registry, inputs.datasets, catalog(dataDir));
    expect(withModel.run.grpo).toMatchObject({
      scorer: 'reward-model',
      rewardModelDir: path.join(ROOT, 'resources/reward-models/default'),
      clipEpsilonHigh: 0.28,
      ablation: 'full',
    });
    const settings = Object.fromEntries(describeRun(withModel, grpo).map((s) => [s.name, s.value]));
    expect(settings['Reasoning scorer (R_reason)']).toMatch(/^reasoning reward model: .+ \(shipped:default\)$/);
    expect(settings['Ratio clip ε / ε_high']).toBe('0.2 / 0.28');

    const checker = await resolveRun(
      { ...grpo, ablation: 'checker', scorer: 'evidence-checker' },
      path.join(dataDir, 'b'),
      registry,
      inputs.datasets,
      catalog(dataDir),
    );
    expect(checker.run.grpo).toMatchObject({ scorer: 'evidence-checker', ablation: 'checker' });
    expect(checker.run.grpo?.rewardModelDir).toBeUndefined();
    const noSchedule = await resolveRun(
      { ...grpo, ablation: 'no-schedule' },
      path.join(dataDir, 'c'),
      registry,
      inputs.datasets,
      catalog(dataDir),
    );
    expect(noSchedule.run.grpo?.rewards.schedule.mode).toBe('always');
    expect(existsSync(path.join(dataDir, 'a'))).toBe(false);
  });
});
