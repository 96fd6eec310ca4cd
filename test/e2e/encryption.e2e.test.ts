// Encryption at rest as a user meets it in the browser host (issue 14): turn it on from the System
// page with a passphrase, restart the app, find it locked, get a wrong passphrase refused, unlock it,
// then change the passphrase and find that only the new one opens it after a restart.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath } from './support/artifacts';
import { launchChromium } from './support/chromium';
import { startHost, type RunningHost } from './support/host-process';
import { squash } from './support/text';

const PASSPHRASE = 'violet harbour 1987';

describe('library encryption in the browser host', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'et-e2e-encryption-'));
  let host: RunningHost | undefined;
  let browser: Browser;
  let page: Page;

  async function openApp(): Promise<void> {
    host = await startHost(dataDir);
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(`${host.url}/#token=${host.token}`);
  }

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('encrypts the library from the System page', async () => {
    await openApp();
    await page.selectOption('select[aria-label="Colour theme"]', 'dark');
    await page.click('[data-testid=nav-system]');
    await expect.poll(() => page.textContent('[data-testid=encryption-state]').then(squash)).toContain('Off');
    await page.fill('[data-testid=encryption-passphrase]', PASSPHRASE);
    await page.fill('[data-testid=encryption-confirm]', PASSPHRASE);
    await page.click('[data-testid=encryption-enable]');
    await expect.poll(() => page.textContent('[data-testid=encryption-state]').then(squash), { timeout: 30_000 }).toContain('On');
    await page.screenshot({ path: artifactPath('encryption-on.png'), fullPage: true });
    await host!.stop();
    const database = readdirSync(dataDir).find((name) => name.endsWith('.sqlite'))!;
    expect(readFileSync(join(dataDir, database)).includes('SQLite format 3')).toBe(false);
  });

  it('starts locked, refuses a wrong passphrase and opens with the right one', async () => {
    await page.close();
    await openApp();
    await page.waitForSelector('[data-testid=unlock]');
    await page.fill('[data-testid=unlock-passphrase]', 'violet harbour 1988');
    await page.click('[data-testid=unlock-submit]');
    await expect.poll(() => page.textContent('[data-testid=unlock-error]').then(squash)).toContain('not the passphrase');
    await page.screenshot({ path: artifactPath('encryption-locked.png'), fullPage: true });
    await page.fill('[data-testid=unlock-passphrase]', PASSPHRASE);
    await page.click('[data-testid=unlock-submit]');
    await page.waitForSelector('[data-testid=unlock]', { state: 'detached' });
    // The stored preference comes back from the (encrypted) database once it is open.
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.click('[data-testid=nav-system]');
    await expect.poll(() => page.textContent('[data-testid=db-status]').then(squash)).toContain('OK');
    await expect.poll(() => page.textContent('[data-testid=encryption-state]').then(squash)).toContain('On');
  });

  it('changes the passphrase from the System page; after a restart only the new one opens the library', async () => {
    const next = 'amber lighthouse 2031';
    await page.fill('[data-testid=passphrase-current]', 'not the passphrase');
    await page.fill('[data-testid=passphrase-new]', next);
    await page.fill('[data-testid=passphrase-confirm]', next);
    await page.click('[data-testid=passphrase-change-submit]');
    await expect
      .poll(() => page.textContent('[data-testid=encryption-error]').then(squash))
      .toContain('is not the one this library was encrypted with');
    await page.fill('[data-testid=passphrase-current]', PASSPHRASE);
    await page.click('[data-testid=passphrase-change-submit]');
    await expect.poll(() => page.textContent('[data-testid=encryption] [role=status]').then(squash)).toContain('Passphrase changed');
    await page.screenshot({ path: artifactPath('encryption-passphrase-changed.png'), fullPage: true });
    await host!.stop();
    await page.close();

    await openApp();
    await page.waitForSelector('[data-testid=unlock]');
    await page.fill('[data-testid=unlock-passphrase]', PASSPHRASE);
    await page.click('[data-testid=unlock-submit]');
    await expect.poll(() => page.textContent('[data-testid=unlock-error]').then(squash)).toContain('not the passphrase');
    await page.fill('[data-testid=unlock-passphrase]', next);
    await page.click('[data-testid=unlock-submit]');
    await page.waitForSelector('[data-testid=unlock]', { state: 'detached' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  });
});
