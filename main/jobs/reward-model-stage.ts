// The reward-model stage as the job service sees it (issue 16: split out of training-job-service.ts):
// the catalog of reasoning reward models, the clinician ratings a new job would read, a form → its
// run (reward-model-run.ts), and a finished job → its folder in <data folder>/reward-models.
import path from 'node:path';
import type { TrainingForm } from '../../shared/types/training-jobs';
import type { DatasetCatalog } from '../datasets/dataset-catalog';
import type { RatedExplanation } from '../store/rated-explanations';
import { exportJobRewardModel, type JobExportOutcome } from './job-export';
import type { JobRecord, RewardJobFacts } from './job-record';
import { RewardModelCatalog } from './reward-model-catalog';
import { resolveRewardRun, type ResolvedRewardRun } from './reward-model-run';

export interface RewardModelStageOptions {
  dataDir: string;
  /** The shipped app models' folder; the shipped reward models sit beside it in reward-models/. */
  shippedModelsRoot: string;
  datasets: DatasetCatalog;
  /** Default: resources/reward-models beside the shipped models, and <data folder>/reward-models. */
  catalog?: RewardModelCatalog;
  /** Every clinician-rated explanation in the app's database (a reward-model job reads them all); default: none. */
  ratedExplanations?: () => RatedExplanation[];
}

export class RewardModelStage {
  readonly catalog: RewardModelCatalog;

  constructor(private readonly options: RewardModelStageOptions) {
    this.catalog =
      options.catalog ??
      new RewardModelCatalog({
        shippedDir: path.join(path.dirname(options.shippedModelsRoot), 'reward-models'),
        userDir: path.join(options.dataDir, 'reward-models'),
      });
  }

  /** How many clinician-rated explanations a new reward-model job would read now. */
  clinicianRatings(): number {
    return this.options.ratedExplanations?.().length ?? 0;
  }

  /** A reward-model form's run, its inputs frozen in `jobDir`. */
  resolve(form: TrainingForm, jobDir: string): Promise<ResolvedRewardRun> {
    return resolveRewardRun(form, jobDir, this.catalog, this.options.datasets, this.options.ratedExplanations ?? (() => []));
  }

  /** A completed job's trained folder, with its held-out agreement recorded in `facts`. */
  export(record: JobRecord, facts: RewardJobFacts, jobDir: string): Promise<JobExportOutcome> {
    return exportJobRewardModel(record, facts, jobDir, this.catalog);
  }
}
