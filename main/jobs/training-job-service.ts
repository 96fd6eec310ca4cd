// The app's training jobs (issue 13): made from a validated train form, frozen in their folder
// (<data folder>/jobs/<id>/job.json), run one at a time through the training runtime's forked worker
// (TrainingJobClient), paused, resumed and cancelled, exported into the user's models folder when they
// complete, and found again after a restart or a kill -9 — a job the app was running then is
// `interrupted` and resumes from its last checkpoint when the user asks.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TrainingWorkerMessage } from '../../shared/types/training';
import type {
  CompletionPage,
  JobMetrics,
  JobState,
  ResumeChanges,
  StepEstimate,
  TrainingForm,
  TrainingJobDetails,
  TrainingJobSummary,
  TrainingProgress,
} from '../../shared/types/training-jobs';
import { nextJobState, type JobEvent } from '../../shared/util/job-state-machine';
import type { DatasetCatalog } from '../datasets/dataset-catalog';
import { AppError } from '../../shared/errors/app-error';
import { listCheckpoints } from '../ml/training/checkpoint-store';
import { TrainingJobClient, type TrainingJobHandle } from '../ml/training/training-job-client';
import { ActiveJob } from './active-job';
import type { ModelRegistry } from '../installed-models/model-registry';
import type { RatedExplanation } from '../store/rated-explanations';
import type { CompletionQuery } from './completions-view';
import { exportJobModel } from './job-export';
import { jobDetails, jobProgress, jobSummary } from './job-details';
import { appendJobLog } from './job-log';
import { JobReadouts } from './job-readouts';
import { jobsRoot, loadJobRecords, newJobId, newJobRecord, saveJobRecord, type JobRecord } from './job-record';
import type { RewardModelCatalog } from './reward-model-catalog';
import { RewardModelStage } from './reward-model-stage';
import { applyResumeChanges } from './resume-changes';
import { resolveRun, type ResolvedRun } from './run-config';
import { estimateSteps } from './step-estimate';
import { Throttle } from './throttle';

export interface TrainingJobServiceOptions {
  dataDir: string;
  models: ModelRegistry;
  datasets: DatasetCatalog;
  /** Progress (already throttled to ≤ 10 Hz per job) and "a job changed" notices. */
  onProgress: (progress: TrainingProgress) => void;
  onChanged: (jobId: string) => void;
  /** A trained model was written into the user's models folder. */
  onModelExported: (modelKey: string) => void;
  log: (line: string) => void;
  client?: TrainingJobClient;
  /** Minimum time between two progress events of one job (default 100 ms: ≤ 10 Hz). */
  progressIntervalMs?: number;
  /** The reasoning reward models (default: resources/reward-models beside the shipped models, and <data folder>/reward-models). */
  rewardModels?: RewardModelCatalog;
  /** Every clinician-rated explanation in the app's database (a reward-model job reads them all); default: none. */
  ratedExplanations?: () => RatedExplanation[];
  /** A reward-model job wrote its trained folder. */
  onRewardModelExported?: (key: string) => void;
}

export class TrainingJobService {
  private readonly root: string;
  private readonly jobs = new Map<string, JobRecord>();
  private readonly readouts = new JobReadouts((id) => this.dirOf(id));
  private readonly rewardStage: RewardModelStage;
  private readonly client: TrainingJobClient;
  private readonly progressThrottle: Throttle;
  private active: ActiveJob | null = null;
  private closed = false;
  readonly rewardModels: RewardModelCatalog;

