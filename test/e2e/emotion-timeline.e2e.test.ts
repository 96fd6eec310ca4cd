// A long recording in the clinician's app (issue 15), on the real host with the shipped default
// model in Debian's Chromium: seven utterances of validation speakers (33 s) are imported and explained
// as an emotion timeline — a lane of labels on the charts' time axis, one block per utterance — and
// the waveform, spectrogram, pitch, intensity and timeline share one plot column to the pixel.
// Clicking an utterance shows its own reasoning; "Explain selection" runs the model on a dragged
// stretch; the one-page report carries the timeline.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWavPcm16 } from '../../main/audio';
import { joinClips, validationUtterances } from '../../main/ml/pipeline/testing/long-recording';
import { openAppSession, type AppSession } from './support/app-session';
import { artifactPath } from './support/artifacts';
import { projectRoot } from './support/host-process';
import { squash } from './support/text';

const RAVDESS = resolve(projectRoot, '..', 'shared', 'data', 'ravdess');
const FILES = validationUtterances(RAVDESS);
const DEFAULT_MODEL = join(projectRoot, 'resources', 'models', 'default', 'manifest.json');

/** Where a chart's plot area lies on the page: its box and the margins it says it keeps. */
async function plotEdges(page: Page, selector: string): Promise<{ left: number; right: number }> {
  const element = page.locator(selector).first();
  const box = (await element.boundingBox())!;
  const left = Number(await element.getAttribute('data-plot-left'));
  const right = Number(await element.getAttribute('data-plot-right'));
  return { left: box.x + left, right: box.x + box.width - right };
}

