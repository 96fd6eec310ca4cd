// The reasoning-reward-model stage of the training area (issue 12): a form → the job the app's normal
// training runtime runs (prepareRewardTraining: a tensor-jsonl dataset of an imported dataset's
// EmotionCoT records with corrupted copies, plus every clinician rating in the app's database), and,
// when it completes, the trained folder in <data folder>/reward-models/<job id> with its held-out
// agreement (finishRewardTraining). Everything the finish needs is frozen in the job folder — the
// records and the clinician examples are copied there — so a restart, a resume or a later review in
// the app does not change what the job trains on or is measured against.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatasetSplit, EmotionCotRecord } from '../../shared/types/dataset';
import type { CriterionScores } from '../../shared/types/grpo';
import type { TrainingJobConfig } from '../../shared/types/training';
import type { TrainingForm } from '../../shared/types/training-jobs';
import type { DatasetCatalog } from '../datasets/dataset-catalog';
import { AppError } from '../../shared/errors/app-error';
import { rewardModelCard } from '../ml/reward-model/reward-model-card';
import { clinicianExamples, type RewardExample } from '../ml/reward-model/reward-examples';
import {
  finishRewardTraining,
  prepareRewardTraining,
  type PreparedRewardTraining,
  type RewardTrainingOptions,
  type RewardTrainingResult,
} from '../ml/reward-model/train-reward-model';
import { TrainingFailure } from '../ml/training/training-failure';
import type { RatedExplanation } from '../store/rated-explanations';
import type { RewardJobFacts } from './job-record';
import type { RewardModelCatalog } from './reward-model-catalog';
import type { ResolvedRun } from './run-config';

/** A resolved reward-model form: the run and the facts job.json keeps. */
export type ResolvedRewardRun = ResolvedRun & { reward: RewardJobFacts };

const COT_COPY = 'emotion-cot.jsonl';
const CLINICIAN_FILE = 'clinician-examples.json';

/** Checks the form's choices, freezes its inputs in `jobDir` and builds the job's examples and config. */
export async function resolveRewardRun(
  form: TrainingForm,
  jobDir: string,
  catalog: RewardModelCatalog,
  datasets: DatasetCatalog,
  ratings: () => RatedExplanation[],
): Promise<ResolvedRewardRun> {
  if (form.rewardModelKey === undefined || form.corruptedCopies === undefined || form.dataset.kind !== 'dataset') {
    throw new AppError(
      'invalid_payload',
      'A reasoning reward model job needs a reward model to start from, an imported dataset and the corrupted copies per trace.',
    );
  }
  const { entry, folder } = catalog.resolve(form.rewardModelKey);
  const file = await datasets.trainingFile(form.dataset.datasetId, 'all');
  const records = readRecords(file.path);
  const labels = [...new Set(records.map((r) => r.label))].sort();

  mkdirSync(jobDir, { recursive: true });
  const cotFile = path.join(jobDir, COT_COPY);
  copyFileSync(file.path, cotFile);
  // Every rating in the app's database now, on the starting model's prosody scale, frozen with the job.
  const clinician = clinicianExamples(ratings(), folder.scale!);
  const clinicianFile = path.join(jobDir, CLINICIAN_FILE);
  writeFileSync(clinicianFile, `${JSON.stringify(clinician.map((e) => ({ ...e, prosody: Array.from(e.prosody) })))}\n`);

  const facts: RewardJobFacts = {
    baseKey: entry.key,
    initDir: folder.dir,
    cotFile,
    workDir: path.join(jobDir, 'reward-data'),
    clinicianFile,
    labels,
    scale: { fields: [...folder.scale!.fields], mean: [...folder.scale!.mean], std: [...folder.scale!.std] },
    corruptedCopies: form.corruptedCopies,
    warmupSteps: form.warmupSteps,
    clinicianRatings: clinician.length,
    trainExamples: 0,
    heldOutExamples: 0,
    result: null,
    exportProblem: null,
  };
  const options = rewardTrainingOptions(facts, form, file.licence, '');
  const prepared = await prepare(options);
  const run = rewardRunConfig(prepared.config, jobDir, form);
  facts.trainExamples = prepared.trainExamples;
  facts.heldOutExamples = prepared.heldOut.length;
  return {
    run,
    baseModel: { key: entry.key, name: entry.name, id: String(folder.manifest.id ?? 'reasoning-reward-model'), version: entry.version },
    dataset: {
      description: `${file.description}: ${prepared.trainExamples.toLocaleString('en')} training examples (${ratingsWords(clinician.length)}), ${prepared.heldOut.length.toLocaleString('en')} held out`,
      licence: file.licence,
      records: file.clips,
    },
    batch: folder.batch,
    reward: facts,
  };
}

