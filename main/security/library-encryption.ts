// Turning encryption on for an existing library (issue 14): the database is copied (VACUUM INTO, so
// no free page keeps old rows), the copy is encrypted (SQLCipher 4 via PRAGMA rekey) and renamed over
// the original; every recording and report is encrypted to a temporary name and renamed over its
// plaintext. Each step replaces a whole file with one rename, so a kill -9 at any point leaves every
// file either as it was or encrypted, and running the migration again finishes the job.
// What was still in progress goes too: an interrupted microphone recording in partial/ becomes an
// encrypted journal (recording-journal.ts, recoverable as before) and unfinished uploads in
// incoming/ are removed (the library is closed, so their uploads were cancelled; the page re-sends).
//
// The library must be closed while this runs (no open connection to the database).
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyDatabaseKey } from '../store/database';
import { libraryFolders } from '../store/library-folders';
import { makePrivateFile } from '../store/private-files';
import { encryptFileTo, isEncryptedFile } from './encrypted-file';
import { isRecordingJournal, journalFromWav } from './recording-journal';
import type { LibraryKey } from './library-key';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Suffix of the temporary files a step writes before renaming them into place. */
const TEMPORARY_SUFFIX = '.encrypting';

export interface LibraryEncryptionReport {
  databaseEncrypted: boolean;
  filesEncrypted: number;
  /** Files already encrypted by an earlier, interrupted run. */
  filesAlreadyEncrypted: number;
  /** Interrupted microphone recordings in partial/ turned from plaintext WAVs into encrypted journals. */
  recordingsSealed: number;
  /** Unfinished plaintext uploads removed from incoming/. */
  uploadsRemoved: number;
  /** Files in partial/ that could not be sealed (not a readable recording): left as they are. */
  plaintextInProgress: string[];
}

/** Called after each step: 'database', then the path of each file encrypted (for progress). */
export type EncryptionStepListener = (step: string) => void | Promise<void>;

/** Encrypts the closed library in `dataDir` with `key`; safe to run again after an interruption. */
export async function encryptLibrary(
  dataDir: string,
  databaseFile: string,
  key: LibraryKey,
  onStep?: EncryptionStepListener,
): Promise<LibraryEncryptionReport> {
  const databaseEncrypted = encryptDatabaseFile(databaseFile, key.databaseKeyHex());
  await onStep?.('database');
  const folders = libraryFolders(dataDir);
  let filesEncrypted = 0;
  let filesAlreadyEncrypted = 0;
  for (const dir of [folders.recordings, folders.reports]) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(dir, entry.name);
      // A temporary from an interrupted run: its source is still there, plaintext, and is redone.
      if (entry.name.endsWith(TEMPORARY_SUFFIX)) {
        await rm(path, { force: true });
        continue;
      }
      if (await isEncryptedFile(path)) {
        filesAlreadyEncrypted += 1;
        continue;
      }
      await encryptFileTo(path, `${path}${TEMPORARY_SUFFIX}`, key.fileKey());
      await rename(`${path}${TEMPORARY_SUFFIX}`, path);
      filesEncrypted += 1;
      await onStep?.(path);
    }
  }
  const uploadsRemoved = await removeUploads(folders.incoming);
  const { recordingsSealed, plaintextInProgress } = await sealInterruptedRecordings(folders.partial, key.fileKey());
  return { databaseEncrypted, filesEncrypted, filesAlreadyEncrypted, recordingsSealed, uploadsRemoved, plaintextInProgress };
}

/** Removes every unfinished upload: none can be resumed once the library has closed for this. */
async function removeUploads(dir: string): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    await rm(join(dir, entry.name), { force: true });
    removed += 1;
  }
  return removed;
}

/** Turns each plaintext recording in partial/ into a journal (a WAV with no audio is removed). */
async function sealInterruptedRecordings(
  dir: string,
  fileKey: Buffer,
): Promise<{ recordingsSealed: number; plaintextInProgress: string[] }> {
  let recordingsSealed = 0;
  const plaintextInProgress: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(dir, entry.name);
    // The temporary journal of an interrupted run: its WAV is still there and is redone.
    if (entry.name.endsWith('.sealing')) {
      await rm(path, { force: true });
      continue;
    }
    if (!entry.name.endsWith('.wav') || (await isRecordingJournal(path)) || (await isEncryptedFile(path))) continue;
    const journal = `${path}j`;
    // Killed after the journal was renamed into place but before the WAV went: the journal is whole.
    if (await isRecordingJournal(journal)) {
      await rm(path, { force: true });
      recordingsSealed += 1;
      continue;
    }
    try {
      const sealed = await journalFromWav(path, journal, fileKey);
      if (sealed.dataBytes === 0) await rm(journal, { force: true });
      recordingsSealed += 1;
    } catch {
      plaintextInProgress.push(path);
    }
  }
  return { recordingsSealed, plaintextInProgress };
}

/** True when the file starts like a plaintext SQLite database. */
export function isPlaintextDatabase(path: string): boolean {
  if (!existsSync(path) || statSync(path).size < SQLITE_MAGIC.length) return false;
  const db = readHead(path, SQLITE_MAGIC.length);
  return db.equals(SQLITE_MAGIC);
}

/**
 * Encrypts a plaintext database file in place (through a copy and a rename). Returns false when there
 * was nothing to do: no database yet (it will be created encrypted) or one already encrypted.
 */
export function encryptDatabaseFile(path: string, keyHex: string): boolean {
  const temporary = `${path}${TEMPORARY_SUFFIX}`;
  for (const leftover of [temporary, `${temporary}-journal`]) rmSync(leftover, { force: true });
  if (!isPlaintextDatabase(path)) return false;
  const plain = new Database(path);
  try {
    // Everything in the WAL goes into the main file first, then a compact copy is taken.
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.exec(`VACUUM INTO '${temporary.replaceAll("'", "''")}'`);
  } finally {
    plain.close();
  }
  makePrivateFile(temporary);
  const copy = new Database(temporary);
  try {
    copy.pragma('journal_mode = DELETE'); // rekey does not run in WAL mode
    copy.pragma(`cipher = 'sqlcipher'`);
    copy.pragma('legacy = 4');
    copy.pragma(`rekey = "x'${keyHex}'"`);
  } finally {
    copy.close();
  }
  verifyEncryptedDatabase(temporary, keyHex);
  // The plaintext's WAL is empty after the checkpoint; an old WAL next to the new file would be
  // replayed into it, so it goes before the rename.
  for (const companion of [`${path}-wal`, `${path}-shm`]) rmSync(companion, { force: true });
  renameSync(temporary, path);
  return true;
}

function verifyEncryptedDatabase(path: string, keyHex: string): void {
  if (isPlaintextDatabase(path)) throw new Error(`Encrypting ${path} left it in plaintext.`);
  const check = new Database(path, { readonly: true });
  try {
    applyDatabaseKey(check, keyHex);
    const result = String(check.pragma('quick_check', { simple: true }));
    if (result !== 'ok') throw new Error(`The encrypted copy of the database fails its check: ${result}`);
  } finally {
    check.close();
  }
}

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const out = Buffer.alloc(bytes);
    readSync(fd, out, 0, bytes, 0);
    return out;
  } finally {
    closeSync(fd);
  }
}
