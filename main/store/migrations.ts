// Versioned schema migrations. Each runs once, in order, inside a transaction; the version reached is
// kept in SQLite's user_version and in schema_migrations (with when it ran) for support questions.
// Append only: a shipped migration is never edited, a change is a new one.

/** One schema step. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'settings',
    sql: `
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value_json TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
];

/** The version a fully migrated database of this build has. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);
