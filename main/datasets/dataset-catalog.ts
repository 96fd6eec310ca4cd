// What the training and evaluation areas need from the app's imported datasets: the clips of a
// split with their mapped labels, and the built EmotionCoT file a training job reads. The datasets
// area implements it (DatasetService); the others depend only on this interface.
import type { DatasetSplit } from '../../shared/types/dataset';

/** A split of a dataset, or all of it. */
export type DatasetSelection = DatasetSplit | 'all';

/** One usable clip of an imported dataset, after the dataset's (edited) label mapping. */
export interface CatalogClip {
  audioPath: string;
  speaker: string;
  /** Corpus name (e.g. "ravdess"), for per-corpus tables and calibration. */
  corpus: string;
  /** The model label after mapping (clips whose label maps to nothing are left out). */
  label: string;
  sourceLabel: string;
  split: DatasetSplit;
}

/** The EmotionCoT training file of a split (speech-jsonl: one SpeechSftRecord per line). */
export interface CatalogTrainingFile {
  path: string;
  /** Words for the trained model's manifest, e.g. "RAVDESS (train split), 1,008 clips". */
  description: string;
  /** Licence of the audio, carried into the trained model's manifest and card. */
  licence: string;
  clips: number;
}

export interface DatasetCatalog {
  /** The clips of a split (less those its EmotionCoT build could not decode); AppError 'not_found' for an unknown dataset. */
  clips(datasetId: string, selection: DatasetSelection): Promise<CatalogClip[]>;
  /**
   * The split's EmotionCoT file; AppError 'not_found' for an unknown dataset, 'not_ready' (naming the
   * missing step) while its EmotionCoT traces are not built, are building, or were built under another
   * label mapping, and 'empty_split' when the split has no clips.
   */
  trainingFile(datasetId: string, selection: DatasetSelection): Promise<CatalogTrainingFile>;
}
