// Model import, export and rename on the real host in Debian's Chromium: the tiny test model is
// exported as a .zip into the data folder's exports/, a broken copy is refused naming its missing
// graph, the exported zip is imported back as a user model, renamed (a preference; its manifest is
// untouched) and made the active model with no restart; a .zip picked in the page is uploaded in
// chunks and imported the same way, and garbage is refused; a clip is analyzed with the renamed model.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from './support/artifacts';
import { openAppSession, showTestModels, type AppSession } from './support/app-session';
import { projectRoot, type RunningHost } from './support/host-process';
import { squash } from './support/text';

const TINY = join(projectRoot, 'resources', 'models', 'tiny');
// Actor 03 (male), emotion 03 = happy: analyzed with the re-imported model at the end.
const CLIP = join(projectRoot, '..', 'shared', 'data', 'ravdess', 'Actor_03', '03-01-03-01-02-01-03.wav');

/** A copy of the tiny model without its decoder graph, outside the data folder. */
function brokenCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'et-e2e-broken-model-')), 'half-model');
  mkdirSync(dir);
  for (const file of [
    'manifest.json',
    'weights.bin',
    'tokenizer.json',
    'encoder.onnx',
    'train_sft.onnx',
    'train_grpo.onnx',
    'logprobs.onnx',
  ])
    copyFileSync(join(TINY, file), join(dir, file));
  return dir;
}

