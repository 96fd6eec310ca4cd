// The Datasets area on the real host in Debian's Chromium: a typo'd folder gets a typed error; a
// small folder of real RAVDESS clips (12 copied from ../shared/data into a temp dir, plus one file
// that is not audio) is imported with its counts per label, speaker, gender and split; a label
// mapping edit is saved and changes the counts; the EmotionCoT build runs with live progress and
// lists the undecodable clip with its error code; a record is browsed with its audio playing, its
// waveform, levels, caption, reasoning trace and the evidence verdicts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSharedRavdess, makeSmallRavdess } from '../../main/datasets/testing/ravdess-fixture';
import { openAppSession, type AppSession } from './support/app-session';
import { artifactPath } from './support/artifacts';
import { type RunningHost } from './support/host-process';
import { squash } from './support/text';

describe.skipIf(!hasSharedRavdess())('datasets in the app', () => {
  let host: RunningHost;
  let session: AppSession;
  let browser: Browser;
  let page: Page;
  let corpus: string;

  beforeAll(async () => {
    corpus = makeSmallRavdess({ undecodable: true });
    session = await openAppSession({
      viewport: { width: 1360, height: 1000 },
      chromiumArgs: ['--autoplay-policy=no-user-gesture-required'],
    });
    ({ host, browser, page } = session);
    await page.click('[data-testid=nav-datasets]');
    await page.waitForSelector('[data-testid=no-datasets]');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('names a folder that does not exist, and keeps what was typed', async () => {
    await page.fill('[data-testid=dataset-folder]', `${corpus}-typo`);
    await page.click('[data-testid=dataset-import]');
    const error = page.locator('[data-testid=dataset-import-error]');
    await error.waitFor();
    await expect.poll(() => error.textContent().then(squash)).toMatch(/^folder_not_found: The folder ".*-typo" does not exist\.$/);
    await expect.poll(() => page.inputValue('[data-testid=dataset-folder]')).toBe(`${corpus}-typo`);
    await page.screenshot({ path: artifactPath('datasets-import-error.png'), fullPage: true });
  });

  it('imports a small RAVDESS folder and counts it per label, speaker, gender and split', async () => {
    await page.fill('[data-testid=dataset-folder]', corpus);
    await page.fill('[data-testid=dataset-name]', 'RAVDESS sample');
    await page.fill('[data-testid=dataset-validation-speakers]', '3');
    await page.click('[data-testid=dataset-import]');
    await page.waitForSelector('[data-testid=dataset-details]');
    await expect.poll(() => page.textContent('[data-testid=dataset-title]').then(squash)).toBe('RAVDESS sample');
    await expect.poll(() => page.textContent('[data-testid=dataset-clip-count]').then(squash)).toBe('13 used of 13 found');
    await expect.poll(() => page.textContent('[data-testid=dataset-licence-line]').then(squash)).toContain('CC BY-NC-SA 4.0');
    await expect.poll(() => page.textContent('[data-testid=counts-by-split]').then(squash)).toMatch(/Train ?8.*Validation ?5.*Test ?0/s);
    await expect.poll(() => page.textContent('[data-testid=counts-by-gender]').then(squash)).toMatch(/Female ?4.*Male ?9/s);
    expect(
      await page
        .locator('[data-testid=counts-by-speaker] tbody tr')
        .allTextContents()
        .then((texts) => texts.map(squash)),
    ).toEqual(['ravdess_01maletrain4', 'ravdess_02femaletrain4', 'ravdess_03malevalidation5']);
    await expect.poll(() => page.textContent('[data-testid=counts-by-label] tr[data-label=angry]').then(squash)).toBe('angry2204');
    await page.screenshot({ path: artifactPath('datasets-imported.png'), fullPage: true });
  });

  it('saves an edited label mapping and counts the clips under it', async () => {
    const calm = page.locator('[data-testid=mapping-row][data-source=calm]');
    await calm.locator('[data-testid=mapping-target]').fill('neutral');
    await page.click('[data-testid=mapping-save]');
    await page.waitForSelector('[data-testid=mapping-notice]');
    await expect.poll(() => page.textContent('[data-testid=counts-by-label] tr[data-label=neutral]').then(squash)).toBe('neutral4206');
    expect(await page.locator('[data-testid=counts-by-label] tr[data-label=calm]').count()).toBe(0);
    // Saved in the database: a reload shows the same mapping.
    await page.reload();
    await page.waitForSelector('[data-testid=dataset-details]');
    await expect.poll(() => page.inputValue('[data-testid=mapping-row][data-source=calm] [data-testid=mapping-target]')).toBe('neutral');
    await page.screenshot({ path: artifactPath('datasets-mapping.png'), fullPage: true });
  });

  it('builds the EmotionCoT traces with live progress and lists the clip that would not decode', async () => {
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { buildPhases: string[] }).buildPhases = seen;
      new MutationObserver(() => {
        const phase = document.querySelector('[data-testid=cot-progress]')?.getAttribute('data-phase');
        if (phase && phase !== seen.at(-1)) seen.push(phase);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.click('[data-testid=cot-build-start]');
    // The screenshot shows the analysis under way (or, on a fast machine, the finished build).
    await page.waitForSelector('[data-testid=cot-progress][data-phase=analyze], [data-testid=cot-build][data-status=done]');
    await page.screenshot({ path: artifactPath('datasets-building.png'), fullPage: true });
    await page.waitForSelector('[data-testid=cot-build][data-status=done]', { timeout: 120_000 });
    const phases = await page.evaluate(() => (window as unknown as { buildPhases: string[] }).buildPhases);
    expect(phases).toContain('analyze');
    await expect.poll(() => page.textContent('[data-testid=cot-status]').then(squash)).toMatch(/Built\. 12 of 13 clips have a record/);
    await expect
      .poll(() => page.textContent('[data-testid=cot-splits]').then(squash))
      .toBe('Training files: train 8, validation 4, test 0 records.');
    const problem = page.locator('[data-testid=dataset-problem][data-code=not_audio]');
    await expect.poll(() => problem.textContent().then(squash)).toContain('03-01-05-01-02-02-03.wav');
    const trainFile = join(host.dataDir, 'datasets', (await page.getAttribute('[data-testid=dataset-details]', 'data-id'))!, 'train.jsonl');
    expect(existsSync(trainFile) && readFileSync(trainFile, 'utf8').trim().split('\n')).toHaveLength(8);
    await page.screenshot({ path: artifactPath('datasets-built.png'), fullPage: true });
  });

  it('browses a record: plays its audio and shows levels, caption, trace and verdicts', async () => {
    await page.selectOption('[data-testid=records-built]', 'yes');
    await expect.poll(() => page.textContent('[data-testid=records-range]').then(squash)).toBe('1–12 of 12');
    await page.locator('[data-testid=record-row]').first().locator('[data-testid=record-open]').click();
    const record = page.locator('[data-testid=dataset-record]');
    await record.locator('[data-testid=record-caption]').waitFor();
    expect((await record.locator('[data-testid=record-levels]').textContent().then(squash))!).toMatch(
      /pitch\s*(low|normal|high).*energy.*speed/s,
    );
    expect(await record.locator('[data-testid=claim]').count()).toBeGreaterThan(0);
    expect(await record.locator('[data-testid=record-answer]').textContent().then(squash)).toBe('neutral');
    await record.locator('summary').click();
    const verdicts = await record
      .locator('[data-testid=record-verdict]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.every((v) => v === 'verified' || v === 'contradicted' || v === 'unverifiable')).toBe(true);
    const audio = record.locator('[data-testid=record-audio]');
    await audio.waitFor();
    const played = await audio.evaluate(async (element: HTMLAudioElement) => {
      element.muted = true;
      await element.play();
      await new Promise<void>((resolve) => {
        const check = () => (element.currentTime > 0.2 ? resolve() : setTimeout(check, 50));
        check();
      });
      element.pause();
      return { duration: element.duration, currentTime: element.currentTime };
    });
    expect(played.duration).toBeGreaterThan(2);
    expect(played.currentTime).toBeGreaterThan(0.2);
    // The waveform is drawn from the same bytes; hovering a claim marks the stretch it is about.
    await record.locator('[data-testid=record-waveform][data-ready=yes]').waitFor();
    await record.locator('[data-testid=claim]').first().hover();
    await page.screenshot({ path: artifactPath('datasets-record.png'), fullPage: true });
    await page.selectOption('select[aria-label="Colour theme"]', 'dark');
    await page.screenshot({ path: artifactPath('datasets-record-dark.png'), fullPage: true });
    await page.selectOption('select[aria-label="Colour theme"]', 'light');
  });
});
