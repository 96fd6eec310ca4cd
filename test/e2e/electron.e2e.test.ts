// The same checks through the real Electron shell, where an Electron binary exists (Playwright's
// _electron). On machines that cannot download Electron this is skipped, with the reason printed.
import { _electron as electron } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain .mjs script without type declarations
import { locateElectron } from '../../scripts/electron-binary.mjs';
import { artifactPath } from './support/artifacts';
import { projectRoot } from './support/host-process';
import { squash } from './support/text';

const located = (locateElectron as (o: { allowDownload: boolean }) => { path?: string; reason?: string })({ allowDownload: false });
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY);
if (!located.path || !hasDisplay) {
  console.warn(`Electron e2e skipped: ${located.reason ?? 'no display (DISPLAY is unset)'}.`);
}

describe.skipIf(!located.path || !hasDisplay)('the app in the Electron shell', () => {
  it('opens the System page with real versions over the preload API and refuses bad payloads', async () => {
    const app = await electron.launch({
      executablePath: located.path!,
      args: [projectRoot],
      env: { ...process.env, EMOTIONTHINKER_DATA_DIR: mkdtempSync(join(tmpdir(), 'et-electron-')) },
    });
    try {
      const window = await app.firstWindow();
      const version = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version as string;
      await expect.poll(() => window.textContent('[data-testid=app-version]').then(squash)).toBe(version);
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      const invalid = await window.evaluate(() =>
        (
          window as unknown as { emotionThinker: { settings: { update(p: unknown): Promise<{ ok: boolean; error?: { code: string } }> } } }
        ).emotionThinker.settings.update({ theme: 'purple' }),
      );
      expect(invalid.error?.code).toBe('invalid_payload');
      await window.screenshot({ path: artifactPath('electron-system.png') });
    } finally {
      await app.close();
    }
  });
});
