// One training job's state machine and step loop, independent of how messages travel: the worker
// entry connects it to a process channel, tests may drive it directly. States:
//   starting → running ⇄ paused → completed | cancelled,  and any state → failed.
// Pause and cancel take effect between steps (a step is one atomic graph run) and both checkpoint.
// What a step does is the engine's: SFT (sft-engine.ts) or GRPO-PTR (grpo/grpo-engine.ts, config.grpo).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type {
  CheckpointReason,
  TrainingHyperparameters,
  TrainingJobConfig,
  TrainingJobState,
  TrainingRequest,
  TrainingWorkerMessage,
} from '../../../shared/types/training';
import { loadLatestCheckpoint, pruneCheckpoints, writeCheckpoint, type CheckpointWriteHooks } from './checkpoint-store';
import { acquireJobLockWhenFree } from './job-lock';
import { METRICS_FILE_NAME, MetricsAppender, truncateMetricsAfter } from './metrics-log';
import { openTrainableModel } from './trainable-model';
import { SftEngine } from './sft-engine';
import type { StepEngine } from './step-engine';
import { asTrainingError, TrainingFailure } from './training-failure';
import { describeError } from '../../../shared/errors/coded-error';

/** A worker message before the transport stamps its sequence number. */
export type UnsequencedMessage = TrainingWorkerMessage extends infer M ? (M extends TrainingWorkerMessage ? Omit<M, 'seq'> : never) : never;

export interface TrainingJobOptions {
  send: (message: UnsequencedMessage) => void;
  checkpointHooks?: CheckpointWriteHooks;
}

// Fields that define what is being trained; a resume must not silently change them.
const IDENTITY_FIELDS = ['modelDir', 'dataset', 'seed', 'hyper', 'grpo'] as const;

export class TrainingJob {
  private state: TrainingJobState | 'idle' = 'idle';
  private pauseRequested = false;
  private cancelRequested = false;
  private wake: (() => void) | null = null;
  /** Settles when the job reaches a terminal state. */
  finished: Promise<void> = Promise.resolve();

  constructor(private readonly options: TrainingJobOptions) {}

  handle(request: TrainingRequest): void {
    switch (request.type) {
      case 'start':
        if (this.state !== 'idle') return this.log('warn', `ignored start: the job is already ${this.state}`);
        this.finished = this.run(request.config);
        return;
      case 'pause':
        if (this.state !== 'running' && this.state !== 'starting') return this.log('warn', `ignored pause: the job is ${this.state}`);
        this.pauseRequested = true;
        return;
      case 'resume':
        if (this.state !== 'paused' && !this.pauseRequested) return this.log('warn', `ignored resume: the job is ${this.state}`);
        this.pauseRequested = false;
        this.wakeUp();
        return;
      case 'cancel':
        if (this.isTerminal()) return this.log('warn', `ignored cancel: the job is ${this.state}`);
        this.cancelRequested = true;
        this.wakeUp();
        return;
    }
  }

