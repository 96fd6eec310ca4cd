// The app's SQLite database (better-sqlite3 12: 13 needs Node 22). WAL keeps readers and the writer
// out of each other's way and makes a crash lose at most the last transaction. The build is
// better-sqlite3-multiple-ciphers (the same API over SQLite3MultipleCiphers), so an encrypted
// library's database is opened with its key in the SQLCipher 4 format (issue 14).
import Database from 'better-sqlite3-multiple-ciphers';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseStatus } from '../../shared/types/system';
import { AppError } from '../../shared/errors/app-error';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';
import { makePrivateDir, makePrivateFile, tightenIfExists } from './private-files';

export type SqliteDatabase = Database.Database;

export interface AppDatabase {
  readonly db: SqliteDatabase;
  readonly path: string;
  status(): DatabaseStatus;
  close(): void;
}

export interface OpenDatabaseOptions {
  /** The SQLCipher key (64 hex digits) of an encrypted library; absent for a plaintext one. */
  keyHex?: string;
}

/** Opens (creating if needed) and migrates the database at `path`. */
export function openDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS, options: OpenDatabaseOptions = {}): AppDatabase {
  let db: SqliteDatabase;
  try {
    if (path !== ':memory:') {
      // SQLite creates its -wal and -shm files with the database file's mode, so a 0600 database
      // keeps all three private (issue 14); files from before this release are tightened here.
      makePrivateDir(dirname(path));
      makePrivateFile(path);
      for (const companion of [`${path}-wal`, `${path}-shm`, `${path}-journal`]) tightenIfExists(companion);
    }
    db = new Database(path);
  } catch (error) {
    throw new AppError('database_unreadable', `Cannot open the database at ${path}: ${(error as Error).message}`);
  }
  try {
    // The key comes before anything reads a page; a wrong key shows on the first read.
    if (options.keyHex !== undefined) applyDatabaseKey(db, options.keyHex);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      // Without a key an encrypted database looks like any file that is not one.
      if (options.keyHex === undefined) {
        throw new AppError(
          'database_unreadable',
          `Cannot open the database at ${path}: it is not a database, or it is encrypted and the library is locked.`,
        );
      }
      throw new AppError('database_locked', `Cannot open the database at ${path} with this library's key.`);
    }
    throw new AppError('database_unreadable', `Cannot open the database at ${path}: ${(error as Error).message}`);
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw error;
  }
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  return {
    db,
    path,
    status: () => describe(db, path, latest),
    close: () => db.close(),
  };
}

/** Keys a just-opened connection: SQLCipher 4's format (AES-256, HMAC-SHA512 per page) with a raw key. */
export function applyDatabaseKey(db: SqliteDatabase, keyHex: string): void {
  if (!/^[0-9a-f]{64}$/.test(keyHex)) throw new RangeError('A database key is 64 lowercase hex digits.');
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${keyHex}'"`);
}

/** Applies the migrations newer than the database's version, each in its own transaction. */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    // Opening a newer database with an older app would silently misread it; refuse instead.
    throw new AppError(
      'database_too_new',
      `The database is at schema version ${current}, newer than this app understands (${latest}). Update the app.`,
    );
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

function describe(db: SqliteDatabase, path: string, latest: number): DatabaseStatus {
  const schemaVersion = db.pragma('user_version', { simple: true }) as number;
  const journalMode = String(db.pragma('journal_mode', { simple: true }));
  const integrity = String(db.pragma('quick_check', { simple: true }));
  let sizeBytes = 0;
  if (path !== ':memory:') {
    for (const file of [path, `${path}-wal`]) {
      try {
        sizeBytes += statSync(file).size;
      } catch {
        // The WAL file exists only between checkpoints.
      }
    }
  }
  const ok = integrity === 'ok' && schemaVersion === latest;
  return {
    path,
    ok,
    schemaVersion,
    latestSchemaVersion: latest ?? LATEST_SCHEMA_VERSION,
    journalMode,
    sizeBytes,
    ...(ok ? {} : { message: integrity === 'ok' ? 'schema is not up to date' : `integrity check: ${integrity}` }),
  };
}
