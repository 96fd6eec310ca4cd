// What a finished job leaves the user: an emotion model folder in <data folder>/models (where the
// registry finds it) or, for a reward-model job, a reward-model folder with its held-out agreement.
// A failed export never fails the job: its final checkpoint stays in the job folder and the note says so.
import path from 'node:path';
import { describeError } from '../../shared/errors/coded-error';
import { exportTrainedModel } from '../ml/training/export-model';
import { appendJobLog } from './job-log';
import type { JobRecord, RewardJobFacts } from './job-record';
import type { RewardModelCatalog } from './reward-model-catalog';
import { finishRewardJob, ratingsWords } from './reward-model-run';

/** How an export went: the registry key when a folder was written, and the job's closing note. */
export interface JobExportOutcome {
  exported: { modelKey: string; dir: string } | null;
  note: string;
}

/** Writes a finished emotion-model job's final weights as a model folder in <dataDir>/models. */
export async function exportJobModel(
  record: JobRecord,
  jobDir: string,
  dataDir: string,
  checkpointFile: string,
): Promise<JobExportOutcome> {
  const folder = `trained-${record.id}`.slice(0, 120);
  const outDir = path.join(dataDir, 'models', folder);
  try {
    await exportTrainedModel({
      checkpointFile,
      outDir,
      id: `emotion-reasoner-${record.stage}-${record.id.slice(-8)}`,
      name: record.name,
      description: `${record.name}: ${record.stage} from ${record.baseModel.name} for ${record.step} steps on ${record.dataset.description} (trained in the app).`,
      ...(record.dataset.licence ? { licence: record.dataset.licence } : {}),
      examples: record.dataset.records,
    });
    appendJobLog(jobDir, 'info', `model exported to ${outDir}`);
    return {
      exported: { modelKey: `user:${folder}`, dir: outDir },
      note: `Completed ${record.step} steps; the model is in your models as “${record.name}”.`,
    };
  } catch (error) {
    const message = describeError(error);
    appendJobLog(jobDir, 'error', `export failed: ${message}`);
    return {
      exported: null,
      note: `Completed ${record.step} steps, but the model could not be exported: ${message}. The final checkpoint is in the job folder.`,
    };
  }
}

/**
 * Writes a finished reward-model job's folder (<dataDir>/reward-models/<job id>) with its held-out
 * agreement measured on the exported weights; GRPO-PTR's form lists it from there. Records the result
 * (or the problem) in `facts`.
 */
export async function exportJobRewardModel(
  record: JobRecord,
  facts: RewardJobFacts,
  jobDir: string,
  rewardModels: RewardModelCatalog,
): Promise<JobExportOutcome> {
  const outDir = rewardModels.userFolder(record.id);
  try {
    appendJobLog(jobDir, 'info', `measuring held-out agreement and writing ${outDir}`);
    const result = await finishRewardJob(
      facts,
      record.form,
      record.run,
      record.dataset.licence,
      record.dataset.description,
      outDir,
      record.elapsedMs / 60_000,
    );
    const key = `user:${record.id}`;
    facts.result = rewardModels.resolve(key).entry;
    const rho = (a: { spearman: number }) => (Number.isFinite(a.spearman) ? a.spearman.toFixed(3) : 'undefined');
    const { factualAlignment: f, interpretativeQuality: i, captionCompleteness: c, fluencyStructure: fl } = result.agreement;
    appendJobLog(
      jobDir,
      'info',
      `reward model written to ${outDir} (held-out Spearman ρ: factual ${rho(f)}, interpretative ${rho(i)}, completeness ${rho(c)}, fluency ${rho(fl)})`,
    );
    return {
      exported: { modelKey: key, dir: outDir },
      note: `Completed ${record.step} steps; the reasoning reward model (${ratingsWords(result.clinicianRatings)} in) is in ${outDir}, and GRPO-PTR can score with it.`,
    };
  } catch (error) {
    const message = describeError(error);
    facts.exportProblem = message;
    appendJobLog(jobDir, 'error', `reward-model export failed: ${message}`);
    return {
      exported: null,
      note: `Completed ${record.step} steps, but the reward model could not be written: ${message}. The final checkpoint is in the job folder.`,
    };
  }
}
