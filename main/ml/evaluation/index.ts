// Public API of the evaluation service: speaker-independent, per-corpus evaluation of a model beside
// classic baselines measured in the same run, leave-one-corpus-out, a calibrated condition and the
// channel-invariance check. scripts/eval/evaluate.ts is a thin CLI over runEvaluation, and the app's
// Evaluate area (main/evaluation) runs it in a child process on loaded corpora (loadedCorpora).
export {
  DEFAULT_VALIDATION_SPEAKERS,
  EvaluationError,
  loadEvalCorpus,
  parseSpeakerOptions,
  spreadSample,
  stratifiedSample,
  type EvalClip,
  type EvalCorpus,
  type LoadCorpusOptions,
} from './corpora';
export { ClipMeasuresCache, type ClipMeasures } from './measures-cache';
export { collapseOf, reliabilityBins, systemMetrics, type Collapse, type ReliabilityBin, type SystemMetrics } from './system-metrics';
export { columnStats, labelUnion, standardiseOwn, trainBaselines, type BaselineRun, type CorpusRows } from './baseline-runs';
export {
  babbleSources,
  INVARIANCE_TARGET,
  invarianceClips,
  invarianceShortfalls,
  MODEL_SYSTEM,
  runInvariance,
  summariseInvariance,
  type InvarianceClip,
  type InvarianceRow,
  type Observation,
} from './invariance';
export {
  runEvaluation,
  runInvarianceCheck,
  type CorpusSpec,
  type EvaluationOptions,
  type EvaluationReport,
  type CorpusEvaluation,
  type LeaveOneCorpusOut,
  type CalibratedCorpus,
  type InvarianceReport,
} from './run-evaluation';
export { confusionTable, corpusSummaryTable, evaluationText, invarianceTable, systemsTable } from './report-text';
export { measureLatency, type LatencyReport } from './latency';
export { loadCheckpointModel } from './checkpoint-model';
export { writeAnswerTemperature } from './write-temperature';