/** The job's runtime config: prepareRewardTraining's, in the job's own folder, with the form's runtime settings. */
function rewardRunConfig(config: TrainingJobConfig, jobDir: string, form: TrainingForm): TrainingJobConfig {
  return {
    ...config,
    jobDir,
    checkpointEvery: form.checkpointEvery,
    // About 200 points on the loss chart, whatever the length of the job.
    reportEvery: Math.max(1, Math.round(form.steps / 200)),
    keepCheckpoints: 2,
    intraOpNumThreads: form.threads,
    executionProvider: form.executionProvider,
  };
}

/**
 * Writes the trained folder at `outDir` (the job's newest checkpoint, with its held-out agreement and
 * probes in the manifest, and its model card); the examples are remade from the frozen inputs.
 */
export async function finishRewardJob(
  facts: RewardJobFacts,
  form: TrainingForm,
  run: TrainingJobConfig,
  licence: string,
  description: string,
  outDir: string,
  minutes: number,
): Promise<RewardTrainingResult> {
  const options = rewardTrainingOptions(facts, form, licence, outDir);
  const prepared = await prepare(options);
  const result = await finishRewardTraining(options, { ...prepared, config: run }, minutes);
  writeFileSync(
    path.join(outDir, 'MODEL_CARD.md'),
    rewardModelCard(
      result,
      [description],
      licence || 'the base reward model’s',
      `trained in the app from ${facts.baseKey}: ${run.totalSteps} steps, lr ${form.lr}, ${facts.corruptedCopies} corrupted copies per trace`,
    ),
  );
  return result;
}

function rewardTrainingOptions(facts: RewardJobFacts, form: TrainingForm, licence: string, outDir: string): RewardTrainingOptions {
  return {
    cotFiles: [facts.cotFile],
    initDir: facts.initDir,
    workDir: facts.workDir,
    outDir,
    labels: facts.labels,
    scale: facts.scale,
    steps: form.steps,
    lr: form.lr,
    warmupSteps: facts.warmupSteps,
    variants: facts.corruptedCopies,
    seed: form.seed,
    threads: form.threads,
    licence,
    clinicianExamples: readClinicianExamples(facts.clinicianFile),
  };
}

async function prepare(options: RewardTrainingOptions): Promise<PreparedRewardTraining> {
  try {
    return await prepareRewardTraining(options);
  } catch (error) {
    if (error instanceof TrainingFailure)
      throw new AppError('invalid_payload', `The reward model cannot train on this dataset: ${error.message}.`);
    throw error;
  }
}

/** The dataset's EmotionCoT records; they must carry the prosody and functionals the reward model reads. */
function readRecords(file: string): EmotionCotRecord[] {
  const records = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as EmotionCotRecord);
  const bad = records.findIndex(
    (r) => typeof r.reasoning !== 'string' || typeof r.prosody !== 'object' || r.prosody === null || !Array.isArray(r.functionals),
  );
  if (bad >= 0)
    throw new AppError(
      'invalid_payload',
      `${file} line ${bad + 1} is not an EmotionCoT record with prosody and functionals: rebuild the dataset’s EmotionCoT traces.`,
    );
  return records;
}

/** "1 clinician rating", "3 clinician ratings". */
export const ratingsWords = (n: number) => `${n} clinician rating${n === 1 ? '' : 's'}`;

interface StoredExample extends Omit<RewardExample, 'prosody'> {
  prosody: number[];
}

function readClinicianExamples(file: string): RewardExample[] {
  const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredExample[];
  return stored.map((e) => ({
    ...e,
    split: e.split as DatasetSplit,
    targets: e.targets as CriterionScores,
    prosody: Float32Array.from(e.prosody),
  }));
}
