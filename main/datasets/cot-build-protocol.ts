// Messages between the main process and the EmotionCoT build's child process (cot-build-worker.ts).
// One build per process: main sends `start`, the child answers with progress reports and then one
// `result` or `error`, and exits. Cancelling is killing the child: the builder's files are
// crash-safe (fsync'ed JSONL, content-hash analysis cache), so the next build resumes where it died.
import type {
  CotBuildProgress,
  DatasetFormat,
  DatasetSplit,
  LabelMapping,
  SkippedItem,
  UnknownLabelReport,
} from '../../shared/types/dataset';

/** What the child builds. */
export interface CotBuildJob {
  folder: string;
  format: DatasetFormat;
  labelMapping: LabelMapping;
  seed: number;
  validationSpeakers: string[];
  testSpeakers: string[];
  /** The dataset's own folder under the app's data dir (emotion-cot.jsonl and the per-split files go here). */
  outDir: string;
  /** The dataset's stored speaker → split assignment; the per-split files follow it. */
  splitOf: Record<string, DatasetSplit>;
}

/** main → child. */
export type CotBuildRequest = { type: 'start'; job: CotBuildJob };

/** What a finished build reports. */
export interface CotBuildSummary {
  records: number;
  written: number;
  resumed: number;
  analyzed: number;
  cached: number;
  skipped: SkippedItem[];
  unknownLabels: UnknownLabelReport[];
  splits: Record<DatasetSplit, number>;
  elapsedMs: number;
}

/** child → main. */
export type CotBuildMessage =
  | { type: 'progress'; progress: CotBuildProgress | { phase: 'split'; done: number; total: number } }
  | { type: 'result'; summary: CotBuildSummary }
  | { type: 'error'; code: string; message: string };

/** File names inside a dataset's folder. */
export const COT_FILE = 'emotion-cot.jsonl';
export const splitFile = (split: DatasetSplit): string => `${split}.jsonl`;
