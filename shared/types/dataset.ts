// Dataset import and EmotionCoT records: plain data shared by the builder, training and the UI.
import type { ProsodyAnalysis, ProsodyLevels, SpeakerGender } from './prosody';

/** Corpus layouts the importer reads. */
export type DatasetFormat = 'ravdess' | 'crema-d' | 'emodb' | 'esd' | 'iemocap' | 'csv';

/** Which part of the data a clip belongs to; speakers never span two splits. */
export type DatasetSplit = 'train' | 'validation' | 'test';

/** One clip found by an importer, before decoding. */
export interface DatasetItem {
  /** Absolute path of the audio file. */
  audioPath: string;
  /** Speaker id, unique within the dataset (e.g. "ravdess_01"). */
  speaker: string;
  /** Speaker gender when the corpus says it; null when unknown. */
  gender: SpeakerGender | null;
  /** The corpus' own label, before mapping. */
  sourceLabel: string;
  /** Transcript when the corpus gives one. */
  transcript?: string;
}

/** A corpus label with no entry in the label mapping: reported, never silently dropped. */
export interface UnknownLabelReport {
  sourceLabel: string;
  count: number;
  /** Up to three example files. */
  examples: string[];
}

/** A clip left out of the build, with the reason (decode error, analysis error, unknown label). */
export interface SkippedItem {
  audioPath: string;
  /** Error code, e.g. an AudioErrorCode, "unknown_label" or a ProsodyError code. */
  code: string;
  message: string;
}

/** Result of importing a folder: the clips, plus what could not be used and why. */
export interface DatasetImport {
  format: DatasetFormat;
  /** Corpus name used for calibration tables, e.g. "ravdess". */
  corpus: string;
  root: string;
  items: DatasetItem[];
  /** Files or rows the importer could not read (bad names, missing files). */
  problems: SkippedItem[];
}

/** Corpus label → model label; a null value drops the label on purpose (e.g. IEMOCAP "xxx"). */
export type LabelMapping = Record<string, string | null>;

/** Compact, JSON-safe prosody of a clip: everything the evidence checker and captions need, no frame tracks. */
export type ProsodySummary = Pick<
  ProsodyAnalysis,
  'durationS' | 'gender' | 'segmentation' | 'syllables' | 'rate' | 'pitch' | 'intonation' | 'energy' | 'voiceQuality' | 'levels'
>;

/** One EmotionCoT training record (a JSONL line). */
export interface EmotionCotRecord {
  /** Absolute path of the audio file. */
  audioPath: string;
  /** Same as audioPath; the field name training's SpeechSftRecord reads. */
  audio: string;
  speaker: string;
  gender: SpeakerGender | null;
  /** Model label after mapping. */
  label: string;
  /** The corpus' own label. */
  sourceLabel: string;
  levels: ProsodyLevels;
  caption: string;
  /** The reasoning trace, without tags. */
  reasoning: string;
  /** `<think>reasoning</think><answer>label</answer>`. */
  target: string;
  split: DatasetSplit;
  /** SHA-256 of the audio file's bytes (hex). */
  contentHash: string;
  prosody: ProsodySummary;
  /** eGeMAPS-like functionals in PROSODY_FUNCTIONAL_NAMES order; null where undefined. */
  functionals: (number | null)[];
}

/** Progress of a build, reported as data (a union discriminated by `phase`). */
export type CotBuildProgress =
  | { phase: 'import'; found: number }
  | { phase: 'analyze'; done: number; total: number; cached: number; failed: number; audioPath: string }
  | { phase: 'write'; done: number; total: number; skippedExisting: number }
  | { phase: 'done'; written: number; skipped: number; elapsedMs: number };