  private async run(config: TrainingJobConfig): Promise<void> {
    this.state = 'starting';
    let engine: StepEngine | null = null;
    let metrics: MetricsAppender | null = null;
    let releaseLock: (() => void) | null = null;
    try {
      mkdirSync(config.jobDir, { recursive: true });
      releaseLock = await acquireJobLockWhenFree(config.jobDir);
      pruneCheckpoints(config.jobDir, config.keepCheckpoints ?? 2);
      const { checkpoint, rejected } = loadLatestCheckpoint(config.jobDir);
      for (const r of rejected) this.log('warn', `skipped unusable checkpoint: ${r.reason}`);
      if (checkpoint) checkSameJob(checkpoint.config, config);

      const model = openTrainableModel(config.modelDir);
      const hyper = resolveHyper(config, model.defaults);
      engine = config.grpo
        ? await (
            await import('./grpo/grpo-engine')
          ).GrpoEngine.open(config, model, hyper, checkpoint, (level, message) => this.log(level, message))
        : await SftEngine.open(config, model, hyper, checkpoint);
      const running = engine;
      let step = checkpoint?.step ?? 0;
      let lastLoss = checkpoint?.lastLoss ?? null;
      let lastCheckpoint = checkpoint ? { step, file: checkpoint.file } : null;

      // Steps after the checkpoint are about to be redone; drop their metric lines so curves don't double.
      const metricsFile = path.join(config.jobDir, METRICS_FILE_NAME);
      const dropped = truncateMetricsAfter(metricsFile, step);
      metrics = new MetricsAppender(metricsFile);
      if (checkpoint)
        this.log('info', `resuming from step ${step} (${path.basename(checkpoint.file)}); dropped ${dropped} metric lines after it`);

      const saveCheckpoint = (reason: CheckpointReason) => {
        if (lastCheckpoint?.step === step) return lastCheckpoint.file;
        metrics!.sync();
        running.flush?.();
        const started = performance.now();
        const written = writeCheckpoint(
          config.jobDir,
          { step, position: running.position, config, lastLoss, tensors: running.tensors, engineState: running.engineState() },
          this.options.checkpointHooks,
        );
        pruneCheckpoints(config.jobDir, config.keepCheckpoints ?? 2);
        lastCheckpoint = { step, file: written.file };
        this.send({ type: 'checkpoint', step, file: written.file, bytes: written.bytes, writeMs: performance.now() - started, reason });
        return written.file;
      };

      const reportEvery = config.reportEvery ?? 1;
      const window: number[] = [];
      const progress = (state: TrainingJobState, extra: { resumedFromStep?: number } = {}) => {
        const stepMs = window.length > 0 ? window.reduce((a, b) => a + b, 0) / window.length : undefined;
        this.send({
          type: 'progress',
          state,
          step,
          totalSteps: config.totalSteps,
          epoch: running.position.epoch,
          ...(stepMs !== undefined ? { stepMs, etaMs: stepMs * (config.totalSteps - step) } : {}),
          ...extra,
        });
      };

      this.state = 'running';
      progress('running', checkpoint ? { resumedFromStep: step } : {});
      while (step < config.totalSteps && !this.cancelRequested) {
        if (this.pauseRequested) {
          saveCheckpoint('pause');
          this.state = 'paused';
          progress('paused');
          // A resume or cancel may already have arrived while the 'paused' message was being sent.
          await new Promise<void>((resolve) => {
            if (this.cancelRequested || !this.pauseRequested) resolve();
            else this.wake = resolve;
          });
          if (this.cancelRequested) break;
          this.state = 'running';
          progress('running');
          continue;
        }
        const taken = await running.step(step + 1);
        step += 1;
        lastLoss = taken.loss;
        window.push(taken.stepMs);
        if (window.length > 20) window.shift();
        const validate = running.validate;
        const validation =
          config.validation && validate && (step % config.validation.every === 0 || step === config.totalSteps) ? await validate() : null;
        const record = { ...taken, ...(validation ? { validation } : {}), time: new Date().toISOString() };
        metrics.append(record);
        if (step % reportEvery === 0 || step === config.totalSteps) {
          this.send({ type: 'metric', record });
          progress('running');
        }
        if (step % config.checkpointEvery === 0 && step < config.totalSteps) saveCheckpoint('interval');
        const sample = running.sample;
        if (config.sampleEvery && sample && (step % config.sampleEvery === 0 || step === config.totalSteps))
          await this.sendSample(sample, step);
      }

      const status = this.cancelRequested ? 'cancelled' : 'completed';
      const checkpointFile = saveCheckpoint(status === 'cancelled' ? 'cancel' : 'final');
      this.state = status;
      progress(status);
      this.send({ type: 'result', status, step, finalLoss: lastLoss, checkpointFile, metricsFile });
    } catch (error) {
      this.state = 'failed';
      this.send({ type: 'error', error: asTrainingError(error, 'internal') });
    } finally {
      metrics?.close();
      await engine?.release();
      releaseLock?.();
    }
  }

  /** A failed sample is worth a warning, never the job: it is a window on training, not part of it. */
  private async sendSample(sample: NonNullable<StepEngine['sample']>, step: number): Promise<void> {
    try {
      const { output, reference } = await sample();
      this.send({ type: 'sample', step, output, reference });
    } catch (error) {
      this.log('warn', `could not generate a sample at step ${step}: ${describeError(error)}`);
    }
  }

  private isTerminal(): boolean {
    return this.state === 'completed' || this.state === 'cancelled' || this.state === 'failed';
  }

  private wakeUp(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.send({ type: 'log', level, message });
  }

  private send(message: UnsequencedMessage): void {
    this.options.send(message);
  }
}

function resolveHyper(
  config: TrainingJobConfig,
  defaults: { lr: number; weightDecay: number; maxGradNorm: number },
): TrainingHyperparameters {
  return {
    lr: config.hyper?.lr ?? defaults.lr,
    weightDecay: config.hyper?.weightDecay ?? defaults.weightDecay,
    maxGradNorm: config.hyper?.maxGradNorm ?? defaults.maxGradNorm,
    warmupSteps: config.hyper?.warmupSteps ?? 0,
    ...(config.hyper?.finalLrFraction !== undefined ? { finalLrFraction: config.hyper.finalLrFraction } : {}),
  };
}

function checkSameJob(saved: TrainingJobConfig, requested: TrainingJobConfig): void {
  for (const field of IDENTITY_FIELDS) {
    if (JSON.stringify(saved[field] ?? null) !== JSON.stringify(requested[field] ?? null)) {
      throw new TrainingFailure(
        'bad_request',
        `${requested.jobDir} holds a checkpoint of a job with a different ${field}; use a new job folder or the same settings`,
      );
    }
  }
}
