// Custody of the library key (issue 14), one file in the data folder (0600) that holds the key only
// in wrapped form: under Electron the OS keychain wraps it (safeStorage); in the browser host, where
// there is no keychain to ask, a key derived from the user's passphrase (scrypt) wraps it with
// AES-256-GCM. A wrong passphrase fails the GCM tag and is reported as such: nothing is rewritten,
// so a typo can never damage the library.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '../../shared/errors/coded-error';
import { writePrivateFile } from '../store/private-files';
import { LibraryKey } from './library-key';

export const KEY_FILE_NAME = 'library-key.json';
/** scrypt cost of new key files: ~32 MiB and ~0.1 s per unlock, OWASP's floor for scrypt. */
const SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const MIN_PASSPHRASE_CHARS = 8;

export type KeyStoreErrorCode = 'wrong_passphrase' | 'weak_passphrase' | 'key_file_damaged' | 'keychain_unavailable' | 'already_encrypted';

export class KeyStoreError extends CodedError<KeyStoreErrorCode> {}

/** What the key store needs of Electron's `safeStorage` (main/electron passes the real one in). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means a hard-coded password, which protects nothing. */
  getSelectedStorageBackend?(): string;
}

/** How the library key is unlocked: the OS keychain, or a passphrase the user types. */
export type KeyUnlock = { kind: 'os-keychain'; safeStorage: SafeStorageLike } | { kind: 'passphrase'; passphrase: string };

interface ScryptParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
}

type KeyFile =
  | { format: 1; custody: 'passphrase'; kdf: ScryptParams; wrapped: { nonce: string; data: string; tag: string } }
  | { format: 1; custody: 'os-keychain'; wrapped: string };

export function keyFilePath(dataDir: string): string {
  return join(dataDir, KEY_FILE_NAME);
}

/** Whether the library in `dataDir` has a key (is encrypted, or being encrypted), and how it unlocks. */
export function libraryKeyCustody(dataDir: string): KeyFile['custody'] | null {
  return existsSync(keyFilePath(dataDir)) ? readKeyFile(dataDir).custody : null;
}

/** Makes a new library key and stores it wrapped. Refuses when the library already has one. */
export async function createLibraryKey(dataDir: string, unlock: KeyUnlock): Promise<LibraryKey> {
  if (existsSync(keyFilePath(dataDir))) throw new KeyStoreError('already_encrypted', 'This library already has an encryption key.');
  const key = LibraryKey.generate();
  await writeKeyFile(dataDir, await wrapKey(key, unlock));
  return key;
}

/**
 * Keeps the same library key under a new passphrase (or moves it to or from the OS keychain):
 * unwraps it with `current` (KeyStoreError wrong_passphrase, nothing changed), wraps it with `next`
 * (weak_passphrase, keychain_unavailable: nothing changed) and replaces the key file whole. The
 * database and files stay as they are: only the wrapping changes, so this takes a fraction of a second
 * whatever the library's size, and a crash leaves the old key file or the new one, never neither.
 */
export async function rewrapLibraryKey(dataDir: string, current: KeyUnlock, next: KeyUnlock): Promise<void> {
  const key = await unlockLibraryKey(dataDir, current);
  await writeKeyFile(dataDir, await wrapKey(key, next));
}

function wrapKey(key: LibraryKey, unlock: KeyUnlock): Promise<KeyFile> | KeyFile {
  return unlock.kind === 'passphrase' ? wrapWithPassphrase(key, unlock.passphrase) : wrapWithKeychain(key, unlock.safeStorage);
}

/** Written whole under another name first: a crash leaves the old key file (or none) or the new one, never half of one. */
async function writeKeyFile(dataDir: string, file: KeyFile): Promise<void> {
  const path = keyFilePath(dataDir);
  await writePrivateFile(`${path}.new`, `${JSON.stringify(file, null, 2)}\n`);
  await rename(`${path}.new`, path);
}

