// What a resume may change about a job: only how it runs (steps left, threads, provider, checkpoint
// interval), never what it trains. Applied to the frozen config and the form shown on the job's page.
import type { TrainingJobConfig } from '../../shared/types/training';
import type { ResumeChanges, TrainingForm } from '../../shared/types/training-jobs';
import { AppError } from '../../shared/errors/app-error';

export interface ResumableJob {
  step: number;
  run: TrainingJobConfig;
  form: TrainingForm;
}

/**
 * Applies `changes` to `job` in place and returns what changed in words (empty when nothing did).
 * Throws `invalid_payload` for a total below the step the job has reached.
 */
export function applyResumeChanges(job: ResumableJob, changes: ResumeChanges): string[] {
  const changed: string[] = [];
  const run: TrainingJobConfig = { ...job.run };
  if (changes.steps !== undefined && changes.steps !== run.totalSteps) {
    if (changes.steps <= job.step)
      throw new AppError('invalid_payload', `The job is at step ${job.step}; its total steps must be above that.`);
    run.totalSteps = changes.steps;
    changed.push(`${changes.steps} steps`);
  }
  if (changes.threads !== undefined && changes.threads !== run.intraOpNumThreads) {
    run.intraOpNumThreads = changes.threads;
    changed.push(`${changes.threads} threads`);
  }
  if (changes.executionProvider !== undefined && changes.executionProvider !== run.executionProvider) {
    run.executionProvider = changes.executionProvider;
    changed.push(`provider ${changes.executionProvider}`);
  }
  if (changes.checkpointEvery !== undefined && changes.checkpointEvery !== run.checkpointEvery) {
    run.checkpointEvery = changes.checkpointEvery;
    changed.push(`a checkpoint every ${changes.checkpointEvery} steps`);
  }
  if (changed.length > 0) {
    job.run = run;
    job.form = {
      ...job.form,
      steps: run.totalSteps,
      threads: run.intraOpNumThreads ?? 1,
      executionProvider: run.executionProvider ?? 'cpu',
      checkpointEvery: run.checkpointEvery,
    };
  }
  return changed;
}
