// The browser host as `npm start` runs it with a display: it opens the system Chromium on the app,
// and when that window is closed it stops with code 0 and says so in one line (issue 15) instead of
// leaving the terminal without a word. Runs on an Xvfb display of its own.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../main/host/chromium';
import { startHost, type RunningHost } from './support/host-process';

const HAVE_XVFB = existsSync('/usr/bin/Xvfb');
const DISPLAY_NUMBER = 90 + (process.pid % 9);

describe.skipIf(!HAVE_XVFB || !findChromium())('the host and its window', () => {
  let xvfb: ChildProcess | undefined;
  let host: RunningHost | undefined;

  afterAll(async () => {
    await host?.stop();
    xvfb?.kill('SIGTERM');
  });

  it('stops with code 0 and one line saying so when its window is closed', async () => {
    xvfb = spawn('/usr/bin/Xvfb', [`:${DISPLAY_NUMBER}`, '-nolisten', 'tcp', '-screen', '0', '1280x900x24'], { stdio: 'ignore' });
    await expect.poll(() => existsSync(`/tmp/.X11-unix/X${DISPLAY_NUMBER}`), { timeout: 20_000 }).toBe(true);
    host = await startHost(mkdtempSync(join(tmpdir(), 'et-e2e-window-')), { display: `:${DISPLAY_NUMBER}` });
    const running = host;
    const exited = new Promise<number | null>((resolve) => running.process.once('exit', (code) => resolve(code)));
    // The window is the host's one child process; closing it is what a user does to quit.
    let windowPid = 0;
    const findWindow = () => {
      try {
        windowPid = Number(execFileSync('pgrep', ['-P', String(running.process.pid)], { encoding: 'utf8' }).trim().split('\n')[0]);
      } catch {
        windowPid = 0; // pgrep exits 1 while there is no child yet
      }
      return windowPid;
    };
    await expect.poll(findWindow, { timeout: 20_000 }).toBeGreaterThan(0);
    process.kill(windowPid, 'SIGTERM');
    expect(await exited).toBe(0);
    const lines = running.stderr().trim().split('\n');
    expect(lines.at(-1)).toBe('EmotionThinker window closed; the host has stopped.');
  });
});
