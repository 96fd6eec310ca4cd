// The renderer's one way to reach main: the preload's API in Electron, else the WebSocket transport
// of the browser host. Both are built from the same contract, so pages don't know which they have.
import { buildApi, type Api } from '../../../shared/ipc/api';
import type { IpcResult } from '../../../shared/ipc/result';
import { readLaunchFragment, SESSION_PATH, type SessionGrant, type SessionRequest } from '../../../shared/ipc/session-handover';
import { connectWebSocketTransport, type ConnectionState } from './websocket-client';

const TOKEN_KEY = 'emotionthinker.token';

/**
 * What a page opened by its bare address says (issue 15): the one-time code is only in the full
 * address the host printed at start, so say where that is and that it works once.
 */
export const MISSING_TOKEN_MESSAGE =
  'This page was opened without its access token, so it cannot reach the app. Open the full address the app printed when it started, in the terminal where you ran “npm start” — it ends in #code=… and opens the app once. If that address is lost or used, close the app and run “npm start” again for a new one.';

/** What a page says when its address's one-time code was spent already (issue 14). */
export const SPENT_CODE_MESSAGE =
  'This address has been used already: each address the app prints opens it once, so nobody who sees it later can get in. Close the app and run “npm start” again for a new address.';

/**
 * The session token: from the address's one-time code (traded once with the host) or a token a
 * caller already holds; then kept for reloads of this tab only. The fragment leaves the address bar
 * (and so the history) as soon as it is read.
 */
async function takeToken(): Promise<string | null> {
  const fragment = readLaunchFragment(location.hash);
  if (fragment) history.replaceState(null, '', `${location.pathname}${location.search}`);
  if (fragment?.kind === 'token') sessionStorage.setItem(TOKEN_KEY, fragment.value);
  if (fragment?.kind === 'code') {
    const token = await redeemCode(fragment.value);
    // A spent code in a tab that already has its session (a re-pasted address) keeps that session.
    if (!token && !sessionStorage.getItem(TOKEN_KEY)) throw new Error(SPENT_CODE_MESSAGE);
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

async function redeemCode(code: string): Promise<string | null> {
  const response = await fetch(SESSION_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code } satisfies SessionRequest),
    cache: 'no-store',
    // The page's no-referrer policy would make Chromium send "Origin: null", which the host refuses.
    referrerPolicy: 'same-origin',
  }).catch(() => {
    throw new Error('Could not connect to the app host: is it still running?');
  });
  const result = (await response.json().catch(() => null)) as IpcResult<SessionGrant> | null;
  return result?.ok ? result.value.token : null;
}

export async function connectApi(onState: (state: ConnectionState) => void): Promise<Api> {
  if (window.emotionThinker) return window.emotionThinker;
  const token = await takeToken();
  if (!token) throw new Error(MISSING_TOKEN_MESSAGE);
  return buildApi(await connectWebSocketTransport(token, onState));
}
