import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chromiumAppArgs } from './chromium';
import { OneTimeCodes } from './one-time-codes';
import { createSessionHandover, WINDOW_CODE_TTL_MS, type SessionHandover } from './session-handover';

const TOKEN = 'the-long-lived-session-token-of-this-launch';
const modeOf = (path: string) => statSync(path).mode & 0o777;
const codeIn = (text: string) => /#code=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';

describe('the session handover of the browser host', () => {
  let server: Server;
  let handover: SessionHandover;
  let origin: string;
  let runDir: string;
  let now = 0;

  beforeEach(async () => {
    server = createServer((request, response) => {
      if (!handover.handle(request, response)) response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    runDir = join(mkdtempSync(join(tmpdir(), 'et-handover-')), 'browser-host');
    now = 0;
    handover = createSessionHandover({ runDir, appOrigin: origin, token: TOKEN, codes: new OneTimeCodes(() => now) });
  });

  afterEach(async () => {
    handover.dispose();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (body: string, headers: Record<string, string> = { Origin: origin }) =>
    fetch(`${origin}/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body }).then(
      async (response) => ({
        status: response.status,
        body: (await response.json()) as { ok: boolean; value?: { token: string }; error?: { code: string } },
      }),
    );
  const redeem = (code: string, headers?: Record<string, string>) => post(JSON.stringify({ code }), headers);

  it('starts Chromium with a command line that holds neither the token nor a code', () => {
    const args = chromiumAppArgs({ url: handover.windowLaunchUrl(), profileDir: join(runDir, 'profile') });
    const commandLine = args.join(' ');
    expect(commandLine).not.toContain(TOKEN);
    expect(commandLine).not.toMatch(/token=|code=/);
    expect(args[0]).toMatch(/^--app=file:\/\//);
  });

  it('puts the window’s one-time code in a launcher file only the user can read, gone once used', async () => {
    const launcher = fileURLToPath(handover.windowLaunchUrl());
    expect(modeOf(runDir)).toBe(0o700);
    expect(modeOf(launcher)).toBe(0o600);
    const page = readFileSync(launcher, 'utf8');
    expect(page).not.toContain(TOKEN);
    expect(page).toContain(`<meta http-equiv="refresh" content="0; url=${origin}/#code=`);
    expect(await redeem(codeIn(page))).toEqual({ status: 200, body: { ok: true, value: { token: TOKEN } } });
    expect(existsSync(launcher)).toBe(false);
    expect((await redeem(codeIn(page))).status).toBe(401);
  });

  it('prints an address whose code opens the session once, and only for the app’s own Origin', async () => {
    const address = handover.addressToPrint();
    expect(address).toMatch(new RegExp(`^${origin}/#code=`));
    expect(address).not.toContain(TOKEN);
    const code = codeIn(address);
    // Refused without spending the code: no Origin (not a browser page), another site, a file:// page.
    for (const headers of [{}, { Origin: 'http://evil.example' }, { Origin: 'null' }] as Record<string, string>[]) {
      expect(await redeem(code, headers)).toMatchObject({ status: 403, body: { ok: false, error: { code: 'forbidden_sender' } } });
    }
    expect(await redeem(code)).toEqual({ status: 200, body: { ok: true, value: { token: TOKEN } } });
    expect(await redeem(code)).toMatchObject({ status: 401, body: { ok: false, error: { code: 'unauthorized' } } });
  });

  it('keeps the window’s and the printed code apart: using one leaves the other working', async () => {
    const windowCode = codeIn(readFileSync(fileURLToPath(handover.windowLaunchUrl()), 'utf8'));
    const printedCode = codeIn(handover.addressToPrint());
    expect((await redeem(windowCode)).status).toBe(200);
    expect((await redeem(printedCode)).status).toBe(200);
  });

  it('drops the window’s code and its file when it was not used in time', async () => {
    const launcher = fileURLToPath(handover.windowLaunchUrl());
    const code = codeIn(readFileSync(launcher, 'utf8'));
    now += WINDOW_CODE_TTL_MS;
    expect((await redeem(code)).status).toBe(401);
    expect(existsSync(launcher)).toBe(false);
  });

  it('answers malformed, oversized and non-POST requests with typed errors', async () => {
    expect(await post('{not json')).toMatchObject({ status: 400, body: { error: { code: 'malformed_message' } } });
    expect(await post(JSON.stringify({ code: 7 }))).toMatchObject({ status: 400, body: { error: { code: 'malformed_message' } } });
    expect(await post(JSON.stringify({ code: 'x'.repeat(4096) }))).toMatchObject({
      status: 413,
      body: { error: { code: 'malformed_message' } },
    });
    expect((await fetch(`${origin}/session`)).status).toBe(405);
  });

  it('writes the token only to a 0600 session file, removed at shutdown', () => {
    expect(modeOf(handover.sessionFile)).toBe(0o600);
    expect(JSON.parse(readFileSync(handover.sessionFile, 'utf8'))).toMatchObject({ url: origin, token: TOKEN });
    handover.dispose();
    expect(existsSync(handover.sessionFile)).toBe(false);
  });
});
