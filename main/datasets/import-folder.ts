// Reading the folder the user typed into a dataset to store: the path is checked first (absolute,
// exists, readable, a folder or a .csv manifest) so a typo gets a clear, typed error instead of an
// importer's; then the importers read it, and each speaker gets its split. Nothing outside the path
// the user typed is read: a manifest row naming a file outside the manifest's folder is refused.
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { DatasetFormat, DatasetImport, DatasetSplit } from '../../shared/types/dataset';
import { assignSpeakerSplits, DatasetError, importDataset } from '../data';
import { AppError } from '../../shared/errors/app-error';

export interface ImportChoices {
  format?: DatasetFormat;
  validationSpeakers?: string[];
  testSpeakers?: string[];
  seed: number;
}

export interface ImportedFolder {
  /** The resolved path (a folder, or a manifest file for CSV). */
  folder: string;
  imported: DatasetImport;
  splits: Map<string, DatasetSplit>;
}

/** Resolves and checks the typed path: `~` is the home folder; anything else must be absolute. */
export function checkTypedPath(typed: string): { resolved: string; isFile: boolean } {
  const trimmed = typed.trim();
  const expanded = trimmed === '~' ? homedir() : trimmed.startsWith('~/') ? path.join(homedir(), trimmed.slice(2)) : trimmed;
  if (!path.isAbsolute(expanded))
    throw new AppError('path_not_absolute', `"${typed}" is not a full path: type the folder's whole path, starting with / (or ~/).`);
  const resolved = path.resolve(expanded);
  let stat;
  try {
    stat = statSync(resolved);
  } catch {
    throw new AppError('folder_not_found', `The folder "${resolved}" does not exist.`);
  }
  const isFile = stat.isFile() && resolved.toLowerCase().endsWith('.csv');
  if (!stat.isDirectory() && !isFile) throw new AppError('not_a_folder', `"${resolved}" is not a folder (or a .csv manifest).`);
  try {
    accessSync(resolved, stat.isDirectory() ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch {
    throw new AppError('folder_unreadable', `The app may not read "${resolved}" (check its permissions).`);
  }
  return { resolved, isFile };
}

/** Entries a corpus folder may hold: the largest corpora the importers read have a few tens of thousands. */
export const MAX_FOLDER_ENTRIES = 200_000;

/**
 * Refuses a folder with more entries than a corpus has (a typed "/" or home folder) before the
 * importers walk it on the main process; counts as the importers' walk does (hidden entries skipped).
 */
export function requireCorpusSized(root: string, limit = MAX_FOLDER_ENTRIES): void {
  const pending = [root];
  let seen = 0;
  while (pending.length) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue; // An unreadable subfolder is the importer's to report.
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (++seen > limit)
        throw new AppError(
          'folder_too_large',
          `"${root}" holds more than ${limit.toLocaleString('en')} files and folders: type the corpus folder itself.`,
        );
      if (entry.isDirectory()) pending.push(path.join(dir, entry.name));
    }
  }
}

export function importFolder(typed: string, choices: ImportChoices): ImportedFolder {
  const { resolved, isFile } = checkTypedPath(typed);
  requireCorpusSized(isFile ? path.dirname(resolved) : resolved);
  const format = isFile ? 'csv' : choices.format;
  let imported: DatasetImport;
  try {
    imported = importDataset(resolved, format);
  } catch (error) {
    throw asAppError(error);
  }
  if (imported.format === 'csv') {
    const outside = imported.items.find((item) => {
      const relative = path.relative(imported.root, item.audioPath);
      return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
    });
    if (outside) {
      throw new AppError(
        'bad_manifest',
        `The manifest names "${outside.audioPath}", outside its folder "${imported.root}": put the audio inside the folder you import.`,
      );
    }
  }
  let splits: Map<string, DatasetSplit>;
  try {
    splits = assignSpeakerSplits(
      imported.items.map((i) => i.speaker),
      {
        seed: choices.seed,
        ...(choices.validationSpeakers?.length ? { validationSpeakers: choices.validationSpeakers } : {}),
        ...(choices.testSpeakers?.length ? { testSpeakers: choices.testSpeakers } : {}),
      },
    );
  } catch (error) {
    throw asAppError(error);
  }
  return { folder: resolved, imported, splits };
}

/** The data service's errors keep their code across the IPC boundary. */
export function asAppError(error: unknown): unknown {
  return error instanceof DatasetError ? new AppError(error.code, error.message) : error;
}