  constructor(private readonly options: TrainingJobServiceOptions) {
    this.root = jobsRoot(options.dataDir);
    this.rewardStage = new RewardModelStage({
      dataDir: options.dataDir,
      shippedModelsRoot: options.models.shippedRoot,
      datasets: options.datasets,
      ...(options.rewardModels ? { catalog: options.rewardModels } : {}),
      ...(options.ratedExplanations ? { ratedExplanations: options.ratedExplanations } : {}),
    });
    this.rewardModels = this.rewardStage.catalog;
    this.client = options.client ?? new TrainingJobClient();
    this.progressThrottle = new Throttle(options.progressIntervalMs ?? 100);
    // Estimates a killed app left behind are only scratch.
    rmSync(path.join(this.root, '.estimates'), { recursive: true, force: true });
    for (const record of loadJobRecords(this.root, options.log)) {
      this.jobs.set(record.id, record);
      // job.json says a worker held it, but this process has just started: that worker is gone.
      if (record.state === 'running' || record.state === 'paused') {
        const was = record.state;
        record.step = this.checkpointStep(record.id);
        this.apply(
          record,
          'interrupt',
          `The app stopped while this job was ${was}; resume continues from its last checkpoint (step ${record.step}).`,
        );
      }
    }
    this.pump();
  }

  list(): TrainingJobSummary[] {
    return [...this.jobs.values()].reverse().map((r) => this.summary(r));
  }

  get(id: string): TrainingJobDetails {
    const record = this.record(id);
    return jobDetails(record, this.summary(record), this.dirOf(id));
  }

  /** How many clinician-rated explanations a new reward-model job would read now. */
  clinicianRatings(): number {
    return this.rewardStage.clinicianRatings();
  }

