// `export-rl` (issue 17): an EmotionCoT dataset as a job for an existing RL engine — the rows in the
// engine's format (train and validation splits; the test split stays home), the paper's launch
// settings, the Python reward adapter and a README. The rewards themselves stay in the app: the
// adapter calls the reward server, which runs the app's GRPO-PTR code.
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EmotionCotRecord } from '../../../shared/types/dataset';
import { describeError } from '../../../shared/errors/coded-error';
import { readJsonlRepairing } from '../../data/cot/jsonl-append';
import type { VoiceQualityNorms } from '../../data';
import { openModelFolder } from '../models/model-folder';
import { folderVoiceQualityNorms } from '../pipeline/evidence-norms';
import { exportReadme } from './export-readme';
import { launchSettings, trlLauncher, verlLauncher, type RlEngine } from './launch-config';
import { RlExportError } from './rl-export-error';
import { writeTrlParquet, writeVerlParquet } from './rl-parquet';
import { clipRow, trlRow, verlRow, type ClipRow } from './rl-rows';

/** The adapter shipped into every export (resources/rl-adapter of this checkout). */
export const ADAPTER_FILE = path.resolve(import.meta.dirname, '../../../resources/rl-adapter/emotionthinker_reward.py');

/** The dataset file inside an app dataset folder (main/datasets writes it there). */
export const COT_FILE_NAME = 'emotion-cot.jsonl';

export interface ExportRlOptions {
  engine: RlEngine;
  /** An app dataset folder holding emotion-cot.jsonl, or that file itself. */
  dataset: string;
  out: string;
  /** A model folder: its labels and voice-quality norms make the prompt as its own GRPO-PTR does. */
  modelDir?: string;
  /** Copy the clips into out/audio (paths relative to the export) instead of pointing at them. */
  copyAudio?: boolean;
  /** The adapter to ship (the app passes its resources' copy; the CLI this checkout's). */
  adapterFile?: string;
}

export interface ExportRlResult {
  outDir: string;
  files: string[];
  train: number;
  val: number;
  labels: string[];
}

const REQUIRED: (keyof EmotionCotRecord)[] = ['audioPath', 'label', 'split', 'prosody', 'functionals', 'contentHash'];

function readRecords(dataset: string): { file: string; records: EmotionCotRecord[] } {
  const file = existsSync(dataset) && statSync(dataset).isDirectory() ? path.join(dataset, COT_FILE_NAME) : dataset;
  if (!existsSync(file))
    throw new RlExportError('dataset_missing', `${file} does not exist (build the dataset's EmotionCoT records first)`);
  const records = readJsonlRepairing<EmotionCotRecord>(file);
  records.forEach((r, i) => {
    const missing = REQUIRED.filter((k) => r?.[k] === undefined || r[k] === null);
    if (missing.length)
      throw new RlExportError('dataset_invalid', `${file} line ${i + 1}: no ${missing.join(', ')} (not an EmotionCoT record)`);
  });
  if (records.length === 0) throw new RlExportError('dataset_invalid', `${file} holds no records`);
  return { file, records };
}

function prepareOut(out: string): void {
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new RlExportError('bad_option', `${out} is not empty; export into a new folder`);
  mkdirSync(out, { recursive: true });
}

export function exportRl(options: ExportRlOptions): ExportRlResult {
  const { file, records } = readRecords(options.dataset);
  let labels = [...new Set(records.map((r) => r.label))].sort();
  let norms: VoiceQualityNorms | null = null;
  if (options.modelDir) {
    try {
      labels = [...openModelFolder(options.modelDir).manifest.labels];
    } catch (error) {
      throw new RlExportError('bad_option', `--model ${options.modelDir}: ${describeError(error)}`);
    }
    norms = folderVoiceQualityNorms(options.modelDir);
    const unknown = records.find((r) => !labels.includes(r.label));
    if (unknown) throw new RlExportError('dataset_invalid', `label "${unknown.label}" is not one of the model's (${labels.join(', ')})`);
  }
  const out = path.resolve(options.out);
  prepareOut(out);
  const written: string[] = [];
  const put = (name: string, content: string, mode = 0o644) => {
    writeFileSync(path.join(out, name), content, { mode });
    chmodSync(path.join(out, name), mode);
    written.push(name);
  };
  try {
    const audioOf = (r: EmotionCotRecord): string => {
      if (!options.copyAudio) return path.resolve(path.dirname(file), r.audioPath);
      const name = `audio/${r.contentHash}${path.extname(r.audioPath)}`;
      mkdirSync(path.join(out, 'audio'), { recursive: true });
      copyFileSync(path.resolve(path.dirname(file), r.audioPath), path.join(out, name));
      return name;
    };
    const rows = (split: string): ClipRow[] => records.filter((r) => r.split === split).map((r) => clipRow(r, audioOf(r), labels, norms));
    const train = rows('train');
    const val = rows('validation');
    if (train.length === 0) throw new RlExportError('dataset_invalid', `${file} has no training-split records`);
    if (options.engine === 'verl') {
      writeVerlParquet(path.join(out, 'train.parquet'), train.map(verlRow));
      writeVerlParquet(path.join(out, 'val.parquet'), val.map(verlRow));
    } else {
      writeTrlParquet(path.join(out, 'train.parquet'), train.map(trlRow));
      writeTrlParquet(path.join(out, 'val.parquet'), val.map(trlRow));
      put('train.jsonl', train.map((r) => JSON.stringify(trlRow(r))).join('\n') + '\n');
    }
    written.push('train.parquet', 'val.parquet');
    const settings = launchSettings(options.engine, labels);
    put('launch.json', JSON.stringify(settings, null, 2) + '\n');
    put('rl_job.json', JSON.stringify({ labels, engine: options.engine, dataset: file }, null, 2) + '\n');
    if (options.engine === 'verl') put('run_verl.sh', verlLauncher(settings), 0o755);
    else put('train_trl.py', trlLauncher(settings));
    copyFileSync(options.adapterFile ?? ADAPTER_FILE, path.join(out, 'emotionthinker_reward.py'));
    written.push('emotionthinker_reward.py');
    put('README.md', exportReadme(settings, { train: train.length, val: val.length }, path.basename(path.dirname(file))));
    return { outDir: out, files: written.sort(), train: train.length, val: val.length, labels };
  } catch (error) {
    if (error instanceof RlExportError) throw error;
    throw new RlExportError('write_failed', `cannot write the export to ${out}: ${describeError(error)}`, { cause: error });
  }
}
