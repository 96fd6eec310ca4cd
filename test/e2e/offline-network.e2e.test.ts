// "Offline" must be true (issue 14): the browser host and its Chromium window, each under strace, do
// an import and an explanation of a real RAVDESS clip, and neither may look up a host name or reach
// any address but loopback. The window is started with exactly the app's own arguments
// (chromiumAppArgs) plus a loopback DevTools port to drive it, on an Xvfb display of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium as playwright, type Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumAppArgs, findChromium } from '../../main/host/chromium';
import { chromiumPath } from './support/chromium';
import { projectRoot, startHost, type RunningHost } from './support/host-process';
import { canTrace, NETWORK_TRACE_ARGS, queriedNames, summarizeNetworkTrace } from './support/network-trace';

const CLIP = join(resolve(projectRoot, '..', 'shared', 'data', 'ravdess'), 'Actor_01', '03-01-05-02-01-01-01.wav');
const DEFAULT_MODEL_INSTALLED = existsSync(join(projectRoot, 'resources', 'models', 'default', 'manifest.json'));
const HAVE_XVFB = existsSync('/usr/bin/Xvfb');
const DISPLAY_NUMBER = 80 + (process.pid % 9);

describe.skipIf(!canTrace() || !HAVE_XVFB || !findChromium() || !existsSync(CLIP) || !DEFAULT_MODEL_INSTALLED)('the app offline', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'et-e2e-offline-'));
  const hostTrace = join(scratch, 'host.strace');
  const windowTrace = join(scratch, 'window.strace');
  let xvfb: ChildProcess | undefined;
  let host: RunningHost | undefined;
  let window: ChildProcess | undefined;
  let browser: Browser | undefined;

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (window && window.exitCode === null) window.kill('SIGKILL');
    await host?.stop();
    xvfb?.kill('SIGTERM');
    // The traces stay for a look after a failure; the window's profile is only bulk.
    rmSync(join(scratch, 'profile'), { recursive: true, force: true });
  });

  it('imports and explains a clip with no DNS lookup and no connection beyond loopback from the host or its window', async () => {
    xvfb = spawn('/usr/bin/Xvfb', [`:${DISPLAY_NUMBER}`, '-nolisten', 'tcp', '-screen', '0', '1280x900x24'], { stdio: 'ignore' });
    await expect.poll(() => existsSync(`/tmp/.X11-unix/X${DISPLAY_NUMBER}`), { timeout: 20_000 }).toBe(true);
    host = await startHost(join(scratch, 'data'), { launcher: ['strace', ...NETWORK_TRACE_ARGS, hostTrace] });

    const profileDir = join(scratch, 'profile');
    const isRoot = process.getuid?.() === 0;
    const args = [...chromiumAppArgs({ url: host.appUrl, profileDir, noSandbox: isRoot }), '--remote-debugging-port=0'];
    window = spawn('strace', [...NETWORK_TRACE_ARGS, windowTrace, chromiumPath(), ...args], {
      env: { ...process.env, DISPLAY: `:${DISPLAY_NUMBER}` },
      stdio: 'ignore',
    });
    const windowExited = new Promise<void>((done) => window!.once('exit', () => done()));
    // Chromium writes its DevTools port here once it listens (on 127.0.0.1).
    const portFile = join(profileDir, 'DevToolsActivePort');
    await expect.poll(() => existsSync(portFile) && readFileSync(portFile, 'utf8').includes('\n'), { timeout: 30_000 }).toBe(true);
    browser = await playwright.connectOverCDP(`http://127.0.0.1:${readFileSync(portFile, 'utf8').split('\n')[0]}`);
    await expect.poll(() => browser!.contexts()[0]?.pages().length ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    const page = browser.contexts()[0]!.pages()[0]!;

    // The window redeems its one-time code and opens the app; import, open and explain the clip.
    await page.click('[data-testid=nav-library]', { timeout: 30_000 });
    await page.setInputFiles('[data-testid=file-input]', [CLIP]);
    await page.click('[data-testid=import-row].done >> text=Open', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=explanation-result]', { timeout: 60_000 });
    // The review form is where autofill would ask its server about the page's fields.
    await page.click('text=Review this recording');
    await page.fill('[data-testid=notes]', 'Raised voice throughout.');

    const cdp = await browser.newBrowserCDPSession();
    await cdp.send('Browser.close').catch(() => undefined); // the connection drops as it closes
    await windowExited;
    await host.stop();
    await expect.poll(() => host!.process.exitCode, { timeout: 10_000 }).not.toBeNull();

    for (const [who, file] of [
      ['host', hostTrace],
      ['window', windowTrace],
    ] as const) {
      const trace = readFileSync(file, 'utf8');
      const summary = summarizeNetworkTrace(trace);
      // The trace saw the process's sockets: the host's listening socket, the window's DevTools port.
      expect(summary.loopbackCalls, `${who}: no loopback socket traced`).toBeGreaterThan(0);
      expect(summary.outbound, `${who} reached out (names asked for: ${queriedNames(trace).join(', ') || 'none'})`).toEqual([]);
    }
  });
});
