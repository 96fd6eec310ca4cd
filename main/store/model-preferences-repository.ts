// The model choices kept beside the other settings (same table, own keys): which model analyses use
// the developer setting that lets test models be listed and chosen, and the names the user gave models. Kept apart from Settings so
// the Models area owns its keys and a damaged value only resets its own key.
import type { ModelKey } from '../../shared/types/model-registry';
import { modelKeySchema } from '../../shared/types/model-registry';
import type { SqliteDatabase } from './database';

/** The stored model preferences. */
export interface ModelPreferences {
  /** The model the user chose; null = the app's default. */
  activeModelKey: ModelKey | null;
  /** Developer setting: list test models and allow choosing them. */
  showTestModels: boolean;
  /** Names the user gave models, by key (a shipped folder is never edited to rename it). */
  displayNames: Record<ModelKey, string>;
}

const ACTIVE = 'models.activeKey';
const SHOW_TEST = 'models.showTestModels';
const DISPLAY_NAMES = 'models.displayNames';

export class ModelPreferencesRepository {
  constructor(private readonly db: SqliteDatabase) {}

  get(): ModelPreferences {
    const read = (key: string): unknown => {
      const row = this.db.prepare('SELECT value_json FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
      try {
        return row === undefined ? undefined : JSON.parse(row);
      } catch {
        return undefined; // a damaged value falls back to its default
      }
    };
    const active = modelKeySchema.safeParse(read(ACTIVE));
    const names = read(DISPLAY_NAMES);
    const displayNames: Record<ModelKey, string> = {};
    if (names && typeof names === 'object') {
      for (const [key, name] of Object.entries(names))
        if (modelKeySchema.safeParse(key).success && typeof name === 'string') displayNames[key] = name;
    }
    return { activeModelKey: active.success ? active.data : null, showTestModels: read(SHOW_TEST) === true, displayNames };
  }

  update(changes: Partial<ModelPreferences>): ModelPreferences {
    const upsert = this.db.prepare(
      `INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at`,
    );
    const now = new Date().toISOString();
    this.db.transaction(() => {
      if (changes.activeModelKey !== undefined) upsert.run(ACTIVE, JSON.stringify(changes.activeModelKey), now);
      if (changes.showTestModels !== undefined) upsert.run(SHOW_TEST, JSON.stringify(changes.showTestModels), now);
      if (changes.displayNames !== undefined) upsert.run(DISPLAY_NAMES, JSON.stringify(changes.displayNames), now);
    })();
    return this.get();
  }
}
