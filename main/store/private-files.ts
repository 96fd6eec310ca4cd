// Patient data is for the user alone (issue 14): the data folder and its subfolders are created (or
// tightened to) 0700, and every file of the library — database, recordings, uploads, reports — is
// created 0600, whatever the umask. On Windows, where POSIX modes mean little, these are no-ops; the
// profile folder's ACL is what protects it there.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { chmod, open, writeFile, type FileHandle } from 'node:fs/promises';

/** Mode of the data folder and every folder in it. */
export const PRIVATE_DIR_MODE = 0o700;
/** Mode of every file the library writes. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) and makes `dir` itself 0700, also when it already existed. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Makes sure `path` exists and is 0600 (a file created before this release is tightened). */
export function makePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** Tightens an existing file to 0600; nothing happens when it doesn't exist. */
export function tightenIfExists(path: string): void {
  if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
}

/** Opens a new file for writing, created 0600 (the mode of open() applies only on creation). */
export async function openPrivateFile(path: string, flags: 'w' | 'wx' = 'w'): Promise<FileHandle> {
  const handle = await open(path, flags, PRIVATE_FILE_MODE);
  await handle.chmod(PRIVATE_FILE_MODE); // an existing file being overwritten keeps its old mode otherwise
  return handle;
}

/** Writes a whole file readable by the user alone. */
export async function writePrivateFile(path: string, data: string | Uint8Array): Promise<void> {
  await writeFile(path, data, { mode: PRIVATE_FILE_MODE });
  await chmod(path, PRIVATE_FILE_MODE);
}
