// The browser host as `npm start` runs it with a display: it opens the system Chromium on the app,
// and when that window is closed it stops with code 0 and says so in one line (issue 15) instead of
// leaving the terminal without a word. The window gets its session without any secret on a command
// line (issue 14): every local user can read /proc/PID/cmdline. Runs on an Xvfb display of its own.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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

  /** The command lines of `pid` and all its descendants, as any local user can read them. */
  const commandLinesUnder = (pid: number): string[] => {
    let children: number[] = [];
    try {
      children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map(Number);
    } catch {
      children = []; // pgrep exits 1 when there are none
    }
    let own = '';
    try {
      own = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      own = ''; // gone meanwhile
    }
    return [own, ...children.flatMap(commandLinesUnder)];
  };

  it('opens its window with no token or code on any command line, the window redeems its one-time code, and closing it stops the host with code 0 and one line', async () => {
    xvfb = spawn('/usr/bin/Xvfb', [`:${DISPLAY_NUMBER}`, '-nolisten', 'tcp', '-screen', '0', '1280x900x24'], { stdio: 'ignore' });
    await expect.poll(() => existsSync(`/tmp/.X11-unix/X${DISPLAY_NUMBER}`), { timeout: 20_000 }).toBe(true);
    host = await startHost(mkdtempSync(join(tmpdir(), 'et-e2e-window-')), { display: `:${DISPLAY_NUMBER}` });
    const running = host;
    const exited = new Promise<number | null>((resolve) => running.process.once('exit', (code) => resolve(code)));
    // The window is the host's one child process; closing it is what a user does to quit.
    let windowPid = 0;
    const findWindow = () => {
      try {
        windowPid = Number(
          execFileSync('pgrep', ['-P', String(running.process.pid)], { encoding: 'utf8' })
            .trim()
            .split('\n')[0],
        );
      } catch {
        windowPid = 0; // pgrep exits 1 while there is no child yet
      }
      return windowPid;
    };
    await expect.poll(findWindow, { timeout: 20_000 }).toBeGreaterThan(0);
    // The window's code is spent (its launcher file deleted) only by the app's own page posting it
    // from the app's Origin: so the window reached the app through the handover.
    const launcher = join(running.dataDir, 'browser-host', 'open-window.html');
    await expect.poll(() => existsSync(launcher), { timeout: 60_000 }).toBe(false);
    const commandLines = [readFileSync(`/proc/${running.process.pid}/cmdline`, 'utf8'), ...commandLinesUnder(windowPid)];
    expect(commandLines.some((line) => line.includes('--app=file://'))).toBe(true);
    for (const line of commandLines) {
      expect(line).not.toContain(running.token);
      expect(line).not.toMatch(/[#&](token|code)=/);
    }
    process.kill(windowPid, 'SIGTERM');
    expect(await exited).toBe(0);
    const lines = running.stderr().trim().split('\n');
    expect(lines.at(-1)).toBe('EmotionThinker window closed; the host has stopped.');
  });
});
