// A job as its list row shows it, and what its page shows besides: the form, the frozen config in JSON and in words,
// its state history, folder, measured step time and, for a reward-model job, its inputs and result.
import type { TrainingJobDetails, TrainingJobSummary, TrainingProgress } from '../../shared/types/training-jobs';
import type { JobRecord } from './job-record';
import { describeRun } from './run-config';

export function jobDetails(record: JobRecord, summary: TrainingJobSummary, folder: string): TrainingJobDetails {
  const reward = record.reward;
  return {
    summary,
    form: record.form as unknown as Record<string, unknown>,
    runConfigJson: JSON.stringify(record.run, null, 2),
    settings: describeRun(
      {
        run: record.run,
        baseModel: record.baseModel,
        dataset: record.dataset,
        batch: record.batch,
        ...(reward ? { reward } : {}),
        ...(record.scorerModel ? { scorerModel: record.scorerModel } : {}),
      },
      record.form,
    ),
    history: record.history,
    folder,
    estimate: record.estimate,
    rewardModel: reward
      ? {
          baseKey: reward.baseKey,
          clinicianRatings: reward.clinicianRatings,
          trainExamples: reward.trainExamples,
          heldOutExamples: reward.heldOutExamples,
          corruptedCopies: reward.corruptedCopies,
          result: reward.result,
          exportProblem: reward.exportProblem,
        }
      : null,
  };
}

/**
 * A job as the list shows it. `live`: the worker running it now — the time since its last banking
 * is added to the recorded elapsed time, and a running job shows the worker's ETA.
 */
export function jobSummary(record: JobRecord, live: { runningMs: number; etaMs: number | null } | null): TrainingJobSummary {
  return {
    id: record.id,
    name: record.name,
    stage: record.stage,
    state: record.state,
    stateNote: record.stateNote,
    step: record.step,
    totalSteps: record.run.totalSteps,
    createdAt: record.createdAt,
    elapsedMs: record.elapsedMs + (live?.runningMs ?? 0),
    etaMs: record.state === 'running' ? (live?.etaMs ?? null) : null,
    lastLoss: record.lastLoss,
    baseModelName: record.baseModel.name,
    datasetDescription: record.dataset.description,
    exportedModelKey: record.exported?.modelKey ?? null,
  };
}

/** A job's progress event: its summary's figures and the worker's latest time per step. */
export function jobProgress(summary: TrainingJobSummary, stepMs: number | null): TrainingProgress {
  const { id: jobId, state, step, totalSteps, elapsedMs, etaMs, lastLoss } = summary;
  return { jobId, state, step, totalSteps, elapsedMs, etaMs, stepMs, lastLoss };
}
