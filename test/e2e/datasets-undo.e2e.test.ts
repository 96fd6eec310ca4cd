// Renaming and deleting with undo on the real host in Debian's Chromium: a small RAVDESS folder (12
// real clips copied from ../shared/data) is imported; its name is edited in place (an empty or too
// long name is refused beside the field and what was typed stays; Enter and leaving the field save)
// and so is its licence; deleting it takes it out of the list at once with an Undo bar, and Undo
// brings it back as it was, also after a reload; a delete left alone is final once the bar goes. A
// stored evaluation is deleted and restored the same way.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSharedRavdess, makeSmallRavdess } from '../../main/datasets/testing/ravdess-fixture';
import { openAppSession, type AppSession } from './support/app-session';
import { artifactPath } from './support/artifacts';
import { type RunningHost } from './support/host-process';
import { squash } from './support/text';

const EVALUATION_ID = '0f0e0d0c-0b0a-4908-8706-050403020100';

/** A cancelled evaluation as the evaluation service stores it (running one would need minutes of CPU). */
function seedEvaluation(dataDir: string): void {
  mkdirSync(join(dataDir, 'evaluations'), { recursive: true });
  writeFileSync(
    join(dataDir, 'evaluations', `${EVALUATION_ID}.json`),
    `${JSON.stringify({
      request: {
        modelKey: 'shipped:default',
        source: { kind: 'folder', path: '/corpora/ravdess' },
        compareActive: false,
        mlp: false,
        threads: 1,
      },
      result: null,
      summary: {
        id: EVALUATION_ID,
        createdAt: '2026-11-30T09:15:00.000Z',
        state: 'cancelled',
        modelKey: 'shipped:default',
        modelName: 'Seeded model',
        sourceDescription: 'folder /corpora/ravdess',
        progress: { stage: 'model', done: 3, total: 8, message: 'Clip 3 of 8' },
        error: null,
        accuracy: null,
        unweightedAverageRecall: null,
      },
    })}\n`,
  );
}

