// The browser host's transport: the same generated API as the preload, over the loopback WebSocket.
// Calls made while the connection is down resolve to an 'unavailable' error value, never hang.
import type { ApiTransport } from '../../../shared/ipc/api';
import type { EventName, RequestChannel } from '../../../shared/ipc/contract';
import { fail, type IpcResult } from '../../../shared/ipc/result';
import { WEBSOCKET_IPC_PATH, WEBSOCKET_TOKEN_PARAM, type RequestEnvelope, type ServerEnvelope } from '../../../shared/ipc/wire';

export interface ConnectionState {
  connected: boolean;
  message: string;
}

export function connectWebSocketTransport(token: string, onState: (state: ConnectionState) => void): Promise<ApiTransport> {
  const url = `ws://${location.host}${WEBSOCKET_IPC_PATH}?${WEBSOCKET_TOKEN_PARAM}=${encodeURIComponent(token)}`;
  const socket = new WebSocket(url);
  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (message) => {
    let envelope: ServerEnvelope;
    try {
      envelope = JSON.parse(String(message.data)) as ServerEnvelope;
    } catch {
      return;
    }
    if (envelope.kind === 'response' && envelope.id !== null) {
      pending.get(envelope.id)?.(envelope.result);
      pending.delete(envelope.id);
    } else if (envelope.kind === 'event') {
      for (const listener of listeners.get(envelope.event) ?? []) listener(envelope.payload);
    }
  });

  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => {
      onState({ connected: true, message: 'Connected to the app host.' });
      resolve({
        invoke(channel: RequestChannel, payload: unknown) {
          if (socket.readyState !== WebSocket.OPEN) {
            return Promise.resolve(fail('unavailable', 'Not connected to the app host.'));
          }
          const id = nextId++;
          return new Promise<IpcResult<unknown>>((settle) => {
            pending.set(id, settle);
            const request: RequestEnvelope = { kind: 'request', id, channel, payload };
            socket.send(JSON.stringify(request));
          });
        },
        subscribe(event: EventName, listener: (payload: unknown) => void) {
          const set = listeners.get(event) ?? new Set();
          set.add(listener);
          listeners.set(event, set);
          return () => set.delete(listener);
        },
      });
    });
    socket.addEventListener('close', () => {
      onState({ connected: false, message: 'The connection to the app host closed. Restart the app.' });
      for (const settle of pending.values()) settle(fail('unavailable', 'The connection to the app host closed.'));
      pending.clear();
      reject(new Error('Could not connect to the app host (missing or expired token?).'));
    });
  });
}
