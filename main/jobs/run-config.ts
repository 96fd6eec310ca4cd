// Turns a validated train form into the runtime config a job runs (TrainingJobConfig), resolving the
// base model through the registry and the dataset through the catalog (or a training file on disk),
// and lists every setting in words for the page that shows "the config that will run".
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { GrpoAblation } from '../../shared/types/grpo';
import type { TrainingJobConfig } from '../../shared/types/training';
import { STAGE_LABELS, type FrozenSetting, type TrainingForm } from '../../shared/types/training-jobs';
import type { DatasetCatalog } from '../datasets/dataset-catalog';
import { AppError } from '../../shared/errors/app-error';
import { grpoSettingsFor } from '../ml/training/grpo/ablations';
import { writeProsodyDrills } from './prosody-drills';
import { validationFor } from './validation-data';
import type { ModelRegistry } from '../installed-models/model-registry';
import type { RewardJobFacts } from './job-record';
import type { RewardModelCatalog } from './reward-model-catalog';

/** What a resolved form gives: the config, and the facts job.json keeps about its inputs. */
export interface ResolvedRun {
  run: TrainingJobConfig;
  baseModel: { key: string; name: string; id: string; version: string };
  dataset: { description: string; licence: string; records: number };
  /** What the job measures its validation loss on, or why it measures none (words; a stored job's comes from its config). */
  validation?: string;
  /** The SFT batch the model's training graph was exported with (GRPO: clips per step). */
  batch: number;
  /** A reasoning-reward-model job's frozen inputs (reward-model-run.ts). */
  reward?: RewardJobFacts;
  /** GRPO-PTR scoring R_reason with a reward model: which one (its key and name). */
  scorerModel?: { key: string; name: string };
}

/** Settings a resume may change: they do not change what is trained (training-job.ts's identity fields). */
export const RESUMABLE_FIELDS = ['totalSteps', 'checkpointEvery', 'intraOpNumThreads', 'executionProvider'] as const;

interface ManifestFacts {
  graphs: Record<string, unknown>;
  config: { train_batch?: number };
}

export async function resolveRun(
  form: TrainingForm,
  jobDir: string,
  models: ModelRegistry,
  datasets: DatasetCatalog,
  rewardModels: RewardModelCatalog,
): Promise<ResolvedRun> {
  const model = models.usable(form.baseModelKey);
  const manifest = JSON.parse(readFileSync(path.join(model.dir, 'manifest.json'), 'utf8')) as ManifestFacts;
  const grpo = form.stage === 'grpo-ptr';
  const graph = grpo ? 'trainGrpo' : 'trainSft';
  if (manifest.graphs[graph] === undefined) {
    throw new AppError(
      'conflict',
      `${model.details.name} has no ${grpo ? 'train_grpo' : 'train_sft'} graph, so it cannot be trained with ${STAGE_LABELS[form.stage]}; choose a trainable model.`,
    );
  }
  const source = await resolveDataset(form, datasets);
  // Stage 1 trains on the prosody drills of the records (written into the job folder), stage 2 on the traces.
  const dataset = form.stage === 'prosody-base' ? drillsOf(source, jobDir, form.seed) : source;
  const validation = await validationFor(form, jobDir, datasets);
  const ablation: GrpoAblation =
    form.ablation ?? (form.rewardWeights.reasoning === 0 ? 'outcome-only' : form.useTrust ? 'full' : 'no-trust');
  const base = grpoSettingsFor('full');
  // The reward model that scores R_reason is checked now, so a broken folder shows on the form.
  const scorerModel =
    grpo && form.scorer === 'reward-model' && form.rewardModelKey !== undefined ? rewardModels.resolve(form.rewardModelKey) : null;
  const run: TrainingJobConfig = {
    jobDir,
    modelDir: model.dir,
    dataset: {
      kind: 'speech-jsonl',
      path: dataset.path,
      description: dataset.description,
      ...(dataset.licence ? { licence: dataset.licence } : {}),
    },
    totalSteps: form.steps,
    checkpointEvery: form.checkpointEvery,
    seed: form.seed,
    hyper: { lr: form.lr, warmupSteps: form.warmupSteps },
    reportEvery: 1,
    keepCheckpoints: 2,
    intraOpNumThreads: form.threads,
    executionProvider: form.executionProvider,
    ...(validation.validation ? { validation: validation.validation } : {}),
    ...(grpo
      ? {
          grpo: grpoSettingsFor(ablation, {
            clipsPerStep: form.clipsPerStep,
            groupSize: form.groupSize,
            maxTokens: form.maxTokens,
            beta: form.beta,
            rewards: {
              ...base.rewards,
              useTrust: form.useTrust,
              weights: { ...form.rewardWeights },
              schedule: { mode: 'progressive', threshold: form.progressiveThreshold, windowSteps: form.progressiveWindow },
            },
            ...(scorerModel ? { rewardModelDir: scorerModel.folder.dir } : {}),
            ...(form.clipEpsilonHigh !== undefined ? { clipEpsilonHigh: form.clipEpsilonHigh } : {}),
          }),
        }
      : {}),
  };
  return {
    run,
    baseModel: { key: form.baseModelKey, name: model.details.name, id: model.details.id, version: model.details.version },
    dataset: { description: dataset.description, licence: dataset.licence, records: dataset.records },
    validation: validation.description,
    batch: grpo ? form.clipsPerStep : (manifest.config.train_batch ?? 0),
    ...(scorerModel ? { scorerModel: { key: scorerModel.entry.key, name: scorerModel.entry.name } } : {}),
  };
}

