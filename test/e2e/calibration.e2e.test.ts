// Calibration to the user's setting in Debian's Chromium on the real host: import one speaker's
// session of RAVDESS clips, see the Analyze view say plainly that levels are relative to the training
// corpora, calibrate from a Library selection (too few refused first), re-analyze with it and see
// "Levels relative to: <name> (N recordings)", save it as a CLI file, go back to none and delete it —
// the analyses made with it keep saying so. No emotion model (resources without the default), so
// every step waits only for the prosody analysis. Each test makes the state it builds on (once a run,
// shared with the tests before it), so it also runs alone. Screenshots go to test/artifacts/.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppSession, type AppSession } from './support/app-session';
import { artifactPath } from './support/artifacts';
import { projectRoot, resourcesWithout, type RunningHost } from './support/host-process';
import { squash } from './support/text';

const ACTOR_19 = resolve(projectRoot, '..', 'shared', 'data', 'ravdess', 'Actor_19');
// Actor 19 (male): neutral, happy, sad, angry, fearful and surprised, one clip each.
const SESSION = [
  '03-01-01-01-01-01-19',
  '03-01-03-02-01-01-19',
  '03-01-04-01-01-01-19',
  '03-01-05-02-01-01-19',
  '03-01-06-01-01-01-19',
  '03-01-08-02-01-01-19',
].map((f) => join(ACTOR_19, `${f}.wav`));

