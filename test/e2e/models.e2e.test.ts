// The Models area and explanations on the real host in Debian's Chromium: the registry hides the
// untrained tiny model until the developer setting is on and then lists it as a test model, lists a
// broken user folder with its error; with the tiny model active, importing a RAVDESS clip streams
// reasoning into the Analyze view's panel and shows it flagged (test model, malformed), never as a
// label. With the trained default model installed, its label and verdict highlights are checked too.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSpeechWav } from '../../main/library/testing/library-fixture';
import { artifactPath } from './support/artifacts';
import { type AppSession, openAppSession, switchTheme } from './support/app-session';
import { launchChromium } from './support/chromium';
import { projectRoot, resourcesWithout, startHost, type RunningHost } from './support/host-process';
import { squash } from './support/text';

const RAVDESS = resolve(projectRoot, '..', 'shared', 'data', 'ravdess');
// Actor 03 (male), emotion 03 = happy, normal intensity, "Dogs are sitting by the door".
const CLIP = join(RAVDESS, 'Actor_03', '03-01-03-01-02-01-03.wav');
const TINY = join(projectRoot, 'resources', 'models', 'tiny');
const DEFAULT_MODEL = join(projectRoot, 'resources', 'models', 'default', 'manifest.json');

/** A data folder with two broken user models: one with a manifest that is not JSON, one missing a graph. */
function dataDirWithBrokenModels(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'et-e2e-models-'));
  const notJson = join(dataDir, 'models', 'broken-export');
  mkdirSync(notJson, { recursive: true });
  writeFileSync(join(notJson, 'manifest.json'), '{ "formatVersion": 1, "id": ');
  const missingGraph = join(dataDir, 'models', 'half-copied');
  mkdirSync(missingGraph, { recursive: true });
  for (const file of ['manifest.json', 'weights.bin', 'tokenizer.json', 'encoder.onnx'])
    copyFileSync(join(TINY, file), join(missingGraph, file));
  return dataDir;
}

/** Records every text the streaming reasoning element shows, from now on. */
async function watchStream(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { streamTexts: string[] }).streamTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid=reasoning-stream]')?.textContent;
      if (text && text !== seen.at(-1)) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

const streamTexts = (page: Page) => page.evaluate(() => (window as unknown as { streamTexts: string[] }).streamTexts);

