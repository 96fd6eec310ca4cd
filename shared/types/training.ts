// The training worker's protocol (Signal-Desktop SQL-worker style, STYLE.md): requests to the worker and
// messages from it are discriminated unions, each wrapped with a sequence number. The UI's training
// dashboard receives the worker's messages as IPC events, so everything here is plain serialisable data.
import type { ExecutionProviderName } from './engine';
import type { GrpoJobSettings, GrpoStepMetrics } from './grpo';

/** Shape and element type of one per-example input of a training graph, before batching. */
export interface TensorFeedSpec {
  /** Graph input name, e.g. `x` or `mel`. */
  name: string;
  dtype: 'float32' | 'int64';
  /** Shape of one example (the batch dimension is prepended). */
  exampleShape: number[];
}

/** Where a training job reads its examples from; serialisable so it can cross into the worker. */
export type DatasetSpec =
  | {
      /** Pre-computed tensors: one JSON object per line mapping each feed name to a flat number array. */
      kind: 'tensor-jsonl';
      path: string;
      feeds: TensorFeedSpec[];
      /** Feed that receives 1 for a real row and 0 for a padding row of the last, partial batch. */
      rowMaskFeed: string;
      /** Words for the exported manifest's training-data record. */
      description: string;
    }
  | {
      /** Speech SFT records ({@link SpeechSftRecord} per line); audio paths are relative to the file. */
      kind: 'speech-jsonl';
      path: string;
      description: string;
      /** Licence of the audio (RAVDESS: CC BY-NC-SA 4.0), carried into an exported model's manifest. */
      licence?: string;
    };

/** One line of a speech SFT dataset file. */
export interface SpeechSftRecord {
  /** Audio file, absolute or relative to the JSONL file. */
  audio: string;
  /** Text the decoder must write, e.g. `<think>…</think><answer>sad</answer>`. */
  target: string;
  /** Optional task prompt the decoder is conditioned on; its tokens are not trained (weight 0). */
  prompt?: string;
  /**
   * Loss weight of the token right after `<answer>` (the label), default 1. The loss is a weighted
   * mean over tokens, so a short answer among long traces can be given a fixed share of the gradient.
   */
  answerWeight?: number;
}

/** Optimiser settings a job may override; unset ones come from the model manifest's training defaults. */
export interface TrainingHyperparameters {
  lr: number;
  weightDecay: number;
  maxGradNorm: number;
  /** Steps of linear learning-rate warm-up from 0 (0 = none). */
  warmupSteps: number;
  /** When set (0 < f < 1), the rate decays linearly after warm-up to lr × f at the job's last step; unset = constant. */
  finalLrFraction?: number;
}

/** Everything a training job needs; a job folder's checkpoint stores it so a resume uses the same one. */
export interface TrainingJobConfig {
  /** Folder for checkpoints and metrics.jsonl; a checkpoint there makes the job resume. */
  jobDir: string;
  /** Model folder to fine-tune (manifest.json, weights.bin, train_sft.onnx, …). */
  modelDir: string;
  dataset: DatasetSpec;
  /** The job ends with a 'completed' result when this many optimiser steps are done. */
  totalSteps: number;
  /** Write a checkpoint every this many steps (and always at pause, cancel and the end). */
  checkpointEvery: number;
  /** Seed of the data order; with the checkpointed position it makes a resumed run replay the same batches. */
  seed: number;
  hyper?: Partial<TrainingHyperparameters>;
  /** Send progress/metric messages every this many steps (metrics.jsonl always gets every step). Default 1. */
  reportEvery?: number;
  /** Every this many steps, generate for one training example and send a 'sample' message (0/unset = never). */
  sampleEvery?: number;
  /** Checkpoints kept on disk, newest first (default 2, so a corrupt newest one leaves a good one). */
  keepCheckpoints?: number;
  intraOpNumThreads?: number;
  executionProvider?: ExecutionProviderName;
  /**
   * Held-out data whose loss under the current weights is measured every `every` steps and at the
   * end (SFT jobs): the first `maxExamples` examples, the same ones each time, so the curve moves
   * only with the weights. The measurement changes neither the weights nor the data order.
   */
  validation?: { dataset: DatasetSpec; every: number; maxExamples: number };
  /**
   * Present: a GRPO-PTR job on the speech dataset (each record's `<answer>` is the clip's truth),
   * one job step per rollout batch; absent: supervised fine-tuning.
   */
  grpo?: GrpoJobSettings;
}

