// Envelopes of the WebSocket transport (the Electron transport needs none: ipcRenderer.invoke pairs
// requests with responses itself). No zod here: the page's WebSocket client imports this module, and
// main validates incoming requests against wire-schema.ts.
import type { IpcResult } from './result';

/** A request sent by the renderer's WebSocket client. */
export interface RequestEnvelope {
  kind: 'request';
  id: number;
  channel: string;
  payload: unknown;
}

/** What the host sends back: a response to request `id` (null when the request was unreadable) or an event. */
export type ServerEnvelope =
  | { kind: 'response'; id: number | null; result: IpcResult<unknown> }
  | { kind: 'event'; event: string; payload: unknown };

/** Path of the IPC WebSocket endpoint on the browser host. */
export const WEBSOCKET_IPC_PATH = '/ipc';
/** Query parameter carrying the per-launch token. */
export const WEBSOCKET_TOKEN_PARAM = 'token';