describe.skipIf(!existsSync(CLIP))('models and explanations in the app', () => {
  let host: RunningHost;
  let session: AppSession;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    session = await openAppSession({ dataDir: dataDirWithBrokenModels(), viewport: { width: 1360, height: 1000 } });
    ({ host, browser, page } = session);
    await page.click('[data-testid=nav-models]');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('lists broken user folders with their error and hides the test model until the developer setting is on', async () => {
    await expect.poll(() => page.locator('[data-testid=model-row]').count()).toBeGreaterThanOrEqual(2);
    const broken = page.locator('[data-testid=model-row][data-key="user:broken-export"] [data-testid=model-problem]');
    await expect.poll(() => broken.textContent().then(squash)).toMatch(/manifest_invalid: .*not JSON/);
    const halfCopied = page.locator('[data-testid=model-row][data-key="user:half-copied"] [data-testid=model-problem]');
    await expect.poll(() => halfCopied.textContent().then(squash)).toMatch(/file_missing: .*decoder\.onnx/);
    expect(await page.locator('[data-testid=model-row][data-key="shipped:tiny"]').count()).toBe(0);
    await expect.poll(() => page.textContent('[data-testid=active-model-line]').then(squash)).toMatch(/1 test model hidden/);
    await page.screenshot({ path: artifactPath('models-list.png'), fullPage: true });
  });

  it('removes a user model only after a confirm, and brings it back with undo', async () => {
    const row = page.locator('[data-testid=model-row][data-key="user:broken-export"]');
    await row.locator('[data-testid=remove-model]').click();
    await row.locator('[data-testid=confirm-remove]').click();
    await expect.poll(() => row.count()).toBe(0);
    expect(existsSync(join(host.dataDir, 'models', 'broken-export'))).toBe(false);
    await expect.poll(() => page.textContent('[data-testid=model-undo-notice]').then(squash)).toMatch(/Removed “broken-export”\. Undo/);
    await page.screenshot({ path: artifactPath('models-removed.png'), fullPage: true });
    await page.click('[data-testid=model-undo]');
    await expect.poll(() => row.count()).toBe(1);
    expect(existsSync(join(host.dataDir, 'models', 'broken-export', 'manifest.json'))).toBe(true);
  });

  it('shows the tiny model as a test model with its manifest details, licence and warning', async () => {
    await page.check('[data-testid=show-test-models]');
    const tiny = page.locator('[data-testid=model-row][data-key="shipped:tiny"]');
    await tiny.waitFor();
    expect(await tiny.locator('[data-testid=test-model-tag]').textContent().then(squash)).toBe('test model');
    await tiny.locator('button.name').click();
    await tiny.locator('[data-testid=model-details]').waitFor();
    expect(await tiny.locator('[data-testid=test-model-warning]').textContent().then(squash)).toMatch(/never an emotion judgement/);
    expect(await tiny.locator('[data-testid=model-labels]').textContent().then(squash)).toBe(
      'neutral, calm, happy, sad, angry, fearful, disgust, surprised',
    );
    expect(await tiny.locator('[data-testid=model-licence]').textContent().then(squash)).toContain('Licence: MIT');
    // The tiny model's size as its manifest states it (it changes when its graphs are re-exported).
    const tinyParameters = JSON.parse(readFileSync(join(TINY, 'manifest.json'), 'utf8')).weights.parameterCount as number;
    await expect.poll(() => tiny.textContent().then(squash)).toContain(tinyParameters.toLocaleString('en'));
    await tiny.locator('[data-testid=use-model]').click();
    await expect.poll(() => page.textContent('[data-testid=active-model-line]').then(squash)).toMatch(/Active: EmotionReasoner tiny/);
    await page.screenshot({ path: artifactPath('models-tiny.png'), fullPage: true });
    await page.selectOption('select[aria-label="Colour theme"]', 'dark');
    await page.screenshot({ path: artifactPath('models-dark.png'), fullPage: true });
    await page.selectOption('select[aria-label="Colour theme"]', 'light');
  });

  it('streams the tiny model’s reasoning into the panel on import and shows it flagged, never as a label', async () => {
    await page.click('[data-testid=nav-library]');
    await page.setInputFiles('[data-testid=file-input]', [CLIP]);
    await expect.poll(() => page.locator('[data-testid=import-row].done').count(), { timeout: 60_000 }).toBe(1);
    await page.click('[data-testid=import-row].done >> text=Open');
    await page.waitForSelector('[data-testid=test-model-flag]', { timeout: 60_000 });

    // Re-run while watching, so the streaming itself is seen (the import's run may be over already).
    await watchStream(page);
    await page.click('[data-testid=rerun]');
    await page.waitForSelector('[data-testid=reasoning-stream]', { timeout: 30_000 }).catch(() => undefined);
    await page.screenshot({ path: artifactPath('analyze-explanation-streaming.png'), fullPage: true });
    await expect.poll(() => page.locator('[data-testid=explanation-live]').count(), { timeout: 60_000 }).toBe(0);
    const texts = await streamTexts(page);
    expect(texts.length).toBeGreaterThan(5);
    // Within one attempt the text only grows: tokens arrive in order and are appended.
    const grows = texts.slice(1).filter((t, i) => t.startsWith(texts[i]!.replace(/▍$/, ''))).length;
    expect(grows).toBeGreaterThan(texts.length / 2);

    await page.waitForSelector('[data-testid=test-model-flag]');
    expect(await page.locator('[data-testid=model-label]').count()).toBe(0);
    await expect.poll(() => page.textContent('[data-testid=flagged-answer]').then(squash)).toMatch(/not shown as a label/);
    expect(await page.locator('[data-testid=probabilities]').count()).toBe(1);
    await expect.poll(() => page.textContent('[data-testid=verdict-summary]').then(squash)).toMatch(/claim|No prosodic claims/);
    await page.screenshot({ path: artifactPath('analyze-explanation-test-model.png'), fullPage: true });
    await switchTheme(page, 'dark');
    await page.locator('[data-testid=explanation]').screenshot({ path: artifactPath('explanation-dark.png') });
    await switchTheme(page, 'light');

    await page.click('text=Review this recording');
    await page.waitForSelector('[data-testid=review-form]');
    await expect.poll(() => page.isDisabled('text=Accept model label')).toBe(true);
  });
});