function drillsOf(source: { path: string; description: string; licence: string; records: number }, jobDir: string, seed: number) {
  const drills = writeProsodyDrills(source.path, jobDir, seed);
  return {
    ...source,
    path: drills.path,
    description: `prosody drills of ${source.description} (${drills.drills.toLocaleString('en')} questions on ${drills.clips.toLocaleString('en')} clips)`,
    records: drills.drills,
  };
}

async function resolveDataset(
  form: TrainingForm,
  datasets: DatasetCatalog,
): Promise<{ path: string; description: string; licence: string; records: number }> {
  if (form.dataset.kind === 'dataset') {
    const file = await datasets.trainingFile(form.dataset.datasetId, form.dataset.split);
    return { path: file.path, description: file.description, licence: file.licence, records: file.clips };
  }
  const file = form.dataset.path;
  if (!path.isAbsolute(file)) throw new AppError('invalid_payload', `The training file must be given as an absolute path (got ${file}).`);
  if (!existsSync(file) || !statSync(file).isFile()) throw new AppError('not_found', `No training file at ${file}.`);
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new AppError('invalid_payload', `${file} holds no records.`);
  // The first line is checked here so an obvious mistake shows on the form, not as a failed job.
  let first: unknown;
  try {
    first = JSON.parse(lines[0]!);
  } catch {
    throw new AppError('invalid_payload', `${file} line 1 is not JSON: a training file holds one {"audio", "target"} object per line.`);
  }
  const record = first as { audio?: unknown; target?: unknown };
  if (typeof record.audio !== 'string' || typeof record.target !== 'string') {
    throw new AppError(
      'invalid_payload',
      `${file} line 1 has no "audio" and "target" strings: a training file holds one {"audio", "prompt"?, "target"} object per line.`,
    );
  }
  return {
    path: file,
    description: `${path.basename(file)} (${lines.length.toLocaleString('en')} records)`,
    licence: form.dataset.licence.trim(),
    records: lines.length,
  };
}

/** Every setting of the run in words, marking the ones a resume may change. */
export function describeRun(resolved: ResolvedRun, form: TrainingForm): FrozenSetting[] {
  const { run } = resolved;
  const may = (name: string, value: string): FrozenSetting => ({ name, value, mayChangeOnResume: true });
  const fixed = (name: string, value: string): FrozenSetting => ({ name, value, mayChangeOnResume: false });
  const settings: FrozenSetting[] = [
    fixed('Stage', STAGE_LABELS[form.stage]),
    fixed(
      resolved.reward ? 'Base reward model' : 'Base model',
      `${resolved.baseModel.name} (${resolved.reward ? resolved.baseModel.key : resolved.baseModel.id} ${resolved.baseModel.version})`,
    ),
    fixed('Training data', resolved.dataset.description),
    fixed('Data licence', resolved.dataset.licence || 'the base model’s'),
    fixed('Validation', resolved.validation ?? run.validation?.dataset.description ?? 'none'),
    may('Steps', String(run.totalSteps)),
    fixed('Learning rate', String(run.hyper?.lr)),
    fixed('Warm-up steps', String(run.hyper?.warmupSteps ?? 0)),
    fixed(run.grpo ? 'Clips per step' : 'Batch (fixed by the training graph)', String(resolved.batch)),
    fixed('Seed', String(run.seed)),
    may('Checkpoint every', `${run.checkpointEvery} steps`),
    may('Execution provider', run.executionProvider ?? 'cpu'),
    may('Threads', String(run.intraOpNumThreads ?? 1)),
  ];
  if (resolved.reward) {
    const r = resolved.reward;
    settings.push(
      fixed('Corrupted copies per trace', String(r.corruptedCopies)),
      fixed('Clinician ratings', `${r.clinicianRatings} (every rated explanation in the app’s reviews when the job was made)`),
      fixed('Training examples', r.trainExamples.toLocaleString('en')),
      fixed('Held-out examples', `${r.heldOutExamples.toLocaleString('en')} (validation and test speakers)`),
    );
  }
  if (run.grpo) {
    const g = run.grpo;
    settings.push(
      fixed('K (completions per clip)', String(g.groupSize)),
      fixed('β (KL weight)', String(g.beta)),
      fixed('Max tokens per completion', String(g.maxTokens)),
      fixed(
        'Reward weights',
        `format ${g.rewards.weights.format}, outcome ${g.rewards.weights.outcome}, reasoning ${g.rewards.weights.reasoning}`,
      ),
      fixed(
        'Reasoning reward schedule',
        `progressive: on at ${Math.round(g.rewards.schedule.threshold * 100)} % rolling accuracy over ${g.rewards.schedule.windowSteps} steps`,
      ),
      fixed('Trust τ', g.rewards.useTrust ? 'on' : 'off (ablation)'),
      fixed('Ablation', g.ablation ?? 'full'),
      fixed(
        'Reasoning scorer (R_reason)',
        g.scorer === 'reward-model'
          ? `reasoning reward model: ${resolved.scorerModel ? `${resolved.scorerModel.name} (${resolved.scorerModel.key})` : g.rewardModelDir}`
          : 'evidence checker',
      ),
      fixed('Ratio clip ε / ε_high', `${g.clipEpsilon} / ${g.clipEpsilonHigh ?? g.clipEpsilon}`),
    );
  }
  return settings;
}
