// What a resume may change: the frozen config and the shown form move together, only for the fields
// the resume schema names, and a total below the reached step is refused.
import { describe, expect, it } from 'vitest';
import type { TrainingJobConfig } from '../../shared/types/training';
import type { TrainingForm } from '../../shared/types/training-jobs';
import { applyResumeChanges, type ResumableJob } from './resume-changes';

function job(): ResumableJob {
  const run: TrainingJobConfig = {
    jobDir: '/jobs/a',
    modelDir: '/models/tiny',
    dataset: { kind: 'speech-jsonl', path: '/d.jsonl', description: 'four clips' },
    totalSteps: 10,
    checkpointEvery: 2,
    seed: 3,
    intraOpNumThreads: 1,
    executionProvider: 'cpu',
    hyper: { lr: 1e-3 },
  };
  const form = {
    name: 'job',
    stage: 'cot-sft',
    baseModelKey: 'shipped:tiny',
    dataset: { kind: 'file', path: '/d.jsonl', licence: 'x' },
    lr: 1e-3,
    clipsPerStep: 2,
    steps: 10,
    warmupSteps: 0,
    groupSize: 3,
    beta: 0.04,
    maxTokens: 12,
    rewardWeights: { format: 0.3, outcome: 1, reasoning: 0.5 },
    progressiveThreshold: 0.5,
    progressiveWindow: 2,
    useTrust: true,
    executionProvider: 'cpu',
    threads: 1,
    checkpointEvery: 2,
    seed: 3,
  } as TrainingForm;
  return { step: 4, run, form };
}

describe('applyResumeChanges', () => {
  it('changes nothing, and says so, for an empty or same-valued request', () => {
    const j = job();
    const before = JSON.stringify(j);
    expect(applyResumeChanges(j, {})).toEqual([]);
    expect(applyResumeChanges(j, { steps: 10, threads: 1, executionProvider: 'cpu', checkpointEvery: 2 })).toEqual([]);
    expect(JSON.stringify(j)).toBe(before);
  });

  it('moves the run config and the form together and lists every change', () => {
    const j = job();
    const changed = applyResumeChanges(j, { steps: 20, threads: 2, executionProvider: 'cuda', checkpointEvery: 5 });
    expect(changed).toEqual(['20 steps', '2 threads', 'provider cuda', 'a checkpoint every 5 steps']);
    expect(j.run).toMatchObject({
      totalSteps: 20,
      intraOpNumThreads: 2,
      executionProvider: 'cuda',
      checkpointEvery: 5,
      seed: 3,
      hyper: { lr: 1e-3 },
    });
    expect(j.form).toMatchObject({ steps: 20, threads: 2, executionProvider: 'cuda', checkpointEvery: 5, lr: 1e-3 });
  });

  it('refuses a total at or below the step reached, leaving the job as it was', () => {
    const j = job();
    expect(() => applyResumeChanges(j, { steps: 4, threads: 2 })).toThrow(/at step 4/);
    expect(j.run.totalSteps).toBe(10);
    expect(j.run.intraOpNumThreads).toBe(1);
  });
});
