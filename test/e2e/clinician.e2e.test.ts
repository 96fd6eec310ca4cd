// A clinician's day on the real host in Debian's Chromium: import a RAVDESS clip (and a broken
// file), see its charts drawn with data, read the no-model explanation state, correct the label and
// rate the explanation, reload and find it saved, export a report (HTML + PDF), Praat files and a
// table, and use the library (search, delete + undo, re-analyze). Screenshots go to test/artifacts/.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from './support/artifacts';
import { type AppSession, openAppSession, switchTheme } from './support/app-session';
import { distinctColours, pixelsNear } from './support/canvas';
import { projectRoot, type RunningHost } from './support/host-process';
import { squash } from './support/text';

const RAVDESS = resolve(projectRoot, '..', 'shared', 'data', 'ravdess');
// Actor 01 (male), emotion 05 = angry, strong intensity, "Kids are talking by the door".
const CLIP = join(RAVDESS, 'Actor_01', '03-01-05-02-01-01-01.wav');
const ACCENT_LIGHT: [number, number, number] = [0x0b, 0x5c, 0xad];
// Once the trained default model is installed, analyses carry its explanation instead of the
// no-model state (the untrained tiny model is a test model: hidden, never used by default).
const DEFAULT_MANIFEST = join(projectRoot, 'resources', 'models', 'default', 'manifest.json');
const DEFAULT_MODEL_INSTALLED = existsSync(DEFAULT_MANIFEST);
/** The labels the reviewer may choose: the active model's, then "other" and "unsure" (none active: just those two). */
const REVIEW_LABELS = [
  ...(DEFAULT_MODEL_INSTALLED ? (JSON.parse(readFileSync(DEFAULT_MANIFEST, 'utf8')) as { labels: string[] }).labels : []),
  'other',
  'unsure',
];
/** Whether poppler's pdftoppm is here to turn the printed PDF into a PNG to look at. */
const HAVE_PDFTOPPM = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
/** The label the model gave the clip (null without a model); the reviewer corrects it to another one. */
let modelLabel: string | null = null;
const corrected = () => (modelLabel === 'angry' ? 'fearful' : 'angry');

