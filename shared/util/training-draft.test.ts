import { describe, expect, it } from 'vitest';
import { draftProblems, draftToForm, type TrainingDraft } from './training-draft';
import { stageDefaults } from './training-form-defaults';

function draft(stage: TrainingDraft['stage'], overrides: Partial<TrainingDraft> = {}): TrainingDraft {
  return {
    ...stageDefaults(stage),
    name: ' My job ',
    baseModelKey: 'shipped:tiny',
    source: 'dataset',
    datasetId: 'ds-1',
    split: 'train',
    filePath: '',
    fileLicence: 'CC BY-NC-SA 4.0',
    ...overrides,
  };
}

describe('draftProblems', () => {
  it('finds nothing wrong with any stage’s defaults once a model and data are chosen', () => {
    for (const stage of ['prosody-base', 'cot-sft', 'grpo-ptr', 'reward-model'] as const) {
      expect(draftProblems(draft(stage, { rewardModelKey: 'shipped:default' })), stage).toEqual({});
    }
  });

  it('names each bad field in words', () => {
    const p = draftProblems(
      draft('grpo-ptr', {
        name: '  ',
        lr: 0,
        steps: 3,
        warmupSteps: 5,
        groupSize: 1,
        rewardWeights: { format: 0, outcome: 0, reasoning: 0 },
        scorer: 'reward-model',
        ablation: 'checker',
        rewardModelKey: 'x',
        clipEpsilonHigh: 2,
      }),
    );
    expect(Object.keys(p).sort()).toEqual(['clipEpsilonHigh', 'groupSize', 'lr', 'name', 'rewardWeights', 'scorer', 'warmupSteps']);
    expect(p.groupSize).toMatch(/2 to 64/);
    expect(p.scorer).toMatch(/checker ablation/);
  });

  it('checks GRPO’s settings only for GRPO, and a file source by its path', () => {
    expect(draftProblems(draft('cot-sft', { groupSize: 1 }))).toEqual({});
    expect(draftProblems(draft('cot-sft', { source: 'file', filePath: 'relative.jsonl' })).dataset).toMatch(/full path/);
    expect(draftProblems(draft('cot-sft', { source: 'file', filePath: 'C:\\data\\train.jsonl' }))).toEqual({});
  });

  it('asks a reward-model job for an imported dataset and a starting reward model', () => {
    const p = draftProblems(draft('reward-model', { source: 'file', filePath: '/x.jsonl', corruptedCopies: 30 }));
    expect(Object.keys(p).sort()).toEqual(['corruptedCopies', 'dataset', 'rewardModelKey']);
  });
});

describe('draftToForm', () => {
  it('sends an SFT job its split and no GRPO or reward-model fields', () => {
    const form = draftToForm(draft('cot-sft', { rewardModelKey: 'shipped:default', scorer: 'reward-model' }));
    expect(form.name).toBe('My job');
    expect(form.dataset).toEqual({ kind: 'dataset', datasetId: 'ds-1', split: 'train' });
    expect(form).not.toHaveProperty('rewardModelKey');
    expect(form).not.toHaveProperty('scorer');
    expect(form).not.toHaveProperty('source');
  });

  it('sends GRPO-PTR its scorer, and the reward model only when that scores R_reason', () => {
    expect(draftToForm(draft('grpo-ptr', { scorer: 'reward-model', rewardModelKey: 'user:rm', clipEpsilonHigh: 0.28 }))).toMatchObject({
      scorer: 'reward-model',
      rewardModelKey: 'user:rm',
      ablation: 'full',
      clipEpsilonHigh: 0.28,
    });
    expect(draftToForm(draft('grpo-ptr', { scorer: 'evidence-checker', rewardModelKey: 'user:rm' }))).not.toHaveProperty('rewardModelKey');
  });

  it('trains a reward model on the whole dataset, from the chosen reward model', () => {
    const form = draftToForm(
      draft('reward-model', {
        baseModelKey: '',
        rewardModelKey: 'shipped:default',
        split: 'validation',
        source: 'file',
        filePath: '/ignored',
      }),
    );
    expect(form.dataset).toEqual({ kind: 'dataset', datasetId: 'ds-1', split: 'all' });
    expect(form).toMatchObject({ rewardModelKey: 'shipped:default', baseModelKey: 'shipped:default', corruptedCopies: 6 });
  });

  it('sends a file source by its trimmed path and licence', () => {
    expect(draftToForm(draft('prosody-base', { source: 'file', filePath: ' /data/train.jsonl ' })).dataset).toEqual({
      kind: 'file',
      path: '/data/train.jsonl',
      licence: 'CC BY-NC-SA 4.0',
    });
  });
});
