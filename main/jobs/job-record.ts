// A training job's folder, <data folder>/jobs/<id>/: job.json (the form, the frozen runtime config
// and the job's state, rewritten atomically on every change) beside what the runtime writes there
// (checkpoints, metrics.jsonl, completions.jsonl) and the job's log. job.json is the app's record:
// after a restart or a kill -9 every job and its charts come back from these folders alone.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrainingJobConfig } from '../../shared/types/training';
import type { RewardModelEntry } from '../../shared/types/reward-models';
import type { JobState, StepEstimate, TrainingForm, TrainingStage } from '../../shared/types/training-jobs';
import type { FunctionalScale } from '../ml/reward-model/prosody-vector';
import { describeError } from '../../shared/errors/coded-error';

export const JOB_FILE_NAME = 'job.json';
export const JOB_FORMAT = 'emotionthinker-training-job-v1';

/** The contents of job.json. */
export interface JobRecord {
  format: typeof JOB_FORMAT;
  id: string;
  name: string;
  stage: TrainingStage;
  createdAt: string;
  /** The form as submitted. */
  form: TrainingForm;
  /** The runtime config exactly as it runs (a resume may change only the fields RESUMABLE_FIELDS name). */
  run: TrainingJobConfig;
  baseModel: { key: string; name: string; id: string; version: string };
  dataset: { description: string; licence: string; records: number };
  /** Examples per step: the SFT training graph's batch, or a GRPO job's clips per step. */
  batch: number;
  state: JobState;
  stateNote: string | null;
  history: { state: JobState; at: string; note?: string }[];
  step: number;
  lastLoss: number | null;
  /** Running wall time up to the last save (ms); the live part is added by the service. */
  elapsedMs: number;
  estimate: StepEstimate | null;
  exported: { modelKey: string; dir: string } | null;
  /** A reasoning-reward-model job's frozen inputs (reward-model-run.ts) and what it wrote. */
  reward?: RewardJobFacts;
  /** GRPO-PTR scoring R_reason with a reasoning reward model: which one. */
  scorerModel?: { key: string; name: string };
}

/** What a reward-model job needs to remake its examples after a restart, and its result. */
export interface RewardJobFacts {
  baseKey: string;
  /** The reward-model folder it fine-tunes (frozen: the shipped one may be replaced by an update). */
  initDir: string;
  /** The dataset's EmotionCoT records, copied into the job folder when the job was made. */
  cotFile: string;
  /** Its examples' dataset file and the clinician examples it read (inside the job folder). */
  workDir: string;
  clinicianFile: string;
  labels: string[];
  scale: FunctionalScale;
  corruptedCopies: number;
  warmupSteps: number;
  clinicianRatings: number;
  trainExamples: number;
  heldOutExamples: number;
  result: RewardModelEntry | null;
  exportProblem: string | null;
}

/** A new job's id and folder name: its name made safe for a path, and a random suffix. */
export function newJobId(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'job'}-${randomUUID().slice(0, 8)}`;
}

/** The folder that holds every job. */
export const jobsRoot = (dataDir: string) => path.join(dataDir, 'jobs');

/** Writes job.json via a temporary file and rename, so a crash never leaves half a record. */
export function saveJobRecord(jobDir: string, record: JobRecord): void {
  mkdirSync(jobDir, { recursive: true });
  const file = path.join(jobDir, JOB_FILE_NAME);
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, file);
}

/** Every readable job record under `root`, oldest first; an unreadable folder is reported, not fatal. */
export function loadJobRecords(root: string, onProblem: (message: string) => void): JobRecord[] {
  if (!existsSync(root)) return [];
  const records: JobRecord[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const file = path.join(root, entry.name, JOB_FILE_NAME);
    if (!existsSync(file)) continue;
    try {
      const record = JSON.parse(readFileSync(file, 'utf8')) as JobRecord;
      if (record.format !== JOB_FORMAT || record.id !== entry.name) throw new Error('not a job record of this app');
      records.push(record);
    } catch (error) {
      onProblem(`training job folder ${entry.name} skipped: ${describeError(error)}`);
    }
  }
  return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export type ResolvedJobParts = Pick<JobRecord, 'run' | 'baseModel' | 'dataset' | 'batch' | 'reward' | 'scorerModel'>;

/** A new job's record, queued: the form as submitted and the config it resolved to, frozen together. */
export function newJobRecord(id: string, form: TrainingForm, resolved: ResolvedJobParts, estimate: StepEstimate | null): JobRecord {
  const now = new Date().toISOString();
  return {
    format: JOB_FORMAT,
    id,
    name: form.name,
    stage: form.stage,
    createdAt: now,
    form,
    run: resolved.run,
    baseModel: resolved.baseModel,
    dataset: resolved.dataset,
    batch: resolved.batch,
    state: 'queued',
    stateNote: null,
    history: [{ state: 'queued', at: now }],
    step: 0,
    lastLoss: null,
    elapsedMs: 0,
    estimate,
    exported: null,
    ...(resolved.reward ? { reward: resolved.reward } : {}),
    ...(resolved.scorerModel ? { scorerModel: resolved.scorerModel } : {}),
  };
}
