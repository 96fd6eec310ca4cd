// The evaluation's options and its report: what runEvaluation takes and what it returns (and what
// `npm run eval -- --out FILE` writes, which scripts/train/model-card.ts reads).
import type { VoiceQualityNorms } from '../../data';
import type { EvalCorpus, LoadCorpusOptions } from './corpora';
import type { InvarianceRow } from './invariance';
import type { LatencyReport } from './latency';
import type { ModelRunSummary } from './model-runs';
import type { SystemMetrics } from './system-metrics';

/** One corpus folder to evaluate on. */
export interface CorpusSpec extends LoadCorpusOptions {
  dir: string;
}

export interface EvaluationOptions {
  corpora: CorpusSpec[];
  /** Corpora already loaded and split (the app's datasets); evaluated after those of `corpora`. */
  loadedCorpora?: EvalCorpus[];
  /** Called after each validation clip the model answered (or failed), for progress. */
  onModelClip?: (done: number, total: number) => void;
  /** Validation speakers by corpus name (a spec's own list wins); default DEFAULT_VALIDATION_SPEAKERS. */
  speakers?: Record<string, string[]>;
  /** Model folder; default resources/models/default. */
  model?: string;
  /** A training checkpoint's weights on the graphs of `model` (no export needed). */
  checkpoint?: string;
  /** At most this many validation clips per corpus, covering its classes and speakers (stratifiedSample). */
  limit?: number;
  /** Train the MLP baseline too (default true). */
  mlp?: boolean;
  retries?: number;
  maxTokens?: number;
  /** Runs of the 4 s latency measurement; 0 skips it. Default 10. */
  latencyRuns?: number;
  /** Folder for the per-corpus measures caches; undefined measures every clip afresh. */
  cacheDir?: string;
  /**
   * Voice-quality norms for the prompt and checker: 'model' (default) uses the model folder's
   * evidence-norms.json as the app does (computed from the training speakers when the folder has
   * none); 'training' computes them from the training speakers of the given corpora — which changes
   * the model's prompt when a corpus is added, so figures of runs on different corpora differ.
   */
  voiceQualityNorms?: 'training' | 'model';
  /** Whether a model with a measured reasoning prefix gets the app-written cue sentences (default true). */
  measuredCueSentences?: boolean;
  /** Store the fitted answer temperature in the model's manifest. */
  writeTemperature?: boolean;
  /** Validation clips per corpus for the invariance check; 0 or undefined skips it. */
  invariance?: number;
  /** Run the calibrated condition (default true). */
  calibrated?: boolean;
  /** ONNX Runtime intra-op threads of the model sessions (default SAMPLER_THREADS = 1). */
  threads?: number;
  log?: (text: string) => void;
}

/** Answer quality and systems of one set of validation clips (a corpus, or all pooled). */
export interface EvaluationSlice extends ModelRunSummary {
  clips: { validation: number; analyzed: number; failed: number; train: number };
  systems: SystemMetrics[];
  /** Paired bootstrap of model − baseline accuracy on the same clips. */
  comparisons: { versus: string; difference: number; low: number; high: number }[];
}

export interface CorpusEvaluation extends EvaluationSlice {
  name: string;
  dir: string;
  format: string;
  classes: string[];
  validationSpeakers: string[];
}

/** Baselines trained on one corpus's training speakers, tested on another's validation speakers. */
export interface LeaveOneCorpusOut {
  trainCorpus: string;
  testCorpus: string;
  /** The test corpus's classes the training corpus also has: the test clips are those. */
  sharedClasses: string[];
  clips: number;
  /** The model on the same clips, then the baselines. */
  systems: SystemMetrics[];
}

export interface CalibratedCorpus {
  corpus: string;
  /** How the calibration was made (from the corpus's own validation clips, labels unread). */
  calibration: { name: string; clips: number; functionals: number };
  /** Clips whose calibrated analysis failed: left out of this condition for every system. */
  failed: number;
  systems: SystemMetrics[];
}

export interface InvarianceReport {
  clipsPerCorpus: number;
  target: number;
  rows: InvarianceRow[];
  /** Rows below the target, in words (empty = the model passes). */
  shortfalls: string[];
  failed: { file: string; code: string; message: string }[];
}

export interface EvaluationReport extends EvaluationSlice {
  createdAt: string;
  model: { id: string; dir: string; testModel: boolean; checkpoint: string | null; checkpointStep: number | null };
  /** The first corpus folder (older readers); all of them in `dataDirs`. */
  data: string;
  dataDirs: string[];
  /** Validation speakers of every corpus, comma-joined (older readers). */
  validationSpeakers: string;
  voiceQualityNorms: VoiceQualityNorms | null;
  /** Where the norms came from: the model folder, or the training speakers of the given corpora. */
  voiceQualityNormsSource: string | null;
  /** Answer temperature: the manifest's, one fitted on all validation clips, and cross-fitted per speaker. */
  calibration: {
    manifestTemperature: number;
    fittedTemperature: number;
    crossFit: { temperatureByGroup: Record<string, number> } | null;
  } | null;
  latency4s: LatencyReport | null;
  failed: { file: string; code: string; message: string }[];
  perClip: Record<string, unknown>[];
  corpora: CorpusEvaluation[];
  leaveOneCorpusOut: LeaveOneCorpusOut[];
  calibratedCondition: CalibratedCorpus[] | null;
  invariance: InvarianceReport | null;
}
