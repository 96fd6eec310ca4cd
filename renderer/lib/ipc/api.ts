// The renderer's one way to reach main: the preload's API in Electron, else the WebSocket transport
// of the browser host. Both are built from the same contract, so pages don't know which they have.
import { buildApi, type Api } from '../../../shared/ipc/api';
import { connectWebSocketTransport, type ConnectionState } from './websocket-client';

const TOKEN_KEY = 'emotionthinker.token';

/**
 * What a page opened by its bare address says (issue 15): the token is only in the full address the
 * host printed at start, so say where that is and that it changes at every start.
 */
export const MISSING_TOKEN_MESSAGE =
  'This page was opened without its access token, so it cannot reach the app. Open the full address the app printed when it started, in the terminal where you ran “npm start” — it ends in #token=… . The token changes at every start: if that address is lost, close the app and run “npm start” again for a new one.';

/** Reads the per-launch token from the URL fragment once, then keeps it for reloads of this tab only. */
function takeToken(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export async function connectApi(onState: (state: ConnectionState) => void): Promise<Api> {
  if (window.emotionThinker) return window.emotionThinker;
  const token = takeToken();
  if (!token) throw new Error(MISSING_TOKEN_MESSAGE);
  return buildApi(await connectWebSocketTransport(token, onState));
}
