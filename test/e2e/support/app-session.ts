// One place that starts what an end-to-end test drives: the real browser host on a data folder
// (fresh, or one the test seeded), Debian's Chromium, and a page signed in with the host's token.
// Files share one session across their tests only where the journey is the point; `close` stops both.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startHost, type HostOptions, type RunningHost } from './host-process';

export interface AppSession {
  host: RunningHost;
  browser: Browser;
  page: Page;
  /** A new page signed in to the current host (after a restart, say). */
  openPage(): Promise<Page>;
  /** Stops the host (kill -9 with `{ kill: true }`) and starts it again on the same data folder. */
  restartHost(options?: { kill?: boolean }): Promise<RunningHost>;
  close(): Promise<void>;
}

export interface AppSessionOptions {
  /** Data folder to open (seeded by the test); a fresh temporary one when absent. */
  dataDir?: string;
  hostOptions?: HostOptions;
  viewport?: { width: number; height: number };
  pageOptions?: BrowserContextOptions;
  chromiumArgs?: string[];
}

export async function openAppSession(options: AppSessionOptions = {}): Promise<AppSession> {
  let host = await startHost(options.dataDir, options.hostOptions);
  const browser = await launchChromium(options.chromiumArgs);
  const openPage = async () => {
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1360, height: 1000 }, ...options.pageOptions });
    await page.goto(`${host.url}/#token=${host.token}`);
    return page;
  };
  const session: AppSession = {
    host,
    browser,
    page: await openPage(),
    openPage,
    async restartHost({ kill = false } = {}) {
      if (kill) {
        const exited = new Promise((resolve) => host.process.once('exit', resolve));
        host.process.kill('SIGKILL');
        await exited;
      } else await host.stop();
      host = await startHost(host.dataDir, options.hostOptions);
      session.host = host;
      return host;
    },
    async close() {
      await browser.close();
      await host.stop();
    },
  };
  return session;
}

/** Turns on the developer setting that lists test models (the tiny one) and waits for its row. */
export async function showTestModels(page: Page): Promise<void> {
  await page.click('[data-testid=nav-models]');
  await page.check('[data-testid=show-test-models]');
  await page.locator('[data-testid=model-row][data-key="shipped:tiny"]').waitFor();
}

/** Switches the colour theme and waits until the page wears it and has drawn two frames since. */
export async function switchTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  await page.selectOption('select[aria-label="Colour theme"]', theme);
  await page.waitForFunction((wanted) => document.documentElement.dataset.theme === wanted, theme);
  // Charts recolour on the next animation frame: wait for it, not for a fixed time.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}
