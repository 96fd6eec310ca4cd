// What the main process and the evaluation process say to each other (main/system/worker-process.ts): one
// 'start' with the whole job, then progress, log lines and exactly one result or error back.
// Cancelling is ending the process: an evaluation keeps nothing partial worth a checkpoint.
import type { EvaluationStage } from '../../shared/types/evaluation';
import type { EvalCorpus } from '../ml/evaluation/corpora';
import type { EvaluationReport } from '../ml/evaluation/evaluation-report';

/** A model the job runs: its folder and what the report calls it. */
export interface JobModel {
  key: string;
  dir: string;
  name: string;
}

/** Everything the evaluation process needs; the clips are resolved by main (datasets) or read from a folder here. */
export interface EvaluationJob {
  model: JobModel;
  /** The active model, run on the same clips (null: none, or it is `model`). */
  activeModel: JobModel | null;
  source: { kind: 'corpora'; corpora: EvalCorpus[] } | { kind: 'folder'; dir: string; validationSpeakers?: string[] };
  limit?: number;
  mlp: boolean;
  maxTokens?: number;
  threads: number;
  /** Scratch folder for the measures cache (shared by the model and the active model's runs). */
  scratchDir: string;
  /** Runs of the 4 s latency measurement (0 skips it). */
  latencyRuns: number;
}

export type EvaluationWorkerRequest = { type: 'start'; job: EvaluationJob };

export type EvaluationWorkerMessage =
  | { type: 'progress'; stage: EvaluationStage; done: number; total: number; message: string }
  | { type: 'log'; line: string }
  | { type: 'result'; reports: EvaluationRunReports }
  | { type: 'error'; code: string; message: string };

/** The reports of the evaluated model and (if run) the active model, as runEvaluation returns them. */
export interface EvaluationRunReports {
  model: EvaluationReport;
  activeModel: EvaluationReport | null;
}