  /** Runs a few real steps of the form's config in a throwaway folder and reports the time per step. */
  async estimate(form: TrainingForm): Promise<StepEstimate> {
    const dir = path.join(this.root, '.estimates', randomUUID());
    try {
      return await estimateSteps(this.client, await this.resolve(form, dir), form, this.active !== null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Freezes the form's config in a new job folder and queues it (it starts when the worker is free). */
  async create(form: TrainingForm, estimate: StepEstimate | null): Promise<TrainingJobSummary> {
    if (this.closed) throw new AppError('unavailable', 'The app is closing; no new job can start.');
    const id = newJobId(form.name);
    const dir = this.dirOf(id);
    let resolved: ResolvedRun;
    try {
      resolved = await this.resolve(form, dir);
    } catch (error) {
      // A reward-model form copies its inputs into the folder before it can fail; no job came of it.
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const record = newJobRecord(id, form, resolved, estimate);
    this.jobs.set(id, record);
    this.save(record);
    appendJobLog(dir, 'info', `job created: ${JSON.stringify(form)}`);
    this.options.onChanged(id);
    this.pump();
    return this.summary(record);
  }

  /** Pauses the running job after its current step; settles once it has checkpointed. */
  async pause(id: string): Promise<TrainingJobSummary> {
    const record = this.record(id);
    this.require(record, 'pause');
    const active = this.activeFor(id);
    appendJobLog(this.dirOf(id), 'info', 'pause requested');
    await active.handle.pause();
    return this.summary(record);
  }

  /**
   * Continues a paused job (same worker) or an interrupted one (queued for a new worker, which resumes
   * from its last checkpoint). `changes` may alter only what does not change what is trained.
   */
  async resume(id: string, changes: ResumeChanges = {}): Promise<TrainingJobSummary> {
    const record = this.record(id);
    this.require(record, 'resume');
    const changed = applyResumeChanges(record, changes);
    appendJobLog(this.dirOf(id), 'info', `resume requested${changed.length > 0 ? ` with ${changed.join(', ')}` : ''}`);
    if (record.state === 'paused') {
      const active = this.activeFor(id);
      if (changed.length === 0) {
        await active.handle.resume();
        return this.summary(record);
      }
      // The worker holds the old config: it checkpointed at the pause, so stop it and start a new one.
      active.stopping = 'restart';
      active.handle.kill();
      await active.handle.done;
      return this.summary(record);
    }
    this.apply(record, 'resume', changed.length > 0 ? `resumed with ${changed.join(', ')}` : undefined);
    this.pump();
    return this.summary(record);
  }

  /** Cancels a job; a running or paused one checkpoints first (its weights stay in its folder). */
  async cancel(id: string): Promise<TrainingJobSummary> {
    const record = this.record(id);
    this.require(record, 'cancel');
    appendJobLog(this.dirOf(id), 'info', 'cancel requested');
    if (this.active?.id === id) {
      await this.active.handle.cancel();
      // The outcome handler has recorded the state by the time `done` settles.
      await new Promise((resolve) => setImmediate(resolve));
    } else {
      this.apply(record, 'cancel', 'Cancelled before it ran again.');
    }
    return this.summary(record);
  }

  metrics(id: string, points: number): JobMetrics {
    this.record(id);
    return this.readouts.metrics(id, points);
  }

  completions(id: string, query: CompletionQuery): CompletionPage {
    this.record(id);
    return this.readouts.completions(id, query);
  }

  log(id: string, lines: number): string[] {
    this.record(id);
    return this.readouts.log(id, lines);
  }

  /** App close: the running job checkpoints (a pause) and is left interrupted, to resume next time. */
  async close(): Promise<void> {
    this.closed = true;
    const active = this.active;
    if (!active) return;
    const record = this.jobs.get(active.id)!;
    if (record.state === 'running') await Promise.race([active.handle.pause(), new Promise((r) => setTimeout(r, 30_000))]);
    active.stopping = 'close';
    active.handle.kill();
    await active.handle.done;
  }

  // ---- the worker -----------------------------------------------------------------------------

  private pump(): void {
    if (this.active || this.closed) return;
    const next = [...this.jobs.values()].find((r) => r.state === 'queued');
    if (next) this.startWorker(next);
  }

  private startWorker(record: JobRecord): void {
    const handle = this.client.start(record.run);
    const active = new ActiveJob(record.id, handle);
    this.active = active;
    this.apply(record, 'start', record.step > 0 ? `resuming from the last checkpoint (step ≤ ${record.step})` : undefined);
    appendJobLog(this.dirOf(record.id), 'info', `worker started (pid ${handle.pid ?? '?'})`);
    handle.onMessage((message) => this.onWorkerMessage(record, active, message));
    void handle.done.then((outcome) => this.onWorkerDone(record, active, outcome));
  }

  private onWorkerMessage(record: JobRecord, active: ActiveJob, message: TrainingWorkerMessage): void {
    switch (message.type) {
      case 'progress':
        record.step = message.step;
        active.stepMs = message.stepMs ?? active.stepMs;
        active.etaMs = message.etaMs ?? null;
        if (message.state === 'paused' && record.state === 'running') {
          active.bank(record);
          active.runningSince = null;
          this.apply(record, 'pause', `paused at step ${message.step} (checkpointed)`);
        } else if (message.state === 'running' && record.state === 'paused') {
          active.runningSince = Date.now();
          this.apply(record, 'resume');
        } else {
          this.progress(record, false);
        }
        return;
      case 'metric':
        record.step = message.record.step;
        record.lastLoss = Number.isFinite(message.record.loss) ? message.record.loss : record.lastLoss;
        return;
      case 'log':
        if (message.level !== 'debug') appendJobLog(this.dirOf(record.id), message.level, message.message);
        return;
      case 'checkpoint':
        appendJobLog(
          this.dirOf(record.id),
          'info',
          `checkpoint at step ${message.step} (${message.reason}, ${(message.bytes / 1e6).toFixed(1)} MB in ${Math.round(message.writeMs)} ms)`,
        );
        active.bank(record);
        this.save(record);
        return;
      case 'sample':
        appendJobLog(this.dirOf(record.id), 'info', `sample at step ${message.step}: ${message.output}`);
        return;
      case 'result':
      case 'error':
        return; // handled with the outcome
    }
  }

  private async onWorkerDone(record: JobRecord, active: ActiveJob, outcome: Awaited<TrainingJobHandle['done']>): Promise<void> {
    active.bank(record);
    active.runningSince = null;
    this.active = null;
    const dir = this.dirOf(record.id);
    if (outcome.type === 'result') {
      record.step = outcome.step;
      record.lastLoss = outcome.finalLoss ?? record.lastLoss;
      if (outcome.status === 'cancelled') {
        this.apply(record, 'cancel', `Cancelled at step ${outcome.step}; its last checkpoint is kept in the job folder.`);
      } else {
        await this.complete(record, outcome.checkpointFile);
      }
    } else if (outcome.error.code === 'worker_exited') {
      if (active.stopping === 'restart') {
        // A paused job restarting with new settings: back in the queue at the front.
        this.apply(record, 'interrupt', 'restarting with new settings');
        this.apply(record, 'resume');
      } else {
        const why =
          active.stopping === 'close'
            ? 'The app closed while this job ran'
            : `The training worker stopped without a result (${outcome.error.message})`;
        record.step = this.checkpointStep(record.id);
        this.apply(record, 'interrupt', `${why}; resume continues from its last checkpoint (step ${record.step}).`);
      }
      appendJobLog(dir, 'warn', outcome.error.message);
    } else {
      appendJobLog(dir, 'error', `${outcome.error.code}: ${outcome.error.message}`);
      this.apply(record, 'fail', `${outcome.error.code}: ${outcome.error.message}`);
    }
    this.pump();
  }

  /** A finished run's export (or its failure, leaving the checkpoint): the job completes with the outcome's note. */
  private async complete(record: JobRecord, checkpointFile: string): Promise<void> {
    const dir = this.dirOf(record.id);
    const outcome = record.reward
      ? await this.rewardStage.export(record, record.reward, dir)
      : await exportJobModel(record, dir, this.options.dataDir, checkpointFile);
    record.exported = outcome.exported;
    this.apply(record, 'complete', outcome.note);
    if (!record.exported) return;
    if (record.reward) this.options.onRewardModelExported?.(record.exported.modelKey);
    else this.options.onModelExported(record.exported.modelKey);
  }

  // ---- bookkeeping ----------------------------------------------------------------------------

  private resolve(form: TrainingForm, dir: string): Promise<ResolvedRun> {
    if (form.stage === 'reward-model') return this.rewardStage.resolve(form, dir);
    return resolveRun(form, dir, this.options.models, this.options.datasets, this.rewardModels);
  }

  private apply(record: JobRecord, event: JobEvent, note?: string): void {
    const next = this.require(record, event);
    record.state = next;
    if (note !== undefined || ['completed', 'cancelled', 'failed', 'interrupted'].includes(next) || next === 'queued')
      record.stateNote = note ?? null;
    else if (next === 'running') record.stateNote = null;
    record.history.push({ state: next, at: new Date().toISOString(), ...(note ? { note } : {}) });
    this.save(record);
    appendJobLog(this.dirOf(record.id), 'info', `state ${next}${note ? `: ${note}` : ''}`);
    this.progress(record, true);
    this.options.onChanged(record.id);
  }

  /** The state `event` takes the job to; a conflict when the job's state does not allow it. */
  private require(record: JobRecord, event: JobEvent): JobState {
    const next = nextJobState(record.state, event);
    if (next === null) throw new AppError('conflict', `Job “${record.name}” is ${record.state}; it cannot ${event}.`);
    return next;
  }

  /** Emits progress at most every progressIntervalMs per job; the latest state always goes out. */
  private progress(record: JobRecord, immediately: boolean): void {
    this.progressThrottle.emit(record.id, immediately, () => {
      const active = this.active?.id === record.id ? this.active : null;
      this.options.onProgress(jobProgress(this.summary(record), active?.stepMs ?? null));
    });
  }

  private summary(record: JobRecord): TrainingJobSummary {
    const active = this.active?.id === record.id ? this.active : null;
    return jobSummary(record, active?.live() ?? null);
  }

  private save(record: JobRecord): void {
    saveJobRecord(this.dirOf(record.id), record);
  }

  private record(id: string): JobRecord {
    const record = this.jobs.get(id);
    if (!record) throw new AppError('not_found', `No training job ${id}.`);
    return record;
  }

  private activeFor(id: string): ActiveJob {
    if (this.active?.id !== id) throw new AppError('conflict', `Job ${id} has no running worker.`);
    return this.active;
  }

  /** The step of the job's newest checkpoint: where a resume continues (0 when it has none). */
  private checkpointStep(id: string): number {
    return listCheckpoints(this.dirOf(id))[0]?.step ?? 0;
  }

  private dirOf(id: string): string {
    return path.join(this.root, id);
  }
}
