// How the browser host gives its per-launch token to the page and to nobody else (issue 14). The
// token used to ride in Chromium's command line (`--app=…#token=…`), which every local user can read
// in /proc/PID/cmdline. Now:
//  - the window the host opens gets a 0600 launcher file in a 0700 folder; Chromium's command line
//    names only that file, which sends the window on to the app with a one-time code;
//  - the address printed in the terminal (for opening by hand) carries another one-time code;
//  - the page posts its code to POST /session once (from the app's own Origin) and gets the token;
//    the code is then spent, so the same address opens nothing a second time;
//  - the token itself is written only to a 0600 session file, for the user's own tools and tests.
import { rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail, ok, type IpcResult } from '../../shared/ipc/result';
import { SESSION_PATH, type SessionGrant } from '../../shared/ipc/session-handover';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../store/private-files';
import { OneTimeCodes } from './one-time-codes';

/** The window is opened at once; a code it has not used after 5 minutes (a stuck start) is dropped. */
export const WINDOW_CODE_TTL_MS = 5 * 60_000;
/** A request body bigger than this is no {"code": …}. */
const MAX_BODY_BYTES = 1024;

export interface SessionHandoverOptions {
  /** Folder for the session and launcher files: created, or tightened to, 0700. */
  runDir: string;
  /** The host's own origin, http://127.0.0.1:PORT: the only Origin that may ask for the token. */
  appOrigin: string;
  token: string;
  codes?: OneTimeCodes;
}

export interface SessionHandover {
  /** 0600 file with {url, token, pid}: the token for the user's own processes. */
  readonly sessionFile: string;
  /** The address to print for opening by hand: works once. */
  addressToPrint(): string;
  /** Writes the window's 0600 launcher file and returns its file:// URL, which holds no secret. */
  windowLaunchUrl(): string;
  /** Answers SESSION_PATH and returns true; returns false for any other path. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Removes the session and launcher files (at shutdown). */
  dispose(): void;
}

export function createSessionHandover(options: SessionHandoverOptions): SessionHandover {
  const codes = options.codes ?? new OneTimeCodes();
  makePrivateDir(options.runDir);
  const sessionFile = join(options.runDir, 'session.json');
  const launcherFile = join(options.runDir, 'open-window.html');
  writeSecretFile(sessionFile, `${JSON.stringify({ url: options.appOrigin, token: options.token, pid: process.pid })}\n`);
  const removeLauncher = () => rmSync(launcherFile, { force: true });

  return {
    sessionFile,
    addressToPrint: () => `${options.appOrigin}/#code=${codes.issue()}`,
    windowLaunchUrl() {
      const code = codes.issue({ ttlMs: WINDOW_CODE_TTL_MS, onSpent: removeLauncher });
      writeSecretFile(launcherFile, launcherPage(`${options.appOrigin}/#code=${code}`));
      // Sweeping after the deadline deletes the file of a code that was never used.
      setTimeout(() => codes.pending(), WINDOW_CODE_TTL_MS + 1).unref();
      return pathToFileURL(launcherFile).href;
    },
    handle(request, response) {
      if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== SESSION_PATH) return false;
      handleSessionRequest(request, response, options.appOrigin, codes, options.token);
      return true;
    },
    dispose() {
      rmSync(sessionFile, { force: true });
      removeLauncher();
    },
  };
}

/** A new file readable by the user alone: an old one is removed first, as open() keeps an existing file's mode. */
function writeSecretFile(path: string, text: string): void {
  rmSync(path, { force: true });
  writeFileSync(path, text, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
}

/** The launcher: no script, nothing loaded, no referrer; replaced by the app at once (refresh 0). */
function launcherPage(appAddress: string): string {
  return [
    '<!doctype html>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'">`,
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0; url=${appAddress}">`,
    '<title>EmotionThinker</title>',
    '',
  ].join('\n');
}

function handleSessionRequest(
  request: IncomingMessage,
  response: ServerResponse,
  appOrigin: string,
  codes: OneTimeCodes,
  token: string,
): void {
  const reply = (status: number, result: IpcResult<SessionGrant>) => {
    if (response.headersSent) return;
    response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    response.end(JSON.stringify(result));
  };
  if (request.method !== 'POST') {
    response.writeHead(405, { Allow: 'POST' }).end();
    return;
  }
  // A browser always sends Origin with a POST; a page of another site (or a DNS-rebound name) sends its own.
  if (request.headers.origin !== appOrigin) {
    request.resume();
    reply(403, fail('forbidden_sender', 'Only the app’s own page may ask for its session.'));
    return;
  }
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk: string) => {
    body += chunk;
    if (Buffer.byteLength(body) <= MAX_BODY_BYTES) return;
    reply(413, fail('malformed_message', 'Expected a small {"code": "…"} body.'));
    response.once('finish', () => request.destroy());
  });
  request.on('end', () => {
    let code: unknown;
    try {
      code = (JSON.parse(body) as { code?: unknown } | null)?.code;
    } catch {
      code = undefined;
    }
    if (typeof code !== 'string') reply(400, fail('malformed_message', 'Expected {"code": "…"}.'));
    else if (!codes.redeem(code))
      reply(401, fail('unauthorized', 'This address has been used already or is not from this start of the app.'));
    else reply(200, ok({ token }));
  });
}