describe.skipIf(!SESSION.every((f) => existsSync(f)))('calibrating the app to the user’s recordings', () => {
  let host: RunningHost;
  let session: AppSession;
  let browser: Browser;
  let page: Page;
  const scratch = mkdtempSync(join(tmpdir(), 'et-e2e-calibration-'));

  beforeAll(async () => {
    session = await openAppSession({
      hostOptions: { resourcesDir: resourcesWithout(['default']) },
      viewport: { width: 1360, height: 1100 },
      pageOptions: { acceptDownloads: true },
    });
    ({ host, browser, page } = session);
    await page.click('[data-testid=nav-library]');
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  const select = async (files: string[]) => {
    for (const file of files) await page.check(`[aria-label="Select ${basename(file)}"]`);
  };
  const open = async (file: string) => {
    await page.click(`[data-testid=library-row]:has-text("${basename(file)}") >> text=Open`);
    await page.waitForSelector('[data-testid=levels-reference]');
  };

  // Each step a later test builds on is done once a run, by its own test or by whichever test needs it
  // first, so every test also runs alone (-t).
  let importing: Promise<void> | undefined;
  let calibrating: Promise<void> | undefined;
  let reanalyzing: Promise<void> | undefined;

  /** The session imported into the Library (analyzed with no calibration). */
  const importSession = () =>
    (importing ??= (async () => {
      await page.click('[data-testid=nav-library]');
      await page.setInputFiles('[data-testid=file-input]', SESSION);
      await expect.poll(() => page.locator('[data-testid=import-row].done').count(), { timeout: 90_000 }).toBe(SESSION.length);
      await expect.poll(() => page.locator('[data-testid=library-row]').count()).toBe(SESSION.length);
    })());

  /** “Clinic room”, calibrated from the whole session and made the active calibration; its notice stays up. */
  const calibrateClinicRoom = () =>
    (calibrating ??= (async () => {
      await importSession();
      await page.click('[data-testid=nav-library]');
      await select(SESSION);
      await page.click('[data-testid=calibrate-selected]');
      await page.waitForSelector('[data-testid=calibration-form]');
      await page.fill('[data-testid=calibration-name]', 'Clinic room');
      await page.click('[data-testid=calibration-create]');
      await page.waitForSelector('[data-testid=calibration-made]');
    })());

  /** The session re-analyzed with “Clinic room”, from the notice calibrating leaves. */
  const reanalyzeWithClinicRoom = () =>
    (reanalyzing ??= (async () => {
      await calibrateClinicRoom();
      await page.click('[data-testid=calibration-reanalyze]');
      await expect
        .poll(() => page.textContent('.notices').then(squash), { timeout: 90_000 })
        .toContain(`Re-analyzed ${SESSION.length} of ${SESSION.length}`);
    })());

  it('imports a session and says plainly that the levels are relative to the training corpora', async () => {
    await importSession();
    await expect
      .poll(() => page.textContent('[data-testid=active-calibration]').then(squash))
      .toMatch(/New analyses: levels relative to the training corpora \(RAVDESS.*\), not to your own recordings/);
    await open(SESSION[3]!);
    await expect
      .poll(() => page.textContent('[data-testid=levels-reference]').then(squash))
      .toMatch(
        /Levels relative to the training corpora \(RAVDESS.*\), not to your own recordings: calibrate from your own recordings in the Library\./,
      );
  });

  it('refuses fewer than five recordings, then calibrates from the selection and makes it the active one', async () => {
    await importSession();
    await page.click('[data-testid=nav-library]');
    await select(SESSION.slice(0, 3));
    await page.click('[data-testid=calibrate-selected]');
    await page.waitForSelector('[data-testid=calibration-form]');
    await expect
      .poll(() => page.textContent('[data-testid=calibration-form]').then(squash))
      .toContain('A calibration needs at least 5 recordings; 3 selected.');
    await expect.poll(() => page.isDisabled('[data-testid=calibration-create]')).toBe(true);

    await select(SESSION.slice(3));
    await expect.poll(() => page.isDisabled('[data-testid=calibration-create]')).toBe(false);
    expect(await page.locator('[data-testid=calibration-baseline] option').count()).toBe(SESSION.length + 1);
    await calibrateClinicRoom();
    await expect
      .poll(() => page.textContent('[data-testid=calibration-made]').then(squash))
      .toContain('Made “Clinic room” from 6 recordings; new analyses use it.');
    await expect
      .poll(() => page.textContent('[data-testid=active-calibration]').then(squash))
      .toContain('New analyses: levels relative to Clinic room (6 recordings).');
    const row = page.locator('[data-testid=calibration-row]');
    await expect.poll(() => row.count()).toBe(1);
    await expect
      .poll(() => row.textContent().then(squash))
      .toMatch(/Clinic room\s*in use.*6.*pitch \d+–\d+ Hz · energy -?[\d.]+–-?[\d.]+ dB · rate [\d.]+–[\d.]+ syl\/s/s);
    await page.screenshot({ path: artifactPath('library-calibration.png'), fullPage: true });
  });

  it('re-analyzes the selection with it and the Analyze view names it', async () => {
    await reanalyzeWithClinicRoom();
    await open(SESSION[3]!);
    await expect
      .poll(() => page.textContent('[data-testid=levels-reference]').then(squash))
      .toContain('Levels relative to: Clinic room (6 recordings).');
    await expect.poll(() => page.textContent('[data-testid=level-chips]').then(squash)).toMatch(/pitch\s+(low|normal|high)/);
    await page.screenshot({ path: artifactPath('analyze-calibrated.png'), fullPage: true });
  }, 240_000);

  it('saves it as the file the command line reads, goes back to none, deletes it, and the analyses made with it keep saying so', async () => {
    await reanalyzeWithClinicRoom();
    await page.click('[data-testid=nav-library]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=calibration-row] >> text=Save file')]);
    expect(download.suggestedFilename()).toBe('clinic-room.calibration.json');
    const path = join(scratch, download.suggestedFilename());
    await download.saveAs(path);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({
      format: 'emotionthinker-calibration-v1',
      name: 'Clinic room',
      clips: 6,
    });

    await page.click('[data-testid=calibration-none]');
    await expect
      .poll(() => page.textContent('[data-testid=active-calibration]').then(squash))
      .toMatch(/levels relative to the training corpora/);
    expect(await page.locator('[data-testid=calibration-row] .badge').count()).toBe(0);
    await page.click('[data-testid=calibration-delete]');
    await expect.poll(() => page.locator('[data-testid=calibration-row]').count()).toBe(0);

    await page.reload();
    await page.click('[data-testid=nav-library]');
    await open(SESSION[3]!);
    await expect
      .poll(() => page.textContent('[data-testid=levels-reference]').then(squash))
      .toContain('Levels relative to: Clinic room (6 recordings).');
  }, 240_000);
});