describe.skipIf(!existsSync(CLIP))('the clinician’s app on a RAVDESS clip', () => {
  let host: RunningHost;
  let session: AppSession;
  let browser: Browser;
  let page: Page;
  const scratch = mkdtempSync(join(tmpdir(), 'et-e2e-files-'));

  beforeAll(async () => {
    session = await openAppSession({ viewport: { width: 1360, height: 1000 }, pageOptions: { acceptDownloads: true } });
    ({ host, browser, page } = session);
    await page.click('[data-testid=nav-library]');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  async function download(click: () => Promise<void>): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    const path = join(scratch, file.suggestedFilename());
    await file.saveAs(path);
    return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
  }

  it('imports the clip and lists a broken file with its decoder error inline', async () => {
    const broken = join(scratch, 'broken.wav');
    writeFileSync(broken, Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt garbage, not audio at all', 'latin1'));
    await page.setInputFiles('[data-testid=file-input]', [CLIP, broken]);
    await expect.poll(() => page.locator('[data-testid=import-row].done').count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => page.locator('[data-testid=import-error]').count()).toBe(1);
    await expect.poll(() => page.textContent('[data-testid=import-error]').then(squash)).toMatch(/broken\.wav/);
    await expect.poll(() => page.locator('[data-testid=library-row]').count()).toBe(1);
    await page.screenshot({ path: artifactPath('library-import.png'), fullPage: true });
  });

  it('draws the waveform, spectrogram, pitch and intensity with data, marks syllables, and shows the no-model state', async () => {
    await page.click('[data-testid=import-row].done >> text=Open');
    await page.waitForSelector('[data-testid=pitch-chart]');
    await expect
      .poll(() => page.getAttribute('[data-testid=pitch-chart]', 'data-points').then(Number), { timeout: 30_000 })
      .toBeGreaterThan(50);
    expect(Number(await page.getAttribute('[data-testid=intensity-chart]', 'data-points'))).toBeGreaterThan(200);
    await expect.poll(() => pixelsNear(page, '[data-testid=waveform]', ACCENT_LIGHT), { timeout: 20_000 }).toBeGreaterThan(2000);
    await expect.poll(() => pixelsNear(page, '[data-testid=pitch-chart]', ACCENT_LIGHT)).toBeGreaterThan(150);
    await expect.poll(() => distinctColours(page, '[data-testid=spectrogram]'), { timeout: 20_000 }).toBeGreaterThan(40);
    await expect.poll(() => page.textContent('[data-testid=level-chips]').then(squash)).toMatch(/pitch\s+(low|normal|high)/);
    expect((await page.textContent('[data-testid=caption]').then(squash))!.length).toBeGreaterThan(20);
    if (DEFAULT_MODEL_INSTALLED) {
      await page.waitForSelector('[data-testid=explanation-result]', { timeout: 120_000 });
      expect(await page.locator('[data-testid=test-model-flag]').count()).toBe(0);
      if (await page.locator('[data-testid=model-label]').count())
        modelLabel = (await page.textContent('[data-testid=model-label]').then(squash))!.trim();
      // The same result beside the recording's name, seen without scrolling.
      await expect
        .poll(() => page.textContent('[data-testid=emotion-headline]').then(squash))
        .toMatch(modelLabel ? new RegExp(`^Emotion: ${modelLabel} \\d+ %`) : /^No emotion label shown/);
    } else {
      await expect.poll(() => page.textContent('[data-testid=no-model]').then(squash)).toContain('No emotion model is installed');
      expect(await page.locator('[data-testid=model-label]').count()).toBe(0);
    }
    await page.screenshot({ path: artifactPath('analyze-light.png'), fullPage: true });
  });

  it('reads out time, F0 and intensity under the pointer on the charts', async () => {
    const chart = (await page.locator('[data-testid=pitch-chart]').boundingBox())!;
    const readout = () => page.textContent('[data-testid=pointer-readout]').then(squash);
    const READOUT = /^at (\d+\.\d{2}) s: F0 (\d+ Hz|unvoiced) · -?\d+\.\d dB$/;
    await page.mouse.move(chart.x + chart.width * 0.5, chart.y + chart.height / 2);
    await expect.poll(readout).toMatch(READOUT);
    const first = Number(READOUT.exec(await readout())![1]);
    await page.mouse.move(chart.x + chart.width * 0.8, chart.y + chart.height / 2);
    await expect.poll(async () => Number(READOUT.exec(await readout())?.[1] ?? first)).toBeGreaterThan(first);
    await page.mouse.move(chart.x + chart.width * 0.5, chart.y - 40);
    await expect.poll(readout).toBe('');
  });

  it('seeks, zooms, shows semitones and exports Praat files', async () => {
    const box = (await page.locator('[data-testid=waveform]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect.poll(() => page.textContent('[data-testid=cursor-time]').then(squash)).toMatch(/^0:0[1-2]\./);
    await page.mouse.move(box.x + box.width * 0.3, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + 20, { steps: 5 });
    await page.mouse.up();
    await page.click('text=Zoom to selection');
    await page.click('text=semitones');
    await expect.poll(() => page.getAttribute('[data-testid=pitch-chart]', 'data-points').then(Number)).toBeGreaterThan(10);
    const textGrid = await download(() => page.click('text=Praat TextGrid'));
    expect(textGrid.name).toBe('03-01-05-02-01-01-01.TextGrid');
    expect(textGrid.text).toContain('class = "IntervalTier"');
    const pitchTier = await download(() => page.click('text=Praat PitchTier'));
    expect(pitchTier.text).toContain('Object class = "PitchTier"');
    await page.click('text=Whole file');
  });

  it('saves a corrected label, four ratings, reviewer and notes as they are made, and keeps them over a reload', async () => {
    await page.click('text=Review this recording');
    // The choices are the active model's labels plus "other" and "unsure", not a fixed list.
    await expect
      .poll(() =>
        page
          .locator('[data-testid=label-select] option:not([disabled])')
          .allTextContents()
          .then((texts) => texts.map(squash)),
      )
      .toEqual(REVIEW_LABELS);
    await page.selectOption('[data-testid=label-select]', corrected());
    for (const [aspect, value] of [
      ['factualAlignment', 4],
      ['interpretativeQuality', 3],
      ['captionCompleteness', 5],
      ['fluency', 4],
    ] as const) {
      await page.check(`[data-testid=rating-${aspect}] input[value="${value}"]`);
    }
    await page.fill('[data-testid=reviewer]', 'Dr. Test');
    await page.fill('[data-testid=notes]', 'Raised voice throughout; final word shouted.');
    await page.fill('[data-testid=session-patient]', 'P-0042');
    await page.fill('[data-testid=session-sessionDate]', '2026-12-01');
    await page.fill('[data-testid=session-sessionDetails]', 'Speech clinic, room 2; reading task');
    await page.click('h1'); // blur saves typed text at once
    await expect.poll(() => page.textContent('[data-testid=save-state]').then(squash)).toMatch(/^Saved/);
    await expect.poll(() => page.locator('[data-testid=history] li').count()).toBeGreaterThanOrEqual(7);
    // The history says what happened in words, not field names.
    const history = (
      await page
        .locator('[data-testid=history] li')
        .allTextContents()
        .then((texts) => texts.map(squash))
    ).join('\n');
    expect(history).toContain(`label corrected to ${corrected()}`);
    expect(history).toContain('rating for fluency set to 4');
    expect(history).toContain('rating for caption completeness set to 5');
    expect(history).toMatch(/patient set to “P-0042”/);
    expect(history).not.toMatch(/labelDecision|ratings|factualAlignment|→/);
    await page.locator('[data-testid=review-form]').screenshot({ path: artifactPath('review-form.png') });
    await page.locator('[data-testid=history]').screenshot({ path: artifactPath('review-history.png') });

    await page.reload();
    await page.waitForSelector('[data-testid=review-form]');
    await expect.poll(() => page.inputValue('[data-testid=label-select]')).toBe(corrected());
    await expect.poll(() => page.isChecked('[data-testid=rating-captionCompleteness] input[value="5"]')).toBe(true);
    await expect.poll(() => page.isChecked('[data-testid=rating-interpretativeQuality] input[value="3"]')).toBe(true);
    await expect.poll(() => page.inputValue('[data-testid=notes]')).toBe('Raised voice throughout; final word shouted.');
    await expect.poll(() => page.inputValue('[data-testid=reviewer]')).toBe('Dr. Test');
    await expect.poll(() => page.inputValue('[data-testid=session-patient]')).toBe('P-0042');
    await expect.poll(() => page.inputValue('[data-testid=session-sessionDate]')).toBe('2026-12-01');
    await expect.poll(() => page.inputValue('[data-testid=session-sessionDetails]')).toBe('Speech clinic, room 2; reading task');
    await expect.poll(() => page.textContent('[data-testid=label-decision]').then(squash)).toContain('Label set by the reviewer');
  });

  it('exports a one-page report with charts, caption, explanation state and the review, as HTML and PDF', async () => {
    await expect.poll(() => page.getAttribute('[data-testid=report-pitch]', 'data-points').then(Number)).toBeGreaterThan(50);
    await page.click('[data-testid=create-report]');
    await page.waitForSelector('[data-testid=report] .et-report');
    const report = page.locator('[data-testid=report]');
    const text = (await report.textContent().then(squash))!;
    expect(text).toContain('03-01-05-02-01-01-01.wav');
    if (!DEFAULT_MODEL_INSTALLED) expect(text).toContain('No emotion model was installed');
    expect(text).toContain(`Label corrected to ${corrected()} by Dr. Test`);
    expect(text).toContain('Raised voice throughout');
    expect(text).toMatch(/Patient\s*P-0042\s*Session\s*2026-12-01/);
    expect(text).toContain('Speech clinic, room 2; reading task');
    expect(text).toContain('Not a diagnosis.');
    if (DEFAULT_MODEL_INSTALLED) expect(text).toMatch(/Emotion model: .+ Licence: CC BY-NC-SA 4\.0/);
    expect(await report.locator('img').count()).toBe(3);
    await page.screenshot({ path: artifactPath('review-light.png'), fullPage: true });

    const html = await download(() => page.click('text=Download HTML'));
    expect(html.name).toBe('03-01-05-02-01-01-01 report.html');
    expect(html.text).toContain('<td>4 / 5</td>');
    expect(html.text.match(/<img /g)).toHaveLength(3);

    // The print pipeline: print media shows the report alone, on one page.
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(artifactPath('report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    const letterPdf = await page.pdf({ format: 'Letter', printBackground: true });
    expect(letterPdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g), 'app print on Letter').toHaveLength(1);
    // The downloaded file printed on its own by Chromium (print-to-PDF) fits one sheet of A4 and of
    // Letter, charts whole; poppler draws the A4 print for a person to look at.
    writeFileSync(artifactPath('report.html'), html.text);
    const reportPage = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    await reportPage.setContent(html.text);
    await reportPage.screenshot({ path: artifactPath('report.png'), fullPage: true });
    for (const format of ['A4', 'Letter'] as const) {
      const printed = await reportPage.pdf({ format, printBackground: true });
      writeFileSync(artifactPath(`report-${format.toLowerCase()}.pdf`), printed);
      expect(printed.toString('latin1').match(/\/Type\s*\/Page[^s]/g), `${format} pages`).toHaveLength(1);
    }
    // Every chart ends above the page's bottom margin (12 mm) at the narrower sheet's printable width.
    await reportPage.emulateMedia({ media: 'print' });
    await reportPage.setViewportSize({ width: Math.round(((216 - 24) / 25.4) * 96), height: 1000 });
    const lowestChartBottomPx = await reportPage.evaluate(() =>
      Math.max(...[...document.querySelectorAll('.et-report img')].map((img) => img.getBoundingClientRect().bottom)),
    );
    expect(lowestChartBottomPx).toBeLessThan(((279 - 24) / 25.4) * 96);
    // …and no chart sticks out past the report's right edge, where the page would cut it.
    const overflowPx = await reportPage.evaluate(() => {
      const article = document.querySelector('.et-report')!.getBoundingClientRect();
      return Math.max(...[...document.querySelectorAll('.et-report img')].map((img) => img.getBoundingClientRect().right - article.right));
    });
    expect(overflowPx).toBeLessThanOrEqual(0);
    await reportPage.close();
    if (HAVE_PDFTOPPM) {
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '80',
        '-singlefile',
        artifactPath('report-a4.pdf'),
        artifactPath('report-a4').replace(/\.png$/, ''),
      ]);
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '80',
        '-singlefile',
        artifactPath('report-letter.pdf'),
        artifactPath('report-letter').replace(/\.png$/, ''),
      ]);
    }
  });

  it('searches, exports, deletes with undo and re-analyzes in the library', async () => {
    await page.click('[data-testid=nav-library]');
    await page.fill('[data-testid=search]', 'no such name');
    await expect.poll(() => page.locator('[data-testid=library-row]').count()).toBe(0);
    await page.fill('[data-testid=search]', '03-01-05');
    await expect.poll(() => page.locator('[data-testid=library-row]').count()).toBe(1);
    await expect.poll(() => page.textContent('[data-testid=library-row]').then(squash)).toContain(corrected());
    await page.check('[data-testid=library-row] input[type=checkbox]');
    const csv = await download(() => page.click('text=Export CSV'));
    expect(csv.text.split('\r\n')[1]).toMatch(new RegExp(`03-01-05-02-01-01-01\\.wav.*,${corrected()},corrected,4,3,5,4,Dr\\. Test,`));

    await page.click('text=Re-analyze');
    await expect.poll(() => page.textContent('.notices').then(squash), { timeout: 60_000 }).toContain('Re-analyzed 1 of 1');

    await page.click('[data-testid=delete-selected]');
    await expect.poll(() => page.locator('[data-testid=library-row]').count()).toBe(0);
    await page.screenshot({ path: artifactPath('library-deleted.png'), fullPage: true });
    await page.click('[data-testid=undo]');
    await expect.poll(() => page.locator('[data-testid=library-row]').count()).toBe(1);
    await page.fill('[data-testid=search]', '');
    await page.screenshot({ path: artifactPath('library-light.png'), fullPage: true });
  });

  it('follows the dark theme', async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const luminance = (rgb: string) => {
      const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number);
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    expect(luminance(await background())).toBeGreaterThan(128);
    await page.click('[data-testid=nav-analyze]');
    await expect
      .poll(() => page.getAttribute('[data-testid=pitch-chart]', 'data-points').then(Number), { timeout: 30_000 })
      .toBeGreaterThan(50);
    await switchTheme(page, 'dark');
    // The page itself is dark now, not only its setting.
    expect(luminance(await background())).toBeLessThan(64);
    await page.screenshot({ path: artifactPath('analyze-dark.png'), fullPage: true });
    await switchTheme(page, 'light');
    expect(luminance(await background())).toBeGreaterThan(128);
  });
});
