// Debian's Chromium driven by playwright-core (no browser download: Playwright's own builds can't be
// fetched here). The quiet flags stop it from calling hosts this machine cannot reach.
import { chromium, type Browser } from 'playwright-core';
import { findChromium, QUIET_CHROMIUM_FLAGS } from '../../../main/host/chromium';

export function chromiumPath(): string {
  const path = findChromium();
  if (!path) throw new Error('No Chromium found: install Debian’s chromium package (apt-get install chromium) or set CHROMIUM_PATH.');
  return path;
}

export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--disable-gpu', ...QUIET_CHROMIUM_FLAGS, ...extraArgs],
  });
}
