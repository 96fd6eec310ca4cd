import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/types/settings';
import type { SqliteDatabase } from './database';

/** User preferences, one row per key, written immediately (there is no save button to forget). */
export class SettingsRepository {
  constructor(private readonly db: SqliteDatabase) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value_json FROM settings').all() as { key: string; value_json: string }[];
    const stored: Record<string, unknown> = {};
    for (const row of rows) {
      try {
        stored[row.key] = JSON.parse(row.value_json);
      } catch {
        // A damaged value falls back to its default rather than breaking start-up.
      }
    }
    const merged = settingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...stored });
    return merged.success ? merged.data : { ...DEFAULT_SETTINGS };
  }

  update(changes: Partial<Settings>): Settings {
    const upsert = this.db.prepare(
      `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
    );
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value), now);
      }
    })();
    return this.get();
  }
}
