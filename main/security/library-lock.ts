// The two entry points of library encryption: turning it on for a (closed) library, and unlocking an
// encrypted one at start. The key file is written before any data is touched, so a library whose
// migration was cut short is "encrypted, unfinished": unlocking it finishes the migration first.
import { dirname } from 'node:path';
import { openDatabase, type AppDatabase } from '../store/database';
import { MIGRATIONS } from '../store/migrations';
import { createLibraryKey, KeyStoreError, libraryKeyCustody, unlockLibraryKey, type KeyUnlock } from './key-store';
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

/**
 * Opens a library's database outside the app (the command-line tools that read clinicians'
 * reviews): a plaintext library as it is; an encrypted one with its passphrase, which the caller
 * reads from the environment or asks for. The library's data folder is the database file's folder.
 * KeyStoreError wrong_passphrase (none given, or not the one), keychain_unavailable (a key kept in
 * the OS keychain, which only the desktop app can ask).
 */
export async function openLibraryDatabase(databaseFile: string, passphrase: string | undefined): Promise<AppDatabase> {
  const dataDir = dirname(databaseFile);
  if (!isLibraryEncrypted(dataDir)) return openDatabase(databaseFile);
  if (passphrase === undefined) throw new KeyStoreError('wrong_passphrase', `The library in ${dataDir} is encrypted: give its passphrase.`);
  const key = await unlockLibraryKey(dataDir, { kind: 'passphrase', passphrase });
  return openDatabase(databaseFile, MIGRATIONS, { keyHex: key.databaseKeyHex() });
}