/** Life-cycle of a training job, as the worker reports it. */
export type TrainingJobState = 'starting' | 'running' | 'paused' | 'completed' | 'cancelled' | 'failed';

/** Why a training job (or a request to it) failed; the UI shows `message` and may branch on `code`. */
export type TrainingErrorCode =
  | 'bad_request'
  | 'model_invalid'
  | 'graph_mismatch'
  | 'dataset_invalid'
  | 'checkpoint_invalid'
  | 'step_failed'
  | 'non_finite_loss'
  | 'io_failed'
  | 'worker_exited'
  | 'export_invalid'
  /** An exception nobody anticipated; its message is the original one. */
  | 'internal';

/** A training failure as data: a code to branch on and a message that names the problem. */
export interface TrainingError {
  code: TrainingErrorCode;
  message: string;
}

/** One line of a job's metrics.jsonl and the payload of a 'metric' message. */
export interface TrainingMetricRecord {
  /** Optimiser step this record describes (1-based, the step just taken). */
  step: number;
  /** Passes over the dataset started so far, counting from 0. */
  epoch: number;
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  lr: number;
  /** Wall time of the step: batch preparation + the training graph. */
  stepMs: number;
  /** Real (unpadded) examples in the step's batch. */
  examples: number;
  /** ISO time the step finished. */
  time: string;
  /** Present on the steps the job measured its validation data (config.validation): mean loss over `examples`. */
  validation?: { loss: number; examples: number };
  /** A GRPO job's step: rewards, τ, schedule, KL, clip fractions, lengths (loss/gradNorm above are NaN → null when no update ran). */
  grpo?: GrpoStepMetrics;
}

/** A request from the main side to the training worker. */
export type TrainingRequest =
  | { seq: number; type: 'start'; config: TrainingJobConfig }
  | { seq: number; type: 'pause' }
  | { seq: number; type: 'resume' }
  | { seq: number; type: 'cancel' };

/** Why a checkpoint was written. */
export type CheckpointReason = 'interval' | 'pause' | 'cancel' | 'final';

/** A message from the training worker; `seq` counts 1, 2, 3… per worker so a gap or reorder is visible. */
export type TrainingWorkerMessage =
  | {
      seq: number;
      type: 'progress';
      state: TrainingJobState;
      step: number;
      totalSteps: number;
      epoch: number;
      /** Mean step time over the last report window (ms); absent before the first step. */
      stepMs?: number;
      /** Estimated time to finish at the current pace (ms). */
      etaMs?: number;
      /** Set on the first progress message of a job that continued from a checkpoint. */
      resumedFromStep?: number;
    }
  | { seq: number; type: 'metric'; record: TrainingMetricRecord }
  | {
      seq: number;
      type: 'sample';
      step: number;
      /** What the model wrote for an example, for the dashboard to show beside the reference. */
      output: string;
      reference?: string;
    }
  | { seq: number; type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; message: string }
  | {
      seq: number;
      type: 'checkpoint';
      step: number;
      /** Checkpoint file (absolute path). */
      file: string;
      bytes: number;
      writeMs: number;
      reason: CheckpointReason;
    }
  | {
      seq: number;
      type: 'result';
      status: 'completed' | 'cancelled';
      step: number;
      /** Loss of the last step taken by this worker (null when it took none). */
      finalLoss: number | null;
      /** The checkpoint holding the final weights, to export from. */
      checkpointFile: string;
      metricsFile: string;
    }
  | { seq: number; type: 'error'; error: TrainingError };

/** Terminal outcome of a job as the main side sees it: a result message, or the error that ended it. */
export type TrainingOutcome = Extract<TrainingWorkerMessage, { type: 'result' }> | { type: 'failed'; error: TrainingError };
