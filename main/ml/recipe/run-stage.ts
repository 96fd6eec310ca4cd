// One training stage through the app's own training runtime (TrainingJobClient → forked worker →
// train_sft.onnx), then an export of its final checkpoint as a model folder — which is what the next
// stage starts from. A job folder that already holds checkpoints resumes (the runtime's contract), so
// an interrupted `train:default` continues where it stopped.
import { existsSync, rmSync } from 'node:fs';
import type { GrpoJobSettings } from '../../../shared/types/grpo';
import type { TrainingJobConfig, TrainingMetricRecord, TrainingOutcome } from '../../../shared/types/training';
import { exportTrainedModel, type ExportedModel } from '../training/export-model';
import { TrainingJobClient } from '../training/training-job-client';
import { CodedError } from '../../../shared/errors/coded-error';

export interface StageOptions {
  name: string;
  modelDir: string;
  datasetPath: string;
  datasetDescription: string;
  licence: string;
  jobDir: string;
  outDir: string;
  totalSteps: number;
  lr: number;
  warmupSteps: number;
  /** Decay the rate linearly after warm-up to lr × this at the last step (unset: constant). */
  finalLrFraction?: number;
  seed: number;
  examples: number;
  /** A GRPO-PTR stage (rollouts and rewards on the dataset's clips) instead of SFT. */
  grpo?: GrpoJobSettings;
  /** Checkpoint every this many steps (default: a tenth of the stage, at least 50). */
  checkpointEvery?: number;
  intraOpNumThreads?: number;
  /**
   * Wall-clock time (ms since epoch) by which the stage must stop: the job is cancelled there (it
   * checkpoints after the current step) and its weights are exported as they are. A time budget, so a
   * run on a busy machine ends on time with fewer steps instead of late.
   */
  stopAtMs?: number;
  /** Called on every progress report (step, total, mean step ms, ETA ms) and metric. */
  onProgress?: (p: { step: number; totalSteps: number; stepMs?: number; etaMs?: number }) => void;
  onMetric?: (record: TrainingMetricRecord) => void;
  onLog?: (message: string) => void;
}

export class StageFailure extends CodedError {}

export interface StageResult {
  outcome: Extract<TrainingOutcome, { type: 'result' }>;
  exported: ExportedModel;
  wallMs: number;
}

export async function runStage(options: StageOptions): Promise<StageResult> {
  const started = performance.now();
  const config: TrainingJobConfig = {
    jobDir: options.jobDir,
    modelDir: options.modelDir,
    dataset: { kind: 'speech-jsonl', path: options.datasetPath, description: options.datasetDescription, licence: options.licence },
    totalSteps: options.totalSteps,
    checkpointEvery: options.checkpointEvery ?? Math.max(50, Math.round(options.totalSteps / 10)),
    seed: options.seed,
    hyper: {
      lr: options.lr,
      warmupSteps: options.warmupSteps,
      ...(options.finalLrFraction !== undefined ? { finalLrFraction: options.finalLrFraction } : {}),
    },
    reportEvery: 10,
    keepCheckpoints: 1,
    // DESIGN.md: one intra-op thread per training process measured fastest on the shared 2-core box.
    intraOpNumThreads: options.intraOpNumThreads ?? 1,
    ...(options.grpo ? { grpo: options.grpo } : {}),
  };
  const job = new TrainingJobClient().start(config);
  job.onMessage((m) => {
    if (m.type === 'progress') options.onProgress?.(m);
    else if (m.type === 'metric') options.onMetric?.(m.record);
    else if (m.type === 'log' && m.level !== 'debug') options.onLog?.(m.message);
  });
  let stoppedEarly = false;
  const timer =
    options.stopAtMs === undefined
      ? null
      : setInterval(() => {
          if (Date.now() < options.stopAtMs! || stoppedEarly) return;
          stoppedEarly = true;
          options.onLog?.(`time budget reached: stopping ${options.name} after the current step`);
          void job.cancel();
        }, 1000);
  const outcome = await job.done.finally(() => {
    if (timer) clearInterval(timer);
  });
  if (outcome.type !== 'result' || (outcome.status !== 'completed' && !stoppedEarly)) {
    throw new StageFailure(
      outcome.type === 'failed' ? outcome.error.code : 'cancelled',
      `stage ${options.name} did not complete: ${JSON.stringify(outcome)}`,
    );
  }
  if (existsSync(options.outDir)) rmSync(options.outDir, { recursive: true, force: true });
  const exported = await exportTrainedModel({
    checkpointFile: outcome.checkpointFile,
    outDir: options.outDir,
    id: `emotion-reasoner-${options.name}`,
    name: `EmotionReasoner (${options.name})`,
    licence: options.licence,
    examples: options.examples,
  });
  return { outcome, exported, wallMs: performance.now() - started };
}
