// Recording on the real host: Chromium's fake microphone plays a WAV, the app streams it to main,
// which writes it to disk as it arrives and sends live pitch back; the saved file's duration must
// match the time recorded. A recording cut off by kill -9 is offered for recovery at the next start.
// Without microphone permission the Record view says so inline.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../main/audio';
import { writeSpeechWav } from '../../main/library/testing/library-fixture';
import { openAppSession, type AppSession } from './support/app-session';
import { artifactPath } from './support/artifacts';
import { launchChromium } from './support/chromium';
import { startHost, type RunningHost } from './support/host-process';
import { squash } from './support/text';

const scratch = mkdtempSync(join(tmpdir(), 'et-e2e-mic-'));
// A generated speech-like voice (falling 220→185 Hz syllables), so this test needs no corpus.
const microphoneWav = writeSpeechWav(scratch, 'microphone.wav', 3);

describe('recording from a (fake) microphone', () => {
  let host: RunningHost;
  let session: AppSession;
  let browser: Browser;
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'et-e2e-rec-'));

  beforeAll(async () => {
    session = await openAppSession({
      dataDir: dataDir,
      viewport: { width: 1280, height: 900 },
      chromiumArgs: [
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-audio-capture=${microphoneWav}`,
      ],
    });
    ({ host, browser, page } = session);
    await page.click('[data-testid=nav-record]');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('streams to disk with live pitch, and saves audio as long as the time recorded', async () => {
    // Timed from the key press, so capture start-up counts against the lower bound, never the upper.
    const started = Date.now();
    await page.keyboard.press('r');
    await page.waitForSelector('[data-testid=stop]');
    await expect
      .poll(() => page.getAttribute('[data-testid=live-pitch]', 'data-points').then(Number), { timeout: 10_000 })
      .toBeGreaterThan(20);
    await page.waitForTimeout(Math.max(0, 3500 - (Date.now() - started)));
    expect(Number(await page.getAttribute('[data-testid=level-meter]', 'aria-valuenow'))).toBeGreaterThan(0.01);
    await page.screenshot({ path: artifactPath('record-live.png'), fullPage: true });
    // A pause keeps its seconds out of the file.
    await page.click('[data-testid=pause]');
    const pausedAt = Date.now();
    await expect.poll(() => page.textContent('[data-testid=pause]').then(squash)).toContain('Resume');
    await page.waitForTimeout(2000);
    await page.keyboard.press('p');
    const pausedS = (Date.now() - pausedAt) / 1000;
    await page.waitForTimeout(500);
    await page.click('[data-testid=stop]');
    const elapsedS = (Date.now() - started) / 1000 - pausedS;
    await page.waitForSelector('[data-testid=record-saved]', { timeout: 30_000 });
    const saved = await page.evaluate(async () => {
      const token = sessionStorage.getItem('emotionthinker.token');
      const socket = new WebSocket(`ws://${location.host}/ipc?token=${token}`);
      await new Promise((resolve) => socket.addEventListener('open', resolve));
      const reply = await new Promise<{ result: { value: { items: { id: string; durationS: number; source: string }[] } } }>((resolve) => {
        // Events (library.changed, …) may arrive first: wait for the response to this request.
        socket.addEventListener('message', (m) => {
          const message = JSON.parse(String(m.data)) as { kind: string; id?: number };
          if (message.kind === 'response' && message.id === 1) resolve(message as never);
        });
        socket.send(JSON.stringify({ kind: 'request', id: 1, channel: 'library.list', payload: {} }));
      });
      socket.close();
      return reply.result.value.items;
    });
    expect(saved).toHaveLength(1);
    expect(saved[0]!.source).toBe('recording');
    // What was on disk is what was recorded: the elapsed time minus start-up of capture (< 1.5 s).
    const file = await decodeAudioFile(join(dataDir, 'recordings', `${saved[0]!.id}.wav`));
    expect(file.source.durationS).toBeGreaterThan(elapsedS - 1.5);
    expect(file.source.durationS).toBeLessThan(elapsedS + 0.3);
    expect(file.source).toMatchObject({ format: 'wav/pcm16', sampleRate: 16_000, channels: 1 });
    await page.screenshot({ path: artifactPath('record-saved.png'), fullPage: true });
  });

  it('offers a recording cut off by kill -9 for recovery at the next start, with every acknowledged second', async () => {
    // The clock shows the seconds main has acknowledged as written (m:ss.d).
    const writtenS = async () => {
      const match = /^(\d+):(\d{2})\.(\d)$/.exec(squash(await page.textContent('[data-testid=record-clock]')));
      return match ? Number(match[1]) * 60 + Number(match[2]) + Number(match[3]) / 10 : 0;
    };
    await page.click('[data-testid=record]');
    await page.waitForSelector('[data-testid=stop]');
    await expect.poll(writtenS, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const acknowledgedS = await writtenS();
    host.process.kill('SIGKILL');
    await new Promise((resolve) => host.process.once('exit', resolve));
    host = await startHost(dataDir);
    await page.goto(`${host.url}/#token=${host.token}`);
    await page.waitForSelector('[data-testid=recovery]');
    await expect.poll(() => page.textContent('[data-testid=recovery]').then(squash)).toMatch(/interrupted \([\d.]+ s on disk\)/);
    const onDiskS = Number(/interrupted \(([\d.]+) s on disk\)/.exec(squash(await page.textContent('[data-testid=recovery]')))![1]);
    // Nothing main acknowledged is lost (the display rounds down to 0.1 s); at most the last chunk in flight is extra.
    expect(onDiskS).toBeGreaterThanOrEqual(acknowledgedS - 0.05);
    expect(onDiskS).toBeLessThan(acknowledgedS + 1.5);
    await page.screenshot({ path: artifactPath('record-recovery.png'), fullPage: true });
    await page.click('[data-testid=recover]');
    await page.waitForSelector('[data-testid=pitch-chart]');
    await expect.poll(() => page.textContent('#analyze-title').then(squash)).toMatch(/^Recovered recording/);
  });
});

describe('recording without microphone permission', () => {
  it('says so inline instead of failing silently', async () => {
    const host = await startHost();
    // No fake-UI flag: headless Chromium denies the permission prompt.
    const browser = await launchChromium(['--use-fake-device-for-media-stream']);
    try {
      const page = await browser.newPage();
      await page.goto(`${host.url}/#token=${host.token}`);
      await page.click('[data-testid=nav-record]');
      await page.click('[data-testid=record]');
      await expect
        .poll(() =>
          page
            .textContent('[data-testid=record-error]')
            .then(squash)
            .catch(() => ''),
        )
        .toMatch(/denied|No microphone/);
      await expect.poll(() => page.isVisible('[data-testid=record]')).toBe(true);
      await page.screenshot({ path: artifactPath('record-denied.png') });
    } finally {
      await browser.close();
      await host.stop();
    }
  });
});