describe.skipIf(!hasSharedRavdess())('renaming, and deleting with undo', () => {
  let host: RunningHost;
  let session: AppSession;
  let browser: Browser;
  let page: Page;
  let corpus: string;

  beforeAll(async () => {
    corpus = makeSmallRavdess();
    const dataDir = mkdtempSync(join(tmpdir(), 'et-e2e-undo-'));
    seedEvaluation(dataDir);
    session = await openAppSession({ dataDir: dataDir, viewport: { width: 1360, height: 1000 } });
    ({ host, browser, page } = session);
    await page.click('[data-testid=nav-datasets]');
    await page.waitForSelector('[data-testid=no-datasets]');
    await page.fill('[data-testid=dataset-folder]', corpus);
    await page.fill('[data-testid=dataset-name]', 'RAVDESS sample');
    await page.click('[data-testid=dataset-import]');
    await page.waitForSelector('[data-testid=dataset-details]');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    rmSync(corpus, { recursive: true, force: true });
  });

  const title = () => page.textContent('[data-testid=dataset-title]').then(squash);

  it('renames a dataset in place: refuses an empty or too long name beside the field, keeps what was typed, saves on Enter and on leaving the field', async () => {
    await page.click('[data-testid=dataset-name-edit]');
    const input = page.locator('[data-testid=dataset-name-input]');
    await expect.poll(() => input.inputValue()).toBe('RAVDESS sample');
    await input.fill('   ');
    await input.press('Enter');
    await expect.poll(() => page.textContent('[data-testid=dataset-name-error]').then(squash)).toBe('Dataset name cannot be empty.');
    const long = `Actors one to three ${'x'.repeat(110)}`;
    await input.fill(long);
    await input.press('Enter');
    await expect
      .poll(() => page.textContent('[data-testid=dataset-name-error]').then(squash))
      .toBe('Dataset name has at most 120 characters; this one has 130.');
    await expect.poll(() => input.inputValue()).toBe(long);
    await page.screenshot({ path: artifactPath('datasets-rename-error.png'), fullPage: true });

    await input.fill('  Actors one to three  ');
    await input.press('Enter');
    await expect.poll(title).toBe('Actors one to three');
    await expect
      .poll(() =>
        page
          .locator('[data-testid=dataset-row] strong')
          .allTextContents()
          .then((texts) => texts.map(squash)),
      )
      .toEqual(['Actors one to three']);

    // Leaving the field saves too.
    await page.click('[data-testid=dataset-name-edit]');
    await page.fill('[data-testid=dataset-name-input]', 'Three actors');
    await page.click('#datasets-title');
    await expect.poll(title).toBe('Three actors');

    await page.click('[data-testid=dataset-licence-edit]');
    await page.fill('[data-testid=dataset-licence-input]', 'CC BY-NC-SA 4.0 (research only)');
    await page.press('[data-testid=dataset-licence-input]', 'Enter');
    await expect
      .poll(() => page.textContent('[data-testid=dataset-licence-line] strong').then(squash))
      .toBe('CC BY-NC-SA 4.0 (research only)');

    // Saved in main: a reload shows the same.
    await page.reload();
    await page.waitForSelector('[data-testid=dataset-details]');
    expect(await title()).toBe('Three actors');
    await page.screenshot({ path: artifactPath('datasets-renamed.png'), fullPage: true });
  });

  it('deletes a dataset at once with an Undo bar, and Undo brings it back as it was', async () => {
    await page.click('[data-testid=nav-datasets]');
    await page.waitForSelector('[data-testid=dataset-details]');
    // Whatever the rename test left (or the imported name when this runs alone).
    const name = await title();
    const before = await page.locator('[data-testid=dataset-details]').innerText();
    await page.click('[data-testid=dataset-delete]');
    await page.click('[data-testid=dataset-delete-confirm]');
    await page.waitForSelector('[data-testid=no-datasets]');
    const notice = page.locator('[data-testid=dataset-undo-notice]');
    await expect.poll(() => notice.textContent().then(squash)).toMatch(new RegExp(`Deleted “${name}”\\. Undo \\(\\d+ s\\)`));
    await page.screenshot({ path: artifactPath('datasets-undo-notice.png'), fullPage: true });

    await page.click('[data-testid=dataset-undo]');
    await page.waitForSelector('[data-testid=dataset-details]');
    await expect.poll(() => page.locator('[data-testid=dataset-details]').innerText()).toBe(before);
    await expect.poll(() => notice.count()).toBe(0);
    await page.reload();
    await page.waitForSelector('[data-testid=dataset-details]');
    expect(await title()).toBe(name);
    await expect.poll(() => page.textContent('[data-testid=dataset-clip-count]').then(squash)).toBe('12 used of 12 found');
  });

  it('deletes an evaluation with an Undo bar, and Undo brings it back', async () => {
    await page.click('[data-testid=nav-evaluate]');
    const rows = page.locator('[data-testid=evaluation-row]');
    await rows.first().waitFor();
    expect(await rows.first().getAttribute('data-state')).toBe('cancelled');
    await rows.first().locator('[data-testid=evaluation-delete]').click();
    await page.click('[data-testid=evaluation-delete-confirm]');
    await page.waitForSelector('[data-testid=no-evaluations]');
    await expect
      .poll(() => page.textContent('[data-testid=evaluation-undo-notice]').then(squash))
      .toMatch(/Deleted the evaluation of “Seeded model”\. Undo/);
    await page.screenshot({ path: artifactPath('evaluate-undo-notice.png'), fullPage: true });

    await page.click('[data-testid=evaluation-undo]');
    await rows.first().waitFor();
    expect(
      await rows
        .locator('button.name')
        .allTextContents()
        .then((texts) => texts.map(squash)),
    ).toEqual(['Seeded model']);
    await page.reload();
    await page.click('[data-testid=nav-evaluate]');
    await rows.first().waitFor();
    await expect.poll(() => rows.count()).toBe(1);
  });

  it('makes a dataset delete final once the Undo bar has gone', async () => {
    await page.click('[data-testid=nav-datasets]');
    await page.waitForSelector('[data-testid=dataset-details]');
    await page.click('[data-testid=dataset-delete]');
    await page.click('[data-testid=dataset-delete-confirm]');
    const notice = page.locator('[data-testid=dataset-undo-notice]');
    await notice.waitFor();
    // The bar leaves when main's undo window (10 s) closes.
    await notice.waitFor({ state: 'detached', timeout: 15_000 });
    await page.reload();
    await page.waitForSelector('[data-testid=no-datasets]');
  }, 30_000);
});