describe.skipIf(!FILES.every(existsSync) || !existsSync(DEFAULT_MODEL))('a long recording as an emotion timeline', () => {
  let session: AppSession;
  let page: Page;
  const scratch = mkdtempSync(join(tmpdir(), 'et-e2e-timeline-'));
  const SESSION_FILE = join(scratch, 'clinic session.wav');

  beforeAll(async () => {
    const { audio } = await joinClips(FILES);
    writeFileSync(SESSION_FILE, encodeWavPcm16(audio.samples, audio.sampleRate));
    session = await openAppSession({ viewport: { width: 1400, height: 900 }, pageOptions: { acceptDownloads: true } });
    page = session.page;
    await page.click('[data-testid=nav-library]');
    await page.setInputFiles('[data-testid=file-input]', [SESSION_FILE]);
    await page.waitForSelector('[data-testid=import-row].done', { timeout: 60_000 });
    await page.click('[data-testid=import-row].done >> text=Open');
    await page.waitForSelector('[data-testid=emotion-timeline]', { timeout: 120_000 });
  }, 180_000);

  afterAll(async () => session?.close());

  it('shows one block per utterance on the charts’ time axis, every chart on one plot column', async () => {
    await expect.poll(() => page.locator('[data-testid=timeline-segment]').count()).toBe(FILES.length);
    await expect
      .poll(() => page.getAttribute('[data-testid=pitch-chart]', 'data-points').then(Number), { timeout: 30_000 })
      .toBeGreaterThan(50);
    await expect.poll(() => page.getAttribute('[data-testid=intensity-chart]', 'data-plot-left').then(Number)).toBeGreaterThan(0);
    const reference = await plotEdges(page, '[data-testid=waveform]');
    for (const chart of ['spectrogram', 'pitch-chart', 'intensity-chart', 'emotion-timeline']) {
      const edges = await plotEdges(page, `[data-testid=${chart}]`);
      expect(Math.abs(edges.left - reference.left), `${chart} plot starts where the waveform's does`).toBeLessThanOrEqual(1);
      expect(Math.abs(edges.right - reference.right), `${chart} plot ends where the waveform's does`).toBeLessThanOrEqual(1);
    }
    // A block starts at its utterance's time on that column.
    const durationS = Number((/\/ (\d+):(\d+\.\d+)/.exec((await page.textContent('[data-testid=cursor-time]'))!) ?? [])[2]);
    const third = page.locator('[data-testid=timeline-segment]').nth(2);
    const startS = Number(await third.getAttribute('data-start'));
    const expectedX = reference.left + (startS / durationS) * (reference.right - reference.left);
    expect(Math.abs((await third.boundingBox())!.x - expectedX)).toBeLessThanOrEqual(1.5);
    // The recording's headline is drawn from the utterances; the caption stays one sentence.
    await expect
      .poll(() => page.textContent('[data-testid=explanation-scope]').then(squash))
      .toContain(`The whole recording (${FILES.length} utterances)`);
    await page.screenshot({ path: artifactPath('emotion-timeline.png'), fullPage: true });
  });

  it('shows an utterance’s own reasoning when its block is clicked, and goes back to the whole recording', async () => {
    // Found by its start: after the zoom, blocks outside the window are not drawn.
    const start = await page.locator('[data-testid=timeline-segment]').nth(1).getAttribute('data-start');
    const second = page.locator(`[data-testid=timeline-segment][data-start="${start}"]`);
    await second.click();
    await expect.poll(() => second.getAttribute('aria-pressed')).toBe('true');
    await expect
      .poll(() => page.textContent('[data-testid=explanation-scope]').then(squash))
      .toMatch(new RegExp(`^Utterance 2 of ${FILES.length}, 0:0\\d\\.\\d\\d–0:\\d\\d\\.\\d\\d`));
    await expect.poll(() => page.textContent('[data-testid=explanation-result]').then(squash)).not.toContain('was split at its pauses');
    // The charts zoom to the utterance: the block now spans most of the lane.
    const lane = (await page.locator('[data-testid=emotion-timeline] .lane').boundingBox())!;
    await expect.poll(async () => (await second.boundingBox())!.width / lane.width).toBeGreaterThan(0.6);
    await page.screenshot({ path: artifactPath('emotion-timeline-utterance.png'), fullPage: true });
    await page.click('text=Back to the whole recording');
    await expect.poll(() => page.textContent('[data-testid=explanation-result]').then(squash)).toContain('was split at its pauses');
  });

  it('explains a dragged selection on its own', async () => {
    await page.click('text=Whole file');
    const box = (await page.locator('[data-testid=waveform]').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.42, box.y + 30, { steps: 5 });
    await page.mouse.up();
    await page.click('[data-testid=explain-selection]');
    await expect
      .poll(() => page.textContent('[data-testid=explanation-scope]').then(squash), { timeout: 60_000 })
      .toMatch(/^Selection 0:\d\d\.\d\d–0:\d\d\.\d\d/);
    expect(await page.locator('[data-testid=explain-selection-error]').count()).toBe(0);
  });

  it('prints the timeline in the one-page report', async () => {
    await page.click('text=Review this recording');
    await page.click('[data-testid=create-report]');
    await page.waitForSelector('[data-testid=report] .et-report [data-section=timeline]');
    const text = (await page.textContent('[data-testid=report] [data-section=timeline]').then(squash))!;
    expect(text).toContain(`Emotion timeline, ${FILES.length} utterances`);
    expect(await page.locator('[data-testid=report] [data-section=timeline] .timeline span').count()).toBe(FILES.length);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g), 'one A4 page').toHaveLength(1);
    await page.locator('[data-testid=report]').screenshot({ path: artifactPath('report-timeline.png') });
  });

  it('saves the report as a PDF without the print dialog (the host prints it with headless Chromium)', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90_000 }), page.click('[data-testid=save-pdf]')]);
    expect(download.suggestedFilename()).toBe('clinic session report.pdf');
    const file = join(scratch, 'saved.pdf');
    await download.saveAs(file);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g), 'one page').toHaveLength(1);
    writeFileSync(artifactPath('report-timeline.pdf'), pdf);
  });
});
