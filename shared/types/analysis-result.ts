// What the analyze pipeline (main/ml/pipeline) returns for one clip and for a folder: the model's
// label, probabilities and reasoning, the evidence check of that reasoning against the measured
// prosody, and where the time went. Plain data (structured-clone safe); numbers that are undefined
// (e.g. no voiced frame) are NaN, which JSON writers turn into null (see main/data nanToNull).
import type { AudioSourceInfo, AudioWarning } from './audio';
import type { CalibrationRef } from './calibration';
import type { ProsodySummary } from './dataset';
import type { EvidenceReport } from './evidence';
import type { InputQuality } from './input-quality';
import type { ProsodyLevels } from './prosody';

/** Stages of one clip's analysis, in the order they run. */
export type AnalysisStage = 'decode' | 'prosody' | 'features' | 'encode' | 'generate' | 'check';

/** Wall time per stage in milliseconds; `total` covers the whole call (retries included). */
export type StageTimings = Record<AnalysisStage | 'total', number>;

/**
 * Where `probabilities` were read: at the <answer> position of the generation itself, or (when the
 * generation never wrote <answer>) by forcing `</think><answer>` after its reasoning.
 */
export type ProbabilitySource = 'generated-answer' | 'forced-answer';

/** One generation the pipeline tried for a clip, kept so a flagged result shows what went wrong. */
export interface GenerationAttempt {
  /** 0 for the first try. */
  attempt: number;
  strategy: 'greedy' | 'sample';
  /** Sampling temperature; absent for greedy. */
  temperature?: number;
  seed: number;
  /** The raw completion text (special markup included). */
  text: string;
  finishReason: 'stop' | 'eos' | 'max_tokens';
  /** Problems found by the answer parser; empty when well formed. */
  problems: string[];
}

/** The model's answer for one clip, checked against its measured prosody. */
export interface ClipAnalysisResult {
  /** File path, or the name given with in-memory audio. */
  file: string;
  /** Model id from its manifest (e.g. "emotion-reasoner-tiny"). */
  modelId: string;
  /** The label the model answered; null when no attempt named one of the model's labels. */
  label: string | null;
  /**
   * Probability per model label (sums to 1), read at the answer position (see probabilitySource), as
   * shown: blended toward uniform by inputQuality.severity when the clip is out of range.
   */
  probabilities: Record<string, number>;
  /** The model's own probabilities, before the input-quality blending (equal to `probabilities` in range). */
  rawProbabilities: Record<string, number>;
  /** How like the training data the clip is; when not judgeable, `label` is only the model's answer, never a judgement. */
  inputQuality: InputQuality;
  probabilitySource: ProbabilitySource;
  /** What the model was given after <bos>: the clip's measured-cue line, or null for a model without a prompt. */
  modelPrompt: string | null;
  /**
   * The opening of the reasoning the app wrote from the measurements (the model continued after it);
   * null when the model wrote all of it. Claims inside it are right by construction.
   */
  reasoningPrefix: string | null;
  /** The model's reasoning (the <think> part), as written. */
  reasoning: string;
  /** True only when the returned generation has exactly the <think>…</think><answer>label</answer> form with a known label. */
  wellFormed: boolean;
  /** What is wrong with the returned generation; empty when wellFormed. */
  problems: string[];
  /** Every generation tried, first to last; the returned one is the last well-formed one, else the first. */
  attempts: GenerationAttempt[];
  /** The evidence checker's verdict on each prosodic claim of the reasoning. */
  evidence: EvidenceReport;
  /** Measured prosody without frame tracks (what the checker read). */
  prosody: ProsodySummary;
  /** One-sentence description of the prosody (levels, intonation, stress). */
  caption: string;
  levels: ProsodyLevels;
  /** The user calibration levels and functionals were relative to; null: the training corpora's tables and statistics. */
  calibration: CalibrationRef | null;
  /** The source file's format; null for in-memory audio. */
  source: AudioSourceInfo | null;
  /** Non-fatal findings of the decoder (silence, clipping, …). */
  warnings: AudioWarning[];
  timings: StageTimings;
}

/** A file the folder analysis could not process, with the error's code (e.g. an AudioErrorCode). */
export interface FailedClip {
  file: string;
  code: string;
  message: string;
}

/** Progress of a folder analysis, one event per finished (or failed) file. */
export interface FolderProgress {
  done: number;
  total: number;
  file: string;
  /** The finished file's outcome. */
  outcome: 'analyzed' | 'failed';
  /** The label when analyzed, well formed and judgeable; null otherwise. */
  label: string | null;
  /** False when the clip was analyzed but the model cannot judge it (see InputQuality); absent for failures. */
  judgeable?: boolean;
}

/** Result of analyzing every audio file of a folder: what worked and what failed, in file order. */
export interface FolderAnalysisResult {
  folder: string;
  modelId: string;
  results: ClipAnalysisResult[];
  failed: FailedClip[];
  elapsedMs: number;
}

/** One utterance of a long recording and the model's answer on it (claims' regions in recording time). */
export interface RecordingSegment {
  startS: number;
  endS: number;
  result: ClipAnalysisResult;
}

/**
 * A long recording explained utterance by utterance: the utterances, and the recording's answer
 * drawn from them (probabilities averaged over the judged speech, weighted by duration).
 */
export interface RecordingTimeline {
  overall: ClipAnalysisResult;
  segments: RecordingSegment[];
}
