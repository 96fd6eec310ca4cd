// The measured time per step shown before a job starts (issue 13): the form's own config run for a
// few real steps in a throwaway folder, through the same worker the job will use. The first step
// pays for warm caches and allocations, so the figure is the median of the later ones.
import type { TrainingJobConfig } from '../../shared/types/training';
import type { StepEstimate, TrainingForm } from '../../shared/types/training-jobs';
import { AppError } from '../../shared/errors/app-error';
import type { TrainingJobClient } from '../ml/training/training-job-client';
import { describeRun, type ResolvedRun } from './run-config';

/** Steps measured: SFT steps are cheap; a GRPO step is a whole rollout batch. */
export const ESTIMATE_STEPS = { sft: 4, grpo: 2 } as const;

export async function measureStepTime(
  client: TrainingJobClient,
  run: TrainingJobConfig,
): Promise<{ stepsMeasured: number; msPerStep: number; startupMs: number }> {
  const steps = Math.min(run.totalSteps, run.grpo ? ESTIMATE_STEPS.grpo : ESTIMATE_STEPS.sft);
  const started = performance.now();
  let startupMs: number | null = null;
  const stepTimes: number[] = [];
  const handle = client.start({
    ...run,
    totalSteps: steps,
    checkpointEvery: 1_000_000,
    keepCheckpoints: 1,
    reportEvery: 1,
    sampleEvery: 0,
  });
  handle.onMessage((m) => {
    if (m.type === 'progress' && m.state === 'running' && startupMs === null) startupMs = performance.now() - started;
    if (m.type === 'metric') stepTimes.push(m.record.stepMs);
  });
  const outcome = await handle.done;
  if (outcome.type === 'failed')
    throw new AppError('invalid_payload', `The config did not run: ${outcome.error.message} (${outcome.error.code}).`);
  const later = stepTimes.length > 1 ? stepTimes.slice(1) : stepTimes;
  const sorted = [...later].sort((a, b) => a - b);
  return { stepsMeasured: stepTimes.length, msPerStep: sorted[Math.floor(sorted.length / 2)] ?? 0, startupMs: startupMs ?? 0 };
}

/** The estimate the form shows: the measured step time, the whole job's, and the config it measured. */
export async function estimateSteps(
  client: TrainingJobClient,
  resolved: ResolvedRun,
  form: TrainingForm,
  sharedWithRunningJob: boolean,
): Promise<StepEstimate> {
  const measured = await measureStepTime(client, resolved.run);
  return {
    ...measured,
    totalMs: measured.startupMs + form.steps * measured.msPerStep,
    sharedWithRunningJob,
    runConfigJson: JSON.stringify({ ...resolved.run, jobDir: '(the new job’s folder)' }, null, 2),
    settings: describeRun(resolved, form),
  };
}
