// Reading a library's database from outside the app (train:reward --reviews-db): a plaintext library
// opens as it is; an encrypted one only with its passphrase, and says so when none or a wrong one is given.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath } from '../host/paths';
import { openDatabase } from '../store/database';
import { SettingsRepository } from '../store/settings-repository';
import { KeyStoreError } from './key-store';
import { enableLibraryEncryption, openLibraryDatabase } from './library-lock';

const root = mkdtempSync(join(tmpdir(), 'et-library-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function errorOf(promise: Promise<unknown>): Promise<KeyStoreError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KeyStoreError);
  return error as KeyStoreError;
}

describe('openLibraryDatabase', () => {
  it('opens a plaintext library as it is, and an encrypted one only with its passphrase', async () => {
    const dataDir = mkdtempSync(join(root, 'lib-'));
    const file = databasePath(dataDir);
    const database = openDatabase(file);
    new SettingsRepository(database.db).update({ theme: 'dark' });
    database.close();

    const plain = await openLibraryDatabase(file, undefined);
    expect(new SettingsRepository(plain.db).get()).toEqual({ theme: 'dark' });
    plain.close();

    await enableLibraryEncryption(dataDir, file, { kind: 'passphrase', passphrase: 'a long enough passphrase' });
    const none = await errorOf(openLibraryDatabase(file, undefined));
    expect(none.code).toBe('wrong_passphrase');
    expect(none.message).toContain('is encrypted: give its passphrase');
    expect((await errorOf(openLibraryDatabase(file, 'not the passphrase'))).code).toBe('wrong_passphrase');
    const unlocked = await openLibraryDatabase(file, 'a long enough passphrase');
    expect(new SettingsRepository(unlocked.db).get()).toEqual({ theme: 'dark' });
    unlocked.close();
  });
});
