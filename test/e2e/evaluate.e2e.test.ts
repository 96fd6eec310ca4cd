// The Evaluate area on the real host in Debian's Chromium: the untrained tiny model is evaluated on a
// small real corpus folder (16 RAVDESS clips: actor 01 trains the baselines, actor 19 is evaluated
// on) in the evaluation's own process, beside the active (shipped default) model and the classic
// baselines; the page shows progress, then the systems table, confusion matrix, reliability diagram,
// recall bars and per-corpus table, and exports the result as CSV; a dataset imported in the Datasets
// area is evaluated on its test split; a running evaluation is cancelled; results survive a restart.
// The tests that read a finished evaluation make it when no earlier test has, so each runs alone.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVALUATED_ACTOR, hasSharedRavdess, makeSmallRavdess } from '../../main/evaluation/testing/ravdess-clips';
import { artifactPath } from './support/artifacts';
import { distinctColours } from './support/canvas';
import { openAppSession, showTestModels, type AppSession } from './support/app-session';
import { squash } from './support/text';

describe.skipIf(!hasSharedRavdess())('evaluating a model in the app', () => {
  let session: AppSession;
  let page: Page;
  let corpus: string;

  beforeAll(async () => {
    corpus = makeSmallRavdess();
    session = await openAppSession({ viewport: { width: 1400, height: 1100 }, pageOptions: { acceptDownloads: true } });
    page = session.page;
    // The tiny model is a test model: it can be chosen once the developer setting is on.
    await showTestModels(page);
    await page.click('[data-testid=nav-evaluate]');
  });

  afterAll(async () => {
    await session?.close();
    rmSync(join(corpus, '..'), { recursive: true, force: true });
  });

  let evaluating: Promise<void> | undefined;

  /**
   * The tiny model evaluated on the corpus folder beside the active model and the baselines, its result
   * open: once a run, by the test of those steps or by whichever test needs a finished evaluation first.
   */
  const evaluateTinyOnFolder = () =>
    (evaluating ??= (async () => {
      await page.click('[data-testid=nav-evaluate]');
      await page.selectOption('[data-testid=evaluate-model]', 'shipped:tiny');
      await page.check('[data-testid=source-folder]');
      await page.fill('[data-testid=evaluate-folder]', corpus);
      await page.fill('[data-testid=evaluate-speakers]', EVALUATED_ACTOR);
      await page.fill('[data-testid=evaluate-max-tokens]', '24');
      await page.check('text=Run the active model on the same clips');
      await page.screenshot({ path: artifactPath('evaluate-form.png'), fullPage: true });
      await page.click('[data-testid=evaluate-start]');
      const row = page.locator('[data-testid=evaluation-row]').first();
      await row.waitFor();
      // While it runs the start button is held and the row shows its stage (it may finish fast).
      const state = await row.getAttribute('data-state');
      if (state === 'running') await page.screenshot({ path: artifactPath('evaluate-running.png'), fullPage: true });
      await expect.poll(() => row.getAttribute('data-state'), { timeout: 180_000, interval: 250 }).toBe('done');
      await page.locator('[data-testid=evaluation-result]').waitFor();
    })());

  it('starts an evaluation of the tiny model on a corpus folder and shows its progress', async () => {
    await page.locator('[data-testid=no-evaluations]').waitFor();
    await evaluateTinyOnFolder();
    await expect.poll(() => page.locator('[data-testid=evaluation-row]').first().getAttribute('data-state')).toBe('done');
  }, 200_000);

  it('shows the systems side by side, the confusion matrix, the reliability diagram and the per-corpus table', async () => {
    await evaluateTinyOnFolder();
    const roles = await page
      .locator('[data-testid=systems-table] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-role')));
    expect(roles).toEqual(['model', 'active-model', 'baseline', 'baseline']);
    const matrix = page.locator('[data-testid=confusion-matrix]');
    expect(await matrix.locator('tbody tr').count()).toBe(8);
    expect(
      await matrix
        .locator('thead th')
        .allTextContents()
        .then((texts) => texts.map(squash)),
    ).toEqual(['true ↓ · answer →', 'neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised', 'no answer']);
    // Each true class has one clip: every row sums to 1.
    const rowSums = await matrix
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].reduce((a, td) => a + Number(td.textContent), 0)));
    expect(rowSums).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    await expect.poll(() => distinctColours(page, '[data-testid=reliability-diagram]')).toBeGreaterThan(3);
    await expect.poll(() => distinctColours(page, '[data-testid=recall-bars]')).toBeGreaterThan(3);
    expect(
      await page
        .locator('[data-testid=corpus-table] tbody tr th')
        .allTextContents()
        .then((texts) => texts.map(squash)),
    ).toEqual(['ravdess']);
    await expect
      .poll(() => page.textContent('[data-testid=evaluation-facts]').then(squash))
      .toMatch(/Analyze \+ explain, 4 s clip\s*median \d+ ms/);
    await page.screenshot({ path: artifactPath('evaluate-result.png'), fullPage: true });
    // The baseline's matrix, chosen in the table.
    await page.click('[data-testid=systems-table] tbody tr[data-role=baseline] >> nth=0 >> button');
    await expect.poll(() => page.textContent('h3:has-text("Confusion matrix")').then(squash)).toMatch(/logistic-regression/);
    await page.screenshot({ path: artifactPath('evaluate-baseline-matrix.png'), fullPage: true });
  }, 200_000);

  it('exports the evaluation as CSV (downloaded, and a copy in the data folder)', async () => {
    await evaluateTinyOnFolder();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    const saved = await download.path();
    const csv = readFileSync(saved!, 'utf8');
    expect(csv.split('\n')[1]).toMatch(/^system,role,clips,accuracy,/);
    expect(csv).toMatch(/\nEmotionReasoner tiny \(untrained test model\),model,8,/);
    expect(csv).toMatch(/confusion: /);
    await page.locator('[data-testid=export-note]').waitFor();
    const note = await page.textContent('[data-testid=export-note]').then(squash);
    expect(note).toContain(join(session.host.dataDir, 'exports'));
    expect(readFileSync(join(session.host.dataDir, 'exports', download.suggestedFilename()), 'utf8')).toBe(csv);
  }, 200_000);

  it('evaluates the test split of a dataset imported in the Datasets area', async () => {
    await page.click('[data-testid=nav-datasets]');
    await page.fill('[data-testid=dataset-folder]', corpus);
    await page.fill('[data-testid=dataset-test-speakers]', EVALUATED_ACTOR);
    await page.click('[data-testid=dataset-import]');
    await page.locator('[data-testid=dataset-row]').first().waitFor();
    await page.click('[data-testid=nav-evaluate]');
    await page.check('[data-testid=source-dataset]');
    await page.selectOption('[data-testid=evaluate-split]', 'test');
    await page.selectOption('[data-testid=evaluate-model]', 'shipped:tiny');
    await page.fill('[data-testid=evaluate-max-tokens]', '24');
    await page.uncheck('text=Run the active model on the same clips');
    await page.click('[data-testid=evaluate-start]');
    const row = page.locator('[data-testid=evaluation-row]').first();
    await expect.poll(() => row.textContent().then(squash)).toMatch(/dataset ravdess, test split/);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 180_000, interval: 250 }).toBe('done');
    await page.locator('[data-testid=evaluation-result]').waitFor();
    const roles = await page
      .locator('[data-testid=systems-table] tbody tr')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-role')));
    expect(roles).toEqual(['model', 'baseline', 'baseline']);
    await expect
      .poll(() => page.textContent('[data-testid=evaluation-result]').then(squash))
      .toMatch(/8 clips evaluated; baselines trained on 8 clips of other speakers/);
    await page.screenshot({ path: artifactPath('evaluate-dataset.png'), fullPage: true });
  }, 200_000);

  it('cancels a running evaluation', async () => {
    await page.click('[data-testid=nav-evaluate]');
    await page.selectOption('[data-testid=evaluate-model]', 'shipped:tiny');
    await page.check('[data-testid=source-folder]');
    await page.fill('[data-testid=evaluate-folder]', corpus);
    await page.fill('[data-testid=evaluate-speakers]', EVALUATED_ACTOR);
    await page.fill('[data-testid=evaluate-max-tokens]', '24');
    await page.check('text=Run the active model on the same clips');
    await page.click('[data-testid=evaluate-start]');
    const row = page.locator('[data-testid=evaluation-row]').first();
    await row.locator('[data-testid=evaluation-cancel]').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 30_000 }).toBe('cancelled');
    await expect.poll(() => page.textContent('[data-testid=evaluate-start]').then(squash)).toBe('Evaluate');
  }, 60_000);

  it('keeps the evaluation after the host restarts', async () => {
    await evaluateTinyOnFolder();
    const states = () => page.locator('[data-testid=evaluation-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    const before = await states();
    expect(before).toContain('done');
    const host = await session.restartHost();
    await page.goto(`${host.url}/#token=${host.token}`);
    await page.click('[data-testid=nav-evaluate]');
    // Every evaluation is still there, newest first, the finished ones with their results.
    await expect.poll(states).toEqual(before);
    await page.click(`[data-testid=evaluation-row] >> nth=${before.indexOf('done')} >> button.name`);
    await page.locator('[data-testid=evaluation-result]').waitFor();
    // Deleting asks first.
    await page.click('[data-testid=evaluation-row] >> nth=0 >> [data-testid=evaluation-delete]');
    await page.click('[data-testid=evaluation-delete-confirm]');
    await expect.poll(() => page.locator('[data-testid=evaluation-row]').count()).toBe(before.length - 1);
  }, 300_000);
});