describe('importing, exporting and renaming models in the app', () => {
  let session: AppSession;
  let host: RunningHost;
  let page: Page;
  let exporting: Promise<string> | undefined;
  let copying: Promise<void> | undefined;

  beforeAll(async () => {
    session = await openAppSession();
    ({ host, page } = session);
    await showTestModels(page);
  });

  afterAll(async () => {
    await session?.close();
  });

  /** The tiny model exported as a .zip through the page, once a run: each import test can run alone. */
  const exportTinyZip = () =>
    (exporting ??= (async () => {
      const tiny = page.locator('[data-testid=model-row][data-key="shipped:tiny"]');
      await tiny.locator('[data-testid=export-model]').click();
      await tiny.locator('[data-testid=export-format]').selectOption('zip');
      await tiny.locator('[data-testid=export-go]').click();
      await tiny.locator('[data-testid=export-result]').waitFor();
      return join(host.dataDir, 'exports', 'tiny.zip');
    })());
  const userRows = () => page.locator('[data-testid=model-row][data-key^="user:"]');
  const labCopyRow = () => page.locator('[data-testid=model-row][data-key="user:emotion-reasoner-tiny"]');

  /**
   * The exported zip imported back, renamed “Lab copy of tiny” and made the active model, once a run:
   * by the test of those steps, or by whichever test needs the renamed model first.
   */
  const makeLabCopy = () =>
    (copying ??= (async () => {
      await page.click('[data-testid=nav-models]');
      await page.fill('[data-testid=model-import-path]', await exportTinyZip());
      await page.click('[data-testid=model-import-button]');
      await page.locator('[data-testid=model-import-result]').waitFor();
      await expect
        .poll(() => page.textContent('[data-testid=model-import-result]').then(squash))
        .toMatch(/Imported “EmotionReasoner tiny \(untrained test model\)” as emotion-reasoner-tiny\./);
      const row = labCopyRow();
      await row.waitFor();
      await row.locator('[data-testid=rename-model]').click();
      await row.locator('[data-testid=rename-input]').fill('Lab copy of tiny');
      await row.locator('[data-testid=rename-save]').click();
      await expect.poll(() => row.locator('button.name').textContent().then(squash)).toBe('Lab copy of tiny');
      await row.locator('[data-testid=use-model]').click();
      await expect.poll(() => page.textContent('[data-testid=active-model-line]').then(squash)).toMatch(/Active: Lab copy of tiny\./);
    })());

  it('exports the tiny model as a .zip into the exports folder and says where', async () => {
    const exportedZip = await exportTinyZip();
    const result = page.locator('[data-testid=model-row][data-key="shipped:tiny"] [data-testid=export-result]');
    await expect.poll(() => result.textContent().then(squash)).toContain(`Exported to ${exportedZip}`);
    expect(existsSync(exportedZip)).toBe(true);
    await page.screenshot({ path: artifactPath('models-import-export.png'), fullPage: true });
  });

  it('refuses a broken model folder, naming the missing graph', async () => {
    const modelsBefore = await userRows().count();
    const broken = brokenCopy();
    await page.fill('[data-testid=model-import-path]', broken);
    await page.click('[data-testid=model-import-button]');
    const error = page.locator('[data-testid=model-import-error]');
    await error.waitFor();
    await expect
      .poll(() => error.textContent().then(squash))
      .toBe(`file_missing: ${join(broken, 'decoder.onnx')} is named in the manifest but missing`);
    expect(await userRows().count()).toBe(modelsBefore);
    await page.screenshot({ path: artifactPath('models-import-error.png'), fullPage: true });
  });

  it('imports the exported zip back, renames it and activates it with no restart; both hold after a reload', async () => {
    await makeLabCopy();
    const row = labCopyRow();
    await expect.poll(() => row.textContent().then(squash)).toContain('Renamed from “EmotionReasoner tiny (untrained test model)”');
    const manifest = JSON.parse(readFileSync(join(host.dataDir, 'models', 'emotion-reasoner-tiny', 'manifest.json'), 'utf8'));
    expect(manifest.name).toBe('EmotionReasoner tiny (untrained test model)');
    await page.screenshot({ path: artifactPath('models-import.png'), fullPage: true });

    await page.reload();
    await page.click('[data-testid=nav-models]');
    await expect.poll(() => page.textContent('[data-testid=active-model-line]').then(squash)).toMatch(/Active: Lab copy of tiny\./);
  });

  it('imports a .zip picked in the page (sent in chunks), and refuses one that is not a zip', async () => {
    const zip = await exportTinyZip();
    // Every user model here is an import of the tiny one: an id in use gets the next -2, -3, … suffix.
    const imported = await userRows().count();
    const id = imported === 0 ? 'emotion-reasoner-tiny' : `emotion-reasoner-tiny-${imported + 1}`;
    await page.setInputFiles('[data-testid=model-zip-input]', zip);
    await expect.poll(() => page.textContent('[data-testid=model-import-result]').then(squash)).toContain(`as ${id}.`);
    await page.locator(`[data-testid=model-row][data-key="user:${id}"]`).waitFor();
    const garbage = join(mkdtempSync(join(tmpdir(), 'et-e2e-garbage-')), 'model.zip');
    writeFileSync(garbage, 'this is not a zip file at all');
    await page.setInputFiles('[data-testid=model-zip-input]', garbage);
    const error = page.locator('[data-testid=model-import-error]');
    await error.waitFor();
    await expect.poll(() => error.textContent().then(squash)).toMatch(/^zip_unsafe: .*is not a readable zip file/);
    expect(await error.textContent().then(squash)).not.toContain('.part');
    await page.screenshot({ path: artifactPath('models-import-upload-error.png'), fullPage: true });
  });

  it.skipIf(!existsSync(CLIP))(
    'analyzes a clip with the imported, renamed model',
    async () => {
      await makeLabCopy();
      await page.click('[data-testid=nav-library]');
      await page.setInputFiles('[data-testid=file-input]', [CLIP]);
      await expect.poll(() => page.locator('[data-testid=import-row].done').count(), { timeout: 60_000 }).toBe(1);
      await page.click('[data-testid=import-row].done >> text=Open');
      const flag = page.locator('[data-testid=test-model-flag]');
      await flag.waitFor({ timeout: 60_000 });
      await expect.poll(() => flag.textContent().then(squash)).toContain('Lab copy of tiny is untrained');
      await page.screenshot({ path: artifactPath('models-import-analysis.png'), fullPage: true });
    },
    90_000,
  );
});
