// The two entry points of library encryption: turning it on for a (closed) library, and unlocking an
// encrypted one at start. The key file is written before any data is touched, so a library whose
// migration was cut short is "encrypted, unfinished": unlocking it finishes the migration first.
import { openDatabase, type AppDatabase } from '../store/database';
import { MIGRATIONS } from '../store/migrations';
import { createLibraryKey, libraryKeyCustody, unlockLibraryKey, type KeyUnlock } from './key-store';
import { encryptLibrary, type EncryptionStepListener, type LibraryEncryptionReport } from './library-encryption';
import { LibraryFiles } from './library-files';
import type { LibraryKey } from './library-key';

export interface UnlockedLibrary {
  key: LibraryKey;
  database: AppDatabase;
  files: LibraryFiles;
  migration: LibraryEncryptionReport;
}

/** Whether the library in `dataDir` is encrypted (has a key file) and needs unlocking before it opens. */
export function isLibraryEncrypted(dataDir: string): boolean {
  return libraryKeyCustody(dataDir) !== null;
}

/**
 * Encrypts the closed plaintext library in `dataDir` under a new key kept as `unlock` says. Throws
 * KeyStoreError('already_encrypted') when it already has a key (unlock it instead).
 */
export async function enableLibraryEncryption(
  dataDir: string,
  databaseFile: string,
  unlock: KeyUnlock,
  onStep?: EncryptionStepListener,
): Promise<LibraryEncryptionReport> {
  const key = await createLibraryKey(dataDir, unlock);
  await onStep?.('key');
  return encryptLibrary(dataDir, databaseFile, key, onStep);
}

/**
 * Unwraps the key (KeyStoreError on a wrong passphrase, with nothing changed), finishes an
 * interrupted migration, and opens the database with the key.
 */
export async function unlockLibrary(dataDir: string, databaseFile: string, unlock: KeyUnlock): Promise<UnlockedLibrary> {
  const key = await unlockLibraryKey(dataDir, unlock);
  const migration = await encryptLibrary(dataDir, databaseFile, key);
  const database = openDatabase(databaseFile, MIGRATIONS, { keyHex: key.databaseKeyHex() });
  return { key, database, files: new LibraryFiles(key), migration };
}
