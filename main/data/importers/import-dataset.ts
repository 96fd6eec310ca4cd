// One entry point for every corpus layout: detect (or take) the format, read the items, and refuse
// a folder with nothing usable in it with a clear error instead of building an empty dataset.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { DatasetFormat, DatasetImport } from '../../../shared/types/dataset';
import { DatasetError } from '../dataset-error';
import { importCremaD } from './crema-d';
import { importCsvManifest } from './csv-manifest';
import { importEmoDb } from './emodb';
import { importEsd } from './esd';
import { importIemocap } from './iemocap';
import { importRavdess } from './ravdess';
import { listAudioFiles, listFiles, requireFolder } from './walk';

export const DATASET_FORMATS: readonly DatasetFormat[] = ['ravdess', 'crema-d', 'emodb', 'esd', 'iemocap', 'csv'];

const READERS: Record<DatasetFormat, (root: string) => DatasetImport> = {
  ravdess: importRavdess,
  'crema-d': importCremaD,
  emodb: importEmoDb,
  esd: importEsd,
  iemocap: importIemocap,
  csv: importCsvManifest,
};

/** Guesses the layout from file names; throws DatasetError('unknown_format') when nothing fits. */
export function detectFormat(root: string): DatasetFormat {
  requireFolder(root);
  if (readdirSync(root).some((f) => f.toLowerCase().endsWith('.csv') && f.toLowerCase() !== 'labels.csv' && f !== 'VideoDemographics.csv'))
    return 'csv';
  if (listFiles(root, /\.txt$/).some((f) => path.basename(path.dirname(f)) === 'EmoEvaluation')) return 'iemocap';
  const names = listAudioFiles(root).map((f) => path.basename(f));
  if (names.length === 0)
    throw new DatasetError('empty_dataset', `Dataset folder "${root}" holds no audio files (.wav, .flac, .mp3, .ogg, .opus, .m4a, .webm).`);
  const share = (re: RegExp): number => names.filter((n) => re.test(n)).length / names.length;
  const scores: [DatasetFormat, number][] = [
    ['ravdess', share(/^\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}\./)],
    ['crema-d', share(/^\d{4}_[A-Z]{3}_[A-Z]{3}_[A-Z]{2}\./i)],
    ['emodb', share(/^\d{2}[a-z]\d{2}[A-Z][a-z]\./)],
    ['esd', share(/^\d{4}_\d{6}\./)],
  ];
  const [best, score] = scores.sort((a, b) => b[1] - a[1])[0]!;
  // A folder whose file names fit no known layout but that carries a manifest (nEMO ships labels.csv).
  if (score < 0.5 && readdirSync(root).some((f) => f.toLowerCase().endsWith('.csv'))) return 'csv';
  if (score < 0.5)
    throw new DatasetError(
      'unknown_format',
      `Cannot tell the layout of "${root}"; pass --format (${DATASET_FORMATS.join(', ')}) or add a manifest.csv.`,
    );
  return best;
}

/** Reads a corpus folder (or a CSV manifest file for format 'csv'). */
export function importDataset(root: string, format?: DatasetFormat): DatasetImport {
  const resolved = path.resolve(root);
  if (!existsSync(resolved)) throw new DatasetError('folder_not_found', `Dataset folder "${root}" does not exist.`);
  const chosen = format ?? detectFormat(resolved);
  if (!READERS[chosen])
    throw new DatasetError('unknown_format', `Unknown dataset format "${chosen}"; use one of ${DATASET_FORMATS.join(', ')}.`);
  const imported = READERS[chosen](resolved);
  if (imported.items.length === 0) {
    const why = imported.problems.length
      ? ` ${imported.problems.length} file(s) did not fit the ${chosen} layout, e.g. ${imported.problems[0]!.message}`
      : '';
    throw new DatasetError('empty_dataset', `Dataset folder "${root}" has no usable ${chosen} clips.${why}`);
  }
  return imported;
}