describe('the running emotion estimate while recording', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // A user model as a training export of the tiny model would be: the same graphs, testModel false.
    // Its answers are as untrained as the tiny model's; this checks the wiring, not the estimate.
    const dataDir = mkdtempSync(join(tmpdir(), 'et-e2e-estimate-'));
    const exported = join(dataDir, 'models', 'tiny-export');
    mkdirSync(exported, { recursive: true });
    for (const file of ['weights.bin', 'tokenizer.json', 'encoder.onnx', 'decoder.onnx'])
      copyFileSync(join(TINY, file), join(exported, file));
    const manifest = JSON.parse(readFileSync(join(TINY, 'manifest.json'), 'utf8')) as Record<string, unknown> & {
      graphs: Record<string, unknown>;
    };
    writeFileSync(
      join(exported, 'manifest.json'),
      JSON.stringify({
        ...manifest,
        id: 'tiny-export',
        name: 'Tiny export (e2e)',
        testModel: false,
        licence: 'CC BY-NC-SA 4.0',
        trainingData: [{ name: 'RAVDESS', clips: 960 }],
        graphs: { encoder: manifest.graphs.encoder, decoder: manifest.graphs.decoder, crossAttention: manifest.graphs.crossAttention },
      }),
    );
    writeFileSync(
      join(exported, 'MODEL_CARD.md'),
      '# Tiny export\n\nA card with markup: <img src=x onerror="document.title=\'owned\'"> stays text.\n',
    );
    // Without the shipped default model, so the first test sees the app with no usable model.
    host = await startHost(dataDir, { resourcesDir: resourcesWithout(['default']) });
    const microphone = writeSpeechWav(dataDir, 'microphone.wav', 3);
    browser = await launchChromium([
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-audio-capture=${microphone}`,
    ]);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${host.url}/#token=${host.token}`);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  async function recordFor(ms: number): Promise<void> {
    await page.click('[data-testid=nav-record]');
    await page.click('[data-testid=record]');
    await page.waitForSelector('[data-testid=stop]');
    await page.waitForTimeout(ms);
  }

  it('shows nothing while no non-test model is active', async () => {
    await recordFor(5000);
    expect(await page.locator('.estimate, [data-testid=emotion-estimate]').count()).toBe(0);
    await page.click('[data-testid=stop]');
    await page.waitForSelector('[data-testid=record-saved]', { timeout: 30_000 });
  });

  it('shows the active model’s current estimate with its probability', async () => {
    await page.click('[data-testid=nav-models]');
    const row = page.locator('[data-testid=model-row][data-key="user:tiny-export"]');
    await row.locator('[data-testid=use-model]').click();
    await expect.poll(() => page.textContent('[data-testid=active-model-line]').then(squash)).toMatch(/Active: Tiny export/);
    // Its card is shown as text (no element made from its markup) and its licence is non-commercial.
    await row.locator('[data-testid=model-card]').waitFor();
    expect(await row.locator('[data-testid=model-card]').textContent().then(squash)).toContain('<img src=x onerror=');
    expect(await row.locator('[data-testid=model-card] img').count()).toBe(0);
    expect(await page.title()).not.toBe('owned');
    expect(await row.locator('[data-testid=model-licence]').textContent().then(squash)).toMatch(
      /CC BY-NC-SA 4\.0.*Non-commercial use only/s,
    );
    await page.screenshot({ path: artifactPath('models-user-model.png'), fullPage: true });
    await recordFor(500);
    await page.waitForSelector('[data-testid=emotion-estimate]', { timeout: 15_000 });
    const label = (await page.textContent('[data-testid=estimate-label]').then(squash))!;
    expect(['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised']).toContain(label);
    await expect.poll(() => page.textContent('[data-testid=emotion-estimate]').then(squash)).toMatch(/\d+(\.\d)? %/);
    await page.screenshot({ path: artifactPath('record-estimate.png'), fullPage: true });
    await page.click('[data-testid=stop]');
    await page.waitForSelector('[data-testid=record-saved]', { timeout: 30_000 });
  });
});

