import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelRegistry } from './model-registry';
import { copyTinyModel, memoryPreferences } from './testing/model-copies';

const copyTiny = copyTinyModel;
/** The copies are the tiny test model, so they report its size (it changes when its graphs are re-exported). */
const tinyParameterCount = () =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/models/tiny/manifest.json'), 'utf8')).weights.parameterCount as number;

describe('the model registry', () => {
  let root: string;
  let shippedDir: string;
  let userDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'et-registry-'));
    shippedDir = join(root, 'resources', 'models');
    userDir = join(root, 'data', 'models');
    copyTiny(join(shippedDir, 'tiny'));
    copyTiny(join(shippedDir, 'default'), (m) => {
      m.id = 'emotion-reasoner-default';
      m.name = 'EmotionReasoner default';
      m.testModel = false;
      m.licence = 'CC BY-NC-SA 4.0 (trained on RAVDESS)';
      m.metrics = { accuracy: 0.61 };
    });
    writeFileSync(join(shippedDir, 'default', 'MODEL_CARD.md'), '# Default model\n<script>alert(1)</script> stays text.\n');
    mkdirSync(join(shippedDir, 'empty-folder'));
    copyTiny(join(userDir, 'my-finetune'), (m) => {
      m.id = 'my-finetune';
      m.name = 'My fine-tune';
      m.testModel = false;
    });
    copyTiny(join(userDir, 'cut-short'));
    truncateSync(join(userDir, 'cut-short', 'weights.bin'), 1000);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists shipped and user models with their manifest details, and broken folders with their error code', () => {
    const registry = new ModelRegistry({ shippedDir, userDir, preferences: memoryPreferences() });
    const listing = registry.list();
    const byKey = Object.fromEntries(listing.models.map((m) => [m.key, m]));
    expect(Object.keys(byKey).sort()).toEqual(['shipped:default', 'shipped:empty-folder', 'user:cut-short', 'user:my-finetune']);
    expect(byKey['shipped:default']!.details).toMatchObject({
      id: 'emotion-reasoner-default',
      testModel: false,
      nonCommercial: true,
      parameterCount: tinyParameterCount(),
      trainable: true,
      metrics: { accuracy: 0.61 },
    });
    expect(byKey['shipped:default']!.details!.labels).toContain('fearful');
    expect(byKey['shipped:empty-folder']!.problem).toMatchObject({ code: 'manifest_missing' });
    expect(byKey['user:cut-short']!.problem).toMatchObject({ code: 'weights_size_mismatch' });
    expect(byKey['user:cut-short']!.details).toBeNull();
    expect(listing.hiddenTestModels).toBe(1);
  });

  it('hides test models unless the developer setting is on, and then lists them as test models', () => {
    const preferences = memoryPreferences();
    const registry = new ModelRegistry({ shippedDir, userDir, preferences });
    expect(registry.list().models.some((m) => m.key === 'shipped:tiny')).toBe(false);
    expect(() => registry.setActive('shipped:tiny')).toThrow(/test model/);
    const shown = registry.setShowTestModels(true);
    expect(shown.models.find((m) => m.key === 'shipped:tiny')!.details!.testModel).toBe(true);
    expect(registry.setActive('shipped:tiny').activeKey).toBe('shipped:tiny');
    // Turning the setting off again takes the test model out of use, not just out of the list.
    const hidden = registry.setShowTestModels(false);
    expect(hidden.activeKey).toBe('shipped:default');
    expect(hidden.activeReason).toMatch(/test model/);
  });

  it('uses the shipped default until the user chooses another model, and remembers the choice', () => {
    const preferences = memoryPreferences();
    const registry = new ModelRegistry({ shippedDir, userDir, preferences });
    expect(registry.active()?.key).toBe('shipped:default');
    registry.setActive('user:my-finetune');
    expect(preferences.get().activeModelKey).toBe('user:my-finetune');
    expect(new ModelRegistry({ shippedDir, userDir, preferences }).active()).toMatchObject({
      key: 'user:my-finetune',
      dir: join(userDir, 'my-finetune'),
    });
    expect(() => registry.setActive('user:cut-short')).toThrow(/cannot be used/);
    expect(() => registry.setActive('user:nothing-here')).toThrow(/No model/);
  });

  it('has no active model when only test models are installed and the setting is off', () => {
    rmSync(join(shippedDir, 'default'), { recursive: true });
    const registry = new ModelRegistry({ shippedDir, userDir, preferences: memoryPreferences() });
    expect(registry.active()).toBeNull();
    expect(registry.list().activeReason).toMatch(/No emotion model is active/);
  });

  it('gives the model card and licence back as text, unrendered', () => {
    writeFileSync(join(userDir, 'my-finetune', 'LICENSE'), 'Creative Commons Attribution-NonCommercial-ShareAlike 4.0');
    const registry = new ModelRegistry({ shippedDir, userDir, preferences: memoryPreferences() });
    expect(registry.documents('shipped:default').modelCard).toContain('<script>alert(1)</script>');
    expect(registry.documents('user:my-finetune')).toMatchObject({
      modelCard: null,
      licenceText: expect.stringContaining('NonCommercial'),
    });
  });

  it('removes a user model with an undo window, and never a shipped one', async () => {
    const preferences = memoryPreferences({ activeModelKey: 'user:my-finetune' });
    const registry = new ModelRegistry({ shippedDir, userDir, preferences, undoWindowMs: 150 });
    expect(() => registry.remove('shipped:default')).toThrow(/ships with the app/);
    registry.remove('user:my-finetune');
    expect(existsSync(join(userDir, 'my-finetune'))).toBe(false);
    expect(registry.list().activeKey).toBe('shipped:default');
    expect(registry.restore('user:my-finetune').activeKey).toBe('user:my-finetune');
    expect(existsSync(join(userDir, 'my-finetune', 'weights.bin'))).toBe(true);

    registry.remove('user:my-finetune');
    await new Promise((done) => setTimeout(done, 300));
    expect(() => registry.restore('user:my-finetune')).toThrow(/cannot be restored/);
    expect(registry.list().models.map((m) => m.key)).not.toContain('user:my-finetune');
    expect(readdirSync(join(userDir, '.removed'))).toEqual([]);
  });
});
