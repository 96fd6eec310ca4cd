// Recursive listing of audio files under a corpus folder, in a stable (sorted) order.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DatasetError } from '../dataset-error';

/** Extensions the decoder can read (main/audio sniffs the real format from the bytes). */
const AUDIO_EXTENSIONS = new Set(['.wav', '.flac', '.mp3', '.ogg', '.opus', '.m4a', '.webm']);

export function isAudioFile(file: string): boolean {
  return AUDIO_EXTENSIONS.has(path.extname(file).toLowerCase());
}

/** Throws DatasetError('folder_not_found') unless `root` is a readable folder. */
export function requireFolder(root: string): void {
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new DatasetError('folder_not_found', `Dataset folder "${root}" does not exist or is not a folder.`);
}

/** Every audio file under `root` (absolute paths, sorted); hidden folders are skipped. */
export function listAudioFiles(root: string): string[] {
  requireFolder(root);
  return listMatching(root, isAudioFile);
}

/** Every file under `root` whose name matches `pattern` (sorted). */
export function listFiles(root: string, pattern: RegExp): string[] {
  return listMatching(root, (name) => pattern.test(name));
}

/** Files under `root` (sorted, absolute) whose name passes `keep`; hidden files and folders are skipped. */
function listMatching(root: string, keep: (name: string) => boolean): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile() && keep(entry.name)) found.push(full);
    }
  };
  visit(root);
  return found.sort();
}
