// The held-out data an SFT job measures its loss on while it trains (the dashboard's validation
// curve): an imported dataset's validation split when the job trains on its train split. Stage 1
// measures on the split's prosody drills, stage 2 on its traces. A job trained on a training file,
// on a whole dataset or on a split without clips has none, and its settings say so.
import type { TrainingJobConfig } from '../../shared/types/training';
import type { TrainingForm } from '../../shared/types/training-jobs';
import type { DatasetCatalog } from '../datasets/dataset-catalog';
import { AppError } from '../../shared/errors/app-error';
import { writeProsodyDrills } from './prosody-drills';

/** Held-out examples measured each time: the same ones, so the curve moves only with the weights. */
export const VALIDATION_EXAMPLES = 64;
const VALIDATION_DRILLS_FILE = 'validation-drills.jsonl';

export type JobValidation = NonNullable<TrainingJobConfig['validation']>;

/** The job's validation data, or why it has none (in words for its settings). */
export async function validationFor(
  form: TrainingForm,
  jobDir: string,
  datasets: DatasetCatalog,
): Promise<{ validation: JobValidation; description: string } | { validation: null; description: string }> {
  if (form.stage !== 'prosody-base' && form.stage !== 'cot-sft') return { validation: null, description: 'none for this stage' };
  if (form.dataset.kind !== 'dataset' || form.dataset.split !== 'train')
    return { validation: null, description: 'none (train on a dataset’s train split to measure its validation split)' };
  let file;
  try {
    file = await datasets.trainingFile(form.dataset.datasetId, 'validation');
  } catch (error) {
    if (error instanceof AppError && error.code === 'empty_split') return { validation: null, description: 'none (no validation clips)' };
    throw error;
  }
  const drills = form.stage === 'prosody-base' ? writeProsodyDrills(file.path, jobDir, form.seed, VALIDATION_DRILLS_FILE) : null;
  const path = drills?.path ?? file.path;
  const examples = Math.min(VALIDATION_EXAMPLES, drills?.drills ?? file.clips);
  const description = `${drills ? 'prosody drills of ' : ''}${file.description}: loss on its first ${examples} ${drills ? 'drills' : 'clips'} every ${form.checkpointEvery} steps and at the end`;
  return {
    validation: { dataset: { kind: 'speech-jsonl', path, description }, every: form.checkpointEvery, maxExamples: VALIDATION_EXAMPLES },
    description,
  };
}
