// Input the model cannot judge, on the real host in Debian's Chromium (issue 11 item 5): with a
// model active that is not a test model (the tiny model's graphs exported as a user model), importing
// a noise-only recording and 0.3 s of real speech shows "Cannot judge: <reason>" in the Analyze view
// instead of a label, keeps the model's answer as secondary text only, and leaves the reviewer
// nothing to accept — they choose the label themselves, and the report says why. A telephone-band
// recording keeps its answer, with the warning and the reason next to it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile, encodeWavPcm16 } from '../../main/audio';
import { applyChannelTransform } from '../../main/audio/channel-transforms';
import { hasTool } from '../../main/prosody/testing/audio-files';
import { openAppSession, type AppSession } from './support/app-session';
import { artifactPath } from './support/artifacts';
import { projectRoot, resourcesWithout, type RunningHost } from './support/host-process';
import { squash } from './support/text';

const TINY = join(projectRoot, 'resources', 'models', 'tiny');
// Actor 18 (female), angry, "Kids are talking by the door": 0.3 s from the middle of it.
const CLIP = resolve(projectRoot, '..', 'shared', 'data', 'ravdess', 'Actor_18', '03-01-05-01-01-01-18.wav');

/** A data folder with the tiny model's graphs as a user model that is not marked a test model. */
function dataDirWithExportedModel(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'et-e2e-quality-'));
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
  return dataDir;
}

/** Three seconds of seeded Gaussian noise: a recording of an empty room. */
function writeNoiseWav(file: string): string {
  let state = 33;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  const samples = Float32Array.from(
    { length: 3 * 16000 },
    () => 0.05 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
  writeFileSync(file, encodeWavPcm16(samples, 16000));
  return file;
}

describe.skipIf(!existsSync(CLIP))('recordings the model cannot judge', () => {
  let host: RunningHost;
  let session: AppSession;
  let browser: Browser;
  let page: Page;
  const files = mkdtempSync(join(tmpdir(), 'et-e2e-quality-files-'));

  beforeAll(async () => {
    session = await openAppSession({
      dataDir: dataDirWithExportedModel(),
      hostOptions: { resourcesDir: resourcesWithout(['default']) },
      viewport: { width: 1360, height: 1000 },
    });
    ({ host, browser, page } = session);
    await page.click('[data-testid=nav-models]');
    await page.locator('[data-testid=model-row][data-key="user:tiny-export"] [data-testid=use-model]').click();
    await page.waitForSelector('[data-testid=active-model-line]:has-text("Active: Tiny export")');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  async function importAndOpen(file: string): Promise<void> {
    await page.click('[data-testid=nav-library]');
    await page.setInputFiles('[data-testid=file-input]', [file]);
    const name = file.split('/').at(-1)!;
    const row = page.locator('[data-testid=import-row].done', { hasText: name });
    await row.waitFor({ timeout: 60_000 });
    await row.locator('text=Open').click();
  }

  it('shows "Cannot judge" with the reason for a noise-only import, the answer only as secondary text', async () => {
    await importAndOpen(writeNoiseWav(join(files, 'empty-room.wav')));
    // The explanation run starts on import; the flag appears once its result is stored.
    await page.waitForSelector('[data-testid=cannot-judge]', { timeout: 90_000 });
    await expect
      .poll(() => page.textContent('[data-testid=cannot-judge]').then(squash))
      .toMatch(/Cannot judge: the clip is noise or a steady tone, with little or no speech in it \(SNR -\d+\.\d dB\)/);
    expect(await page.locator('[data-testid=model-label]').count()).toBe(0);
    await expect
      .poll(() => page.textContent('[data-testid=flagged-answer]').then(squash))
      .toMatch(/not shown as a label: the model cannot judge this recording/);
    await expect.poll(() => page.textContent('.prob-note').then(squash)).toMatch(/not a judgement/);
    await page.locator('[data-testid=explanation]').screenshot({ path: artifactPath('analyze-cannot-judge-noise.png') });

    // Review: nothing to accept; the reviewer is told why and sets the label.
    await page.click('text=Review this recording');
    await page.waitForSelector('[data-testid=review-form]');
    await expect.poll(() => page.isDisabled('text=Accept model label')).toBe(true);
    await expect
      .poll(() => page.textContent('[data-testid=label-decision]').then(squash))
      .toMatch(/The model cannot judge this recording \(the clip is noise or a steady tone.*\): choose the emotion you hear\./);
    await page.selectOption('[data-testid=label-select]', 'neutral');
    await expect.poll(() => page.textContent('[data-testid=label-decision]').then(squash)).toMatch(/Label set by the reviewer/);
    // The report says why there is no label, and prints none.
    await page.click('[data-testid=create-report]');
    await page.waitForSelector('[data-testid=report] .et-report');
    const headline = (await page.textContent('[data-testid=report] [data-section=explanation]').then(squash))!;
    expect(headline).toMatch(/^Cannot judge: the clip is noise or a steady tone/);
    expect(headline).not.toMatch(/\d+ %/);
    await page.locator('[data-testid=report]').screenshot({ path: artifactPath('report-cannot-judge.png') });
  });

  it('shows "Cannot judge" for 0.3 s of real speech: too short', async () => {
    const { audio } = await decodeAudioFile(CLIP);
    const short = join(files, 'short-word.wav');
    writeFileSync(short, encodeWavPcm16(audio.samples.slice(Math.round(1.2 * 16000), Math.round(1.5 * 16000)), 16000));
    await importAndOpen(short);
    await page.waitForSelector('[data-testid=cannot-judge]', { timeout: 90_000 });
    await expect
      .poll(() => page.textContent('[data-testid=cannot-judge]').then(squash))
      .toMatch(/Cannot judge: only 0\.\d\d s of speech; judging an emotion needs at least 0\.6 s/);
    expect(await page.locator('[data-testid=model-label]').count()).toBe(0);
    await page.locator('[data-testid=explanation]').screenshot({ path: artifactPath('analyze-cannot-judge-short.png') });
  });

  it.skipIf(!hasTool('sox'))('warns, with the reason, on a telephone-band recording the model can still judge', async () => {
    const phone = join(files, 'phone-call.wav');
    await applyChannelTransform(CLIP, { kind: 'telephone' }, phone);
    await importAndOpen(phone);
    await page.waitForSelector('[data-testid=input-warning]', { timeout: 90_000 });
    await expect
      .poll(() => page.textContent('[data-testid=input-warning]').then(squash))
      .toMatch(/Input unlike the training data\. The audio is band-limited to 3\.\d kHz, as through a telephone/);
    expect(await page.locator('[data-testid=cannot-judge]').count()).toBe(0);
    await expect
      .poll(() => page.textContent('.prob-note').then(squash))
      .toMatch(/lowered toward even for an input unlike the training data/);
    await page.locator('[data-testid=explanation]').screenshot({ path: artifactPath('analyze-input-warning.png') });
  });
});
