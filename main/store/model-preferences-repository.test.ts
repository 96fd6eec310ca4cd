// The Models area's preferences in the real settings table: the chosen model, the developer
// setting and the names the user gave models survive a reopen; a damaged value resets only itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database';
import { ModelPreferencesRepository } from './model-preferences-repository';

describe('model preferences', () => {
  const dir = mkdtempSync(join(tmpdir(), 'et-model-prefs-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keep display names by model key across a reopen, and drop a damaged value alone', () => {
    const path = join(dir, 'app.db');
    let database = openDatabase(path);
    new ModelPreferencesRepository(database.db).update({
      activeModelKey: 'user:lab',
      displayNames: { 'user:lab': 'Lab model', 'shipped:default': 'Clinic default' },
    });
    database.close();
    database = openDatabase(path);
    const prefs = new ModelPreferencesRepository(database.db);
    expect(prefs.get()).toEqual({
      activeModelKey: 'user:lab',
      showTestModels: false,
      displayNames: { 'user:lab': 'Lab model', 'shipped:default': 'Clinic default' },
    });
    // A name under a key that is not a model key, or not a string, is ignored; the rest stays.
    database.db
      .prepare("UPDATE settings SET value_json = ? WHERE key = 'models.displayNames'")
      .run(JSON.stringify({ 'user:lab': 'Lab model', 'bad key': 'x', 'user:n': 5 }));
    expect(prefs.get()).toMatchObject({ activeModelKey: 'user:lab', displayNames: { 'user:lab': 'Lab model' } });
    database.db.prepare("UPDATE settings SET value_json = '{ not json' WHERE key = 'models.displayNames'").run();
    expect(prefs.get()).toEqual({ activeModelKey: 'user:lab', showTestModels: false, displayNames: {} });
    database.close();
  });
});
