// The app as a user starts it here (host process + Chromium), through the real IPC contract.
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { openAppSession, type AppSession } from './support/app-session';
import { artifactPath } from './support/artifacts';
import { projectRoot, type RunningHost } from './support/host-process';
import { squash } from './support/text';

const appVersion = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version as string;
const ortVersion = JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8'))
  .version as string;

describe('the app in the browser host', () => {
  let host: RunningHost;
  let session: AppSession;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    session = await openAppSession({ viewport: { width: 1280, height: 860 } });
    ({ host, browser, page } = session);
    // The app opens on the Library; System is one click away.
    await page.click('[data-testid=nav-system]');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('loads and shows real versions, providers, data folder and database status fetched over IPC', async () => {
    await expect.poll(() => page.textContent('[data-testid=app-version]').then(squash)).toBe(appVersion);
    await expect.poll(() => page.textContent('[data-testid=ort-version]').then(squash)).toBe(ortVersion);
    await expect.poll(() => page.textContent('[data-testid=chosen-provider]').then(squash), { timeout: 30_000 }).toBe('CPU');
    await expect.poll(() => page.textContent('[data-testid=provider-cpu]').then(squash)).toContain('available');
    await expect.poll(() => page.textContent('[data-testid=data-dir]').then(squash)).toBe(host.dataDir);
    await expect.poll(() => page.textContent('[data-testid=db-status]').then(squash)).toContain('OK');
    await page.screenshot({ path: artifactPath('system-light.png'), fullPage: true });
  });

  it('takes the token out of the address bar once it has read it', async () => {
    expect(await page.evaluate(() => location.hash)).toBe('');
  });

  it('stores a preference in the database and finds it again after a reload', async () => {
    await page.selectOption('select[aria-label="Colour theme"]', 'dark');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    await expect.poll(() => page.inputValue('select[aria-label="Colour theme"]')).toBe('dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.screenshot({ path: artifactPath('system-dark.png'), fullPage: true });
  });

  it('answers malformed IPC from the page with typed errors and keeps serving', async () => {
    const replies = await page.evaluate(async () => {
      const token = sessionStorage.getItem('emotionthinker.token');
      const socket = new WebSocket(`ws://${location.host}/ipc?token=${token}`);
      await new Promise((resolve) => socket.addEventListener('open', resolve));
      const ask = (text: string) =>
        new Promise<unknown>((resolve) => {
          // Skip pushed events: the next *response* answers this message.
          const onMessage = (m: MessageEvent) => {
            const message = JSON.parse(String(m.data)) as { kind: string };
            if (message.kind !== 'response') return;
            socket.removeEventListener('message', onMessage);
            resolve(message);
          };
          socket.addEventListener('message', onMessage);
          socket.send(text);
        });
      const out = [
        await ask(JSON.stringify({ kind: 'request', id: 1, channel: 'settings.update', payload: { theme: 'purple', extra: 1 } })),
        await ask(JSON.stringify({ kind: 'request', id: 2, channel: 'system.format', payload: {} })),
        await ask('{"kind":"request",'),
        await ask(JSON.stringify({ kind: 'request', id: 3, channel: 'system.getInfo', payload: {} })),
      ];
      socket.close();
      return out as { id: number | null; result: { ok: boolean; error?: { code: string } } }[];
    });
    expect(replies.map((r) => (r.result.ok ? 'ok' : r.result.error?.code))).toEqual([
      'invalid_payload',
      'unknown_channel',
      'malformed_message',
      'ok',
    ]);
    expect(host.process.exitCode).toBeNull();
  });

  it('opened by its bare address, says how to get the token, and asks for no file that is missing', async () => {
    const bare = await browser.newPage();
    const missing: string[] = [];
    bare.on('response', (response) => {
      if (response.status() >= 400) missing.push(`${response.status()} ${response.url()}`);
    });
    await bare.goto(host.url);
    const alert = (await bare.locator('[role=alert]').textContent().then(squash))!;
    expect(alert).toContain('opened without its access token');
    expect(alert).toContain('#code=');
    expect(alert).toContain('npm start');
    await bare.waitForLoadState('networkidle');
    expect(missing).toEqual([]); // no favicon 404
    await expect.poll(() => bare.getAttribute('link[rel=icon]', 'href')).toBe('./favicon.png');
    const icon = await fetch(`${host.url}/favicon.png`);
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/png']);
    await bare.screenshot({ path: artifactPath('missing-token.png') });
    await bare.close();
  });

  it('opens the app once from the address it printed, which holds no token; a second page with it is refused', async () => {
    expect(host.appUrl).toMatch(new RegExp(`^${host.url}/#code=[A-Za-z0-9_-]{43}$`));
    expect(host.appUrl).not.toContain(host.token);
    const first = await browser.newPage();
    await first.goto(host.appUrl);
    await first.click('[data-testid=nav-system]');
    await expect.poll(() => first.textContent('[data-testid=app-version]').then(squash)).toBe(appVersion);
    expect(await first.evaluate(() => location.hash)).toBe(''); // the spent code leaves the address bar
    await first.reload(); // the tab keeps the session it was given
    await expect.poll(() => first.textContent('[data-testid=app-version]').then(squash)).toBe(appVersion);
    await first.close();

    const second = await browser.newPage();
    await second.goto(host.appUrl);
    await expect.poll(() => second.textContent('[role=alert]').then(squash)).toContain('This address has been used already');
    await second.close();
  });

  it('refuses a wrong token, from a page and from any other client', async () => {
    const stranger = await browser.newPage();
    await stranger.goto(`${host.url}/#token=not-the-token`);
    await expect.poll(() => stranger.textContent('[role=alert]').then(squash)).toContain('Could not connect to the app host');
    await stranger.close();

    const status = await new Promise<number>((resolve) => {
      const socket = new NodeWebSocket(`${host.url.replace('http', 'ws')}/ipc?token=wrong`);
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('listens on the loopback interface only', async () => {
    const port = new URL(host.url).port;
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (!external) return; // a machine with only loopback has nothing else to test
    const reached = await fetch(`http://${external.address}:${port}/`).then(
      () => true,
      () => false,
    );
    expect(reached).toBe(false);
  });
});
