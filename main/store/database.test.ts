import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { LATEST_SCHEMA_VERSION, type Migration } from './migrations';
import { SettingsRepository } from './settings-repository';

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'et-db-')), 'nested', 'app.sqlite');

describe('the app database', () => {
  it('opens, migrates to the latest schema in WAL mode, writes, and reads it back after reopening', () => {
    const path = tempFile();
    const first = openDatabase(path);
    expect(first.status()).toMatchObject({ ok: true, schemaVersion: LATEST_SCHEMA_VERSION, journalMode: 'wal' });
    new SettingsRepository(first.db).update({ theme: 'dark' });
    first.close();

    const reopened = openDatabase(path);
    expect(new SettingsRepository(reopened.db).get()).toEqual({ theme: 'dark' });
    const applied = reopened.db.prepare('SELECT version FROM schema_migrations').all();
    expect(applied).toHaveLength(LATEST_SCHEMA_VERSION);
    reopened.close();
  });

  it('applies only the new migrations when the app gains one', () => {
    const path = tempFile();
    openDatabase(path).close();
    const next: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'notes',
      sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT) STRICT;',
    };
    const upgraded = openDatabase(path, [{ version: 1, name: 'settings', sql: 'SELECT raise(ABORT, "must not rerun")' }, next]);
    expect(upgraded.status().schemaVersion).toBe(LATEST_SCHEMA_VERSION + 1);
    upgraded.db.prepare('INSERT INTO notes (text) VALUES (?)').run('kept');
    upgraded.close();
  });

  it('rolls a failing migration back completely', () => {
    const path = tempFile();
    expect(() =>
      openDatabase(path, [{ version: 1, name: 'broken', sql: 'CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER);' }]),
    ).toThrow();
    const db = openDatabase(path);
    expect(db.status().schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    db.close();
  });

  it('refuses a database written by a newer app instead of misreading it', () => {
    const path = tempFile();
    const db = openDatabase(path);
    db.db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(path)).toThrow(/schema version 999/);
  });

  it('reports a corrupt file with a clear error and leaves it untouched', () => {
    const path = tempFile();
    openDatabase(path).close();
    const garbage = Buffer.from('this is not an sqlite database, but it is the user file '.repeat(200));
    writeFileSync(path, garbage);
    expect(() => openDatabase(path)).toThrow(/Cannot open the database/);
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });
});

describe('settings', () => {
  it('start from the defaults and fall back to them for a damaged value', () => {
    const db = openDatabase(':memory:');
    const settings = new SettingsRepository(db.db);
    expect(settings.get()).toEqual({ theme: 'system' });
    db.db.prepare("INSERT INTO settings VALUES ('theme', '{broken', 'now')").run();
    expect(settings.get()).toEqual({ theme: 'system' });
    db.close();
  });
});

describe('an encrypted database (issue 14)', () => {
  const keyHex = 'c0ffee'.padEnd(64, '5');

  it('opens with its key in WAL mode, keeps no row in plaintext, and refuses another key or none', () => {
    const path = tempFile();
    const keyed = openDatabase(path, undefined, { keyHex });
    expect(keyed.status()).toMatchObject({ ok: true, journalMode: 'wal' });
    new SettingsRepository(keyed.db).update({ theme: 'dark' });
    keyed.close();
    expect(readFileSync(path).includes('SQLite format 3')).toBe(false);
    expect(readFileSync(path).includes('"dark"')).toBe(false);
    const reopened = openDatabase(path, undefined, { keyHex });
    expect(new SettingsRepository(reopened.db).get()).toEqual({ theme: 'dark' });
    reopened.close();
    expect(() => openDatabase(path, undefined, { keyHex: '0'.repeat(64) })).toThrow(expect.objectContaining({ code: 'database_locked' }));
    expect(() => openDatabase(path)).toThrow(expect.objectContaining({ code: 'database_unreadable' }));
    // The file is untouched by the failed opens.
    expect(openDatabase(path, undefined, { keyHex }).status().ok).toBe(true);
  });
});