describe.skipIf(!existsSync(CLIP) || !existsSync(DEFAULT_MODEL))('explanations by the trained default model', () => {
  let host: RunningHost;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    host = await startHost();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
    await page.goto(`${host.url}/#token=${host.token}`);
    await page.click('[data-testid=nav-library]');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('labels an imported clip, highlights each claim with its verdict and its time region on the charts', async () => {
    await page.setInputFiles('[data-testid=file-input]', [CLIP]);
    await expect.poll(() => page.locator('[data-testid=import-row].done').count(), { timeout: 60_000 }).toBe(1);
    await page.click('[data-testid=import-row].done >> text=Open');
    await page.waitForSelector('[data-testid=model-label], [data-testid=malformed-flag]', { timeout: 120_000 });
    expect(await page.locator('[data-testid=test-model-flag]').count()).toBe(0);
    // The default model reasons from the clip's measured cues, and the panel says what it was given.
    await expect
      .poll(() => page.textContent('[data-testid=model-prompt]').then(squash))
      .toMatch(/pitch (low|normal|high), range (flat|normal|expressive)/);
    const claims = page.locator('[data-testid=claim]');
    await expect.poll(() => claims.count()).toBeGreaterThan(0);
    for (const verdict of await claims.evaluateAll((all) => all.map((c) => c.getAttribute('data-verdict')))) {
      expect(['verified', 'contradicted', 'unverifiable']).toContain(verdict);
    }
    await claims.first().hover();
    await page.screenshot({ path: artifactPath('analyze-explanation-default.png'), fullPage: true });
  });

  it('shows the default model’s metrics by name with units, its card formatted, and its licence first', async () => {
    await page.click('[data-testid=nav-models]');
    const row = page.locator('[data-testid=model-row][data-key="shipped:default"]');
    await row.locator('[data-testid=model-card] h3').first().waitFor();
    const metrics = (await row.locator('[data-testid=model-metrics]').textContent().then(squash))!;
    expect(metrics).toMatch(/Validation accuracy \(RAVDESS\): [\d.]+ %/);
    expect(metrics).toMatch(/Validation accuracy \(nEMO\): [\d.]+ %/);
    expect(metrics).toMatch(/Training time: [\d.]+ min/);
    // No camelCase key left in any metric's name (nEMO is the corpus' own spelling; GRPO an acronym).
    const names = (
      await row
        .locator('[data-testid=model-metrics] > div')
        .allTextContents()
        .then((texts) => texts.map(squash))
    ).map((t) => t.split(':')[0]!);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(name.replaceAll('nEMO', '')).not.toMatch(/[a-z][A-Z]/);
    const card = row.locator('[data-testid=model-card]');
    // Markdown made into headings, a quote, lists and a table, with no markdown syntax left as text.
    expect(await card.locator('h3').first().textContent().then(squash)).toBe('EmotionReasoner default model');
    expect(await card.locator('blockquote strong').first().textContent().then(squash)).toBe('NON-COMMERCIAL USE ONLY.');
    expect(await card.locator('table').count()).toBeGreaterThan(0);
    expect(await card.locator('li').count()).toBeGreaterThan(2);
    expect(await card.textContent().then(squash)).not.toMatch(/\*\*|^#|\n#/);
    // The licence comes before anything else in the details.
    const order = await row
      .locator('[data-testid=model-details] > *')
      .evaluateAll((all) => all.map((el) => el.getAttribute('data-testid')));
    expect(order.find((id) => id !== 'test-model-warning')).toBe('model-licence');
    await row.locator('[data-testid=model-details]').screenshot({ path: artifactPath('models-default-card.png') });
  });
});
