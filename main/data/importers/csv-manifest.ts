// Generic CSV manifest: columns path, label (or emotion, as nEMO's labels.csv names it), speaker,
// optional gender and transcript. Paths are relative to the manifest's folder (or absolute). The
// corpus name is the manifest's folder name.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DatasetImport, DatasetItem, SkippedItem } from '../../../shared/types/dataset';
import { DatasetError } from '../dataset-error';
import { parseCsvRecords } from './csv-text';
import { parseGender } from './gender';
import { listFiles } from './walk';

const REQUIRED = ['path', 'label', 'speaker'];

/** `source` is the manifest file, or a folder holding exactly one manifest.csv / *.csv. */
export function importCsvManifest(source: string): DatasetImport {
  let manifest = source;
  if (existsSync(source) && statSync(source).isDirectory()) {
    const candidates = listFiles(source, /\.csv$/i).filter((f) => path.dirname(f) === path.resolve(source));
    manifest = candidates.find((f) => path.basename(f).toLowerCase() === 'manifest.csv') ?? (candidates.length === 1 ? candidates[0]! : '');
    if (!manifest)
      throw new DatasetError(
        'bad_manifest',
        `Folder "${source}" needs a manifest.csv (columns path, label, speaker[, gender, transcript]).`,
      );
  }
  if (!existsSync(manifest)) throw new DatasetError('folder_not_found', `Manifest "${manifest}" does not exist.`);
  const parsed = parseCsvRecords(readFileSync(manifest, 'utf8'));
  const { header } = parsed;
  let { records } = parsed;
  if (!header.includes('label') && header.includes('emotion')) {
    header.push('label');
    records = records.map((r) => ({ ...r, label: r['emotion'] ?? '' }));
  }
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length)
    throw new DatasetError(
      'bad_manifest',
      `Manifest "${manifest}" lacks the column(s) ${missing.join(', ')}; it has ${header.join(', ') || 'no header'}.`,
    );
  const root = path.dirname(path.resolve(manifest));
  const items: DatasetItem[] = [];
  const problems: SkippedItem[] = [];
  records.forEach((r, i) => {
    const audioPath = path.resolve(root, r['path']!);
    if (!r['path'] || !r['label'] || !r['speaker']) {
      problems.push({
        audioPath: r['path'] || `row ${i + 2}`,
        code: 'bad_manifest_row',
        message: `Manifest row ${i + 2} needs path, label and speaker.`,
      });
    } else if (!existsSync(audioPath)) {
      problems.push({ audioPath, code: 'file_not_found', message: `Manifest row ${i + 2} names "${r['path']}", which does not exist.` });
    } else {
      items.push({
        audioPath,
        speaker: r['speaker']!,
        gender: parseGender(r['gender']),
        sourceLabel: r['label']!,
        ...(r['transcript'] ? { transcript: r['transcript'] } : {}),
      });
    }
  });
  return { format: 'csv', corpus: path.basename(root).toLowerCase(), root, items, problems };
}