/** The library key, unwrapped. Throws KeyStoreError (wrong_passphrase, key_file_damaged, keychain_unavailable). */
export async function unlockLibraryKey(dataDir: string, unlock: KeyUnlock): Promise<LibraryKey> {
  const file = readKeyFile(dataDir);
  if (file.custody === 'passphrase') {
    if (unlock.kind !== 'passphrase') throw new KeyStoreError('wrong_passphrase', 'This library is unlocked with a passphrase.');
    const kek = await deriveKek(unlock.passphrase, file.kdf);
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(file.wrapped.nonce, 'base64'));
    decipher.setAAD(Buffer.from(JSON.stringify(file.kdf)));
    decipher.setAuthTag(Buffer.from(file.wrapped.tag, 'base64'));
    try {
      return LibraryKey.fromBytes(Buffer.concat([decipher.update(Buffer.from(file.wrapped.data, 'base64')), decipher.final()]));
    } catch {
      throw new KeyStoreError('wrong_passphrase', 'The passphrase is not the one this library was encrypted with.');
    }
  }
  if (unlock.kind !== 'os-keychain')
    throw new KeyStoreError('keychain_unavailable', "This library's key is kept in the system keychain; open it in the desktop app.");
  requireKeychain(unlock.safeStorage);
  let hex: string;
  try {
    hex = unlock.safeStorage.decryptString(Buffer.from(file.wrapped, 'base64'));
  } catch (error) {
    throw new KeyStoreError('keychain_unavailable', `The system keychain could not unwrap the library key: ${(error as Error).message}`);
  }
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new KeyStoreError('key_file_damaged', 'The system keychain returned something that is not a library key.');
  return LibraryKey.fromBytes(Buffer.from(hex, 'hex'));
}

function readKeyFile(dataDir: string): KeyFile {
  const path = keyFilePath(dataDir);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new KeyStoreError('key_file_damaged', `The library key file ${path} cannot be read: ${(error as Error).message}`);
  }
  if (isKeyFile(parsed)) return parsed;
  throw new KeyStoreError('key_file_damaged', `The library key file ${path} is not one this app wrote.`);
}

function isKeyFile(value: unknown): value is KeyFile {
  const v = value as Partial<Record<string, unknown>> | null;
  if (!v || typeof v !== 'object' || v.format !== 1) return false;
  if (v.custody === 'os-keychain') return typeof v.wrapped === 'string';
  if (v.custody !== 'passphrase') return false;
  const kdf = v.kdf as Partial<ScryptParams> | undefined;
  const wrapped = v.wrapped as Partial<Record<string, unknown>> | undefined;
  return (
    kdf?.name === 'scrypt' &&
    [kdf.N, kdf.r, kdf.p].every((n) => Number.isInteger(n) && (n as number) > 0) &&
    // Bounds keep a tampered file from making the unlock allocate gigabytes.
    (kdf.N as number) <= 2 ** 20 &&
    (kdf.r as number) <= 32 &&
    (kdf.p as number) <= 16 &&
    typeof kdf.salt === 'string' &&
    ['nonce', 'data', 'tag'].every((field) => typeof wrapped?.[field] === 'string')
  );
}

async function wrapWithPassphrase(key: LibraryKey, passphrase: string): Promise<KeyFile> {
  if ([...passphrase].length < MIN_PASSPHRASE_CHARS) {
    throw new KeyStoreError('weak_passphrase', `A passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters.`);
  }
  const kdf: ScryptParams = { name: 'scrypt', ...SCRYPT_COST, salt: randomBytes(16).toString('base64') };
  const kek = await deriveKek(passphrase, kdf);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, nonce);
  cipher.setAAD(Buffer.from(JSON.stringify(kdf)));
  const data = Buffer.concat([cipher.update(key.bytes()), cipher.final()]);
  return {
    format: 1,
    custody: 'passphrase',
    kdf,
    wrapped: { nonce: nonce.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
  };
}

function wrapWithKeychain(key: LibraryKey, safeStorage: SafeStorageLike): KeyFile {
  requireKeychain(safeStorage);
  return { format: 1, custody: 'os-keychain', wrapped: safeStorage.encryptString(key.bytes().toString('hex')).toString('base64') };
}

function requireKeychain(safeStorage: SafeStorageLike): void {
  if (!safeStorage.isEncryptionAvailable() || safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    throw new KeyStoreError('keychain_unavailable', 'No system keychain is available to keep the library key.');
  }
}

function deriveKek(passphrase: string, kdf: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scryptCallback(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, options, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
}
