// Encryption over IPC, as the browser host's page drives it: turn it on with a passphrase, restart,
// find the library locked, unlock it (a wrong passphrase first), and find the data again.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppServices, type AppServices } from './app-services';
import { databasePath } from './paths';

const dataDir = mkdtempSync(join(tmpdir(), 'et-library-session-'));
const resourcesDir = resolve(import.meta.dirname, '../../resources');
const open: AppServices[] = [];
afterAll(async () => {
  for (const services of open) await services.closeAsync();
  rmSync(dataDir, { recursive: true, force: true });
});

function start(folder = dataDir): AppServices {
  const services = createAppServices({
    appName: 'EmotionThinker',
    appVersion: 'test',
    hostKind: 'browser',
    electronVersion: null,
    dataDir: folder,
    resourcesDir,
    log: () => {},
  });
  open.push(services);
  return services;
}

const call = (services: AppServices, channel: string, payload: unknown = {}) => services.router.dispatch(channel, payload);

describe('library encryption over IPC (issue 14)', () => {
  it('turns encryption on with a passphrase, keeping the library open and its data', async () => {
    const services = start();
    expect(await call(services, 'encryption.status')).toEqual({
      ok: true,
      value: { encrypted: false, locked: false, custody: null, keychainAvailable: false },
    });
    expect((await call(services, 'settings.update', { theme: 'dark' })).ok).toBe(true);
    // No keychain in the browser host, and a short passphrase: refused, library still open as it was.
    expect(await call(services, 'encryption.enable', {})).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await call(services, 'encryption.enable', { passphrase: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'weak_passphrase' },
    });
    expect(await call(services, 'settings.get')).toEqual({ ok: true, value: { theme: 'dark' } });

    const enabled = await call(services, 'encryption.enable', { passphrase: 'a long enough passphrase' });
    expect(enabled).toMatchObject({ ok: true, value: { encrypted: true, locked: false, custody: 'passphrase' } });
    expect(await call(services, 'settings.get')).toEqual({ ok: true, value: { theme: 'dark' } });
    expect((await call(services, 'library.list', {})).ok).toBe(true);
    expect(await call(services, 'encryption.enable', { passphrase: 'a long enough passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'already_encrypted' },
    });
    await services.closeAsync();
    expect(readFileSync(databasePath(dataDir)).includes('SQLite format 3')).toBe(false);
  });

  it('starts locked after a restart: library channels are unavailable until the right passphrase unlocks it', async () => {
    const services = start();
    expect(await call(services, 'encryption.status')).toMatchObject({ ok: true, value: { encrypted: true, locked: true } });
    expect(await call(services, 'settings.get')).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('locked') },
    });
    expect(await call(services, 'library.list', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await call(services, 'encryption.unlock', { passphrase: 'not the passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_passphrase' },
    });
    expect(await call(services, 'encryption.status')).toMatchObject({ ok: true, value: { locked: true } });

    expect(await call(services, 'encryption.unlock', { passphrase: 'a long enough passphrase' })).toMatchObject({
      ok: true,
      value: { encrypted: true, locked: false },
    });
    expect(await call(services, 'settings.get')).toEqual({ ok: true, value: { theme: 'dark' } });
    expect(await call(services, 'library.list', {})).toMatchObject({ ok: true, value: { items: [] } });
    const info = await call(services, 'system.getInfo');
    expect(info).toMatchObject({ ok: true, value: { database: { ok: true, journalMode: 'wal' } } });
  });

  it('changes the passphrase without closing the library; after a restart only the new one opens it', async () => {
    const folder = mkdtempSync(join(dataDir, 'change-'));
    let services = start(folder);
    expect(await call(services, 'encryption.changePassphrase', { current: 'x'.repeat(8), next: 'y'.repeat(8) })).toMatchObject({
      ok: false,
      error: { code: 'not_encrypted' },
    });
    expect((await call(services, 'encryption.enable', { passphrase: 'the first passphrase' })).ok).toBe(true);
    expect((await call(services, 'settings.update', { theme: 'light' })).ok).toBe(true);
    expect(
      await call(services, 'encryption.changePassphrase', { current: 'not the first passphrase', next: 'the second passphrase' }),
    ).toMatchObject({ ok: false, error: { code: 'wrong_passphrase' } });
    expect(await call(services, 'encryption.changePassphrase', { current: 'the first passphrase', next: 'short' })).toMatchObject({
      ok: false,
      error: { code: 'weak_passphrase' },
    });
    // No keychain in the browser host to move the key into.
    expect(await call(services, 'encryption.changePassphrase', { current: 'the first passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload' },
    });
    expect(
      await call(services, 'encryption.changePassphrase', { current: 'the first passphrase', next: 'the second passphrase' }),
    ).toMatchObject({ ok: true, value: { encrypted: true, locked: false, custody: 'passphrase' } });
    expect(await call(services, 'settings.get')).toEqual({ ok: true, value: { theme: 'light' } });
    await services.closeAsync();

    services = start(folder);
    expect(await call(services, 'encryption.unlock', { passphrase: 'the first passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_passphrase' },
    });
    expect((await call(services, 'encryption.unlock', { passphrase: 'the second passphrase' })).ok).toBe(true);
    expect(await call(services, 'settings.get')).toEqual({ ok: true, value: { theme: 'light' } });
  });
});
