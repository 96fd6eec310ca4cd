import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createLibraryKey,
  keyFilePath,
  KeyStoreError,
  libraryKeyCustody,
  rewrapLibraryKey,
  unlockLibraryKey,
  type KeyStoreErrorCode,
} from './key-store';

const root = mkdtempSync(join(tmpdir(), 'et-key-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
const freshDir = () => mkdtempSync(join(root, `lib-${count++}-`));
const passphrase = (text: string) => ({ kind: 'passphrase', passphrase: text }) as const;

async function code(promise: Promise<unknown>): Promise<KeyStoreErrorCode> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeyStoreError);
  return (error as KeyStoreError).code;
}

describe('the library key store (passphrase custody)', () => {
  it('wraps a new random key in a 0600 file that holds no key in the clear, and unwraps it with the passphrase', async () => {
    const dir = freshDir();
    expect(libraryKeyCustody(dir)).toBeNull();
    const key = await createLibraryKey(dir, passphrase('Zuerich-Föhn 2026'));
    expect(libraryKeyCustody(dir)).toBe('passphrase');
    expect(statSync(keyFilePath(dir)).mode & 0o777).toBe(0o600);
    const file = readFileSync(keyFilePath(dir), 'utf8');
    expect(file).not.toContain(key.bytes().toString('hex'));
    expect(file).not.toContain(key.bytes().toString('base64'));
    // NFC and NFD spellings of the same passphrase are the same passphrase.
    const again = await unlockLibraryKey(dir, passphrase('Zuerich-Fo\u0308hn 2026'));
    expect(again.bytes().equals(key.bytes())).toBe(true);
    expect(again.databaseKeyHex()).toMatch(/^[0-9a-f]{64}$/);
    expect(again.databaseKeyHex()).not.toBe(again.fileKey().toString('hex'));
  });

  it('gives two libraries different keys, and never makes a second key for one library', async () => {
    const a = await createLibraryKey(freshDir(), passphrase('same passphrase'));
    const dir = freshDir();
    const b = await createLibraryKey(dir, passphrase('same passphrase'));
    expect(a.bytes().equals(b.bytes())).toBe(false);
    const before = readFileSync(keyFilePath(dir));
    expect(await code(createLibraryKey(dir, passphrase('another passphrase')))).toBe('already_encrypted');
    expect(readFileSync(keyFilePath(dir)).equals(before)).toBe(true);
  });

  it('answers a wrong passphrase, a short one and a tampered or damaged key file with typed errors', async () => {
    const dir = freshDir();
    await createLibraryKey(dir, passphrase('the right one'));
    const before = readFileSync(keyFilePath(dir));
    expect(await code(unlockLibraryKey(dir, passphrase('the wrong one')))).toBe('wrong_passphrase');
    expect(await code(unlockLibraryKey(dir, passphrase('')))).toBe('wrong_passphrase');
    expect(readFileSync(keyFilePath(dir)).equals(before)).toBe(true);
    expect(await code(createLibraryKey(freshDir(), passphrase('short')))).toBe('weak_passphrase');

    const parsed = JSON.parse(before.toString('utf8')) as { kdf: { N: number } };
    // Cheaper KDF parameters are bound to the wrapped key: they don't verify.
    writeFileSync(keyFilePath(dir), JSON.stringify({ ...parsed, kdf: { ...parsed.kdf, N: 2 ** 10 } }));
    expect(await code(unlockLibraryKey(dir, passphrase('the right one')))).toBe('wrong_passphrase');
    // Parameters that would allocate gigabytes are refused before scrypt runs.
    writeFileSync(keyFilePath(dir), JSON.stringify({ ...parsed, kdf: { ...parsed.kdf, N: 2 ** 30 } }));
    expect(await code(unlockLibraryKey(dir, passphrase('the right one')))).toBe('key_file_damaged');
    writeFileSync(keyFilePath(dir), '{"format": 1, "custody": "passph');
    expect(await code(unlockLibraryKey(dir, passphrase('the right one')))).toBe('key_file_damaged');
  });

  it('says a keychain-held key needs the desktop app when the browser host offers a passphrase', async () => {
    const dir = freshDir();
    writeFileSync(keyFilePath(dir), JSON.stringify({ format: 1, custody: 'os-keychain', wrapped: 'djEwAAAA' }), { mode: 0o600 });
    expect(libraryKeyCustody(dir)).toBe('os-keychain');
    expect(await code(unlockLibraryKey(dir, passphrase('anything at all')))).toBe('keychain_unavailable');
  });
});

describe('changing the passphrase', () => {
  it('keeps the same key under the new passphrase: the old one no longer opens it, the new one does', async () => {
    const dir = freshDir();
    const key = await createLibraryKey(dir, passphrase('first passphrase'));
    await rewrapLibraryKey(dir, passphrase('first passphrase'), passphrase('second passphrase'));
    expect(libraryKeyCustody(dir)).toBe('passphrase');
    expect(statSync(keyFilePath(dir)).mode & 0o777).toBe(0o600);
    expect((await unlockLibraryKey(dir, passphrase('second passphrase'))).bytes().equals(key.bytes())).toBe(true);
    expect(await code(unlockLibraryKey(dir, passphrase('first passphrase')))).toBe('wrong_passphrase');
    expect(existsSync(`${keyFilePath(dir)}.new`)).toBe(false);
  });

  it('changes nothing for a wrong current passphrase or a short new one', async () => {
    const dir = freshDir();
    await createLibraryKey(dir, passphrase('the right one'));
    const before = readFileSync(keyFilePath(dir), 'utf8');
    expect(await code(rewrapLibraryKey(dir, passphrase('not the right one'), passphrase('a new passphrase')))).toBe('wrong_passphrase');
    expect(await code(rewrapLibraryKey(dir, passphrase('the right one'), passphrase('short')))).toBe('weak_passphrase');
    expect(readFileSync(keyFilePath(dir), 'utf8')).toBe(before);
    expect(await code(rewrapLibraryKey(freshDir(), passphrase('the right one'), passphrase('a new passphrase')))).toBe('key_file_damaged');
  });
});
