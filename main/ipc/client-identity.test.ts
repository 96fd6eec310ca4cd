import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_SETTINGS } from '../../shared/types/settings';
import type { ServerEnvelope } from '../../shared/ipc/wire';
import { EventBus } from './event-bus';
import { createRouter, LOCAL_CALLER, type Handlers } from './router';
import { attachWebSocketTransport, type WebSocketTransport } from './websocket-transport';

const TOKEN = 'a-per-launch-token-of-decent-length';

// Per-client limits (issue 14) need to know who called and when a caller has gone.
describe('who is calling', () => {
  let server: Server;
  let transport: WebSocketTransport;
  let appOrigin: string;
  let base: string;
  const callers: string[] = [];
  let goneWaiters: ((clientId: string) => void)[] = [];

  beforeEach(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    appOrigin = `http://127.0.0.1:${port}`;
    base = `ws://127.0.0.1:${port}/ipc?token=${TOKEN}`;
    callers.length = 0;
    goneWaiters = [];
    const used: Partial<Handlers> = {
      'settings.update': (changes, caller) => {
        callers.push(caller.clientId);
        return { ...DEFAULT_SETTINGS, ...changes };
      },
    };
    const router = createRouter(used as Handlers, { onClientGone: (clientId) => goneWaiters.shift()?.(clientId) });
    transport = attachWebSocketTransport({ server, token: TOKEN, allowedOrigins: [appOrigin], router, events: new EventBus() });
  });

  afterEach(async () => {
    await transport.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const open = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(base, { origin: appOrigin });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  const call = (socket: WebSocket, id: number) =>
    new Promise<ServerEnvelope>((resolve) => {
      socket.once('message', (data) => resolve(JSON.parse(data.toString()) as ServerEnvelope));
      socket.send(JSON.stringify({ kind: 'request', id, channel: 'settings.update', payload: { theme: 'dark' } }));
    });

  it('gives each WebSocket connection its own client id, and says when it has gone', async () => {
    const first = await open();
    const second = await open();
    await call(first, 1);
    await call(second, 2);
    await call(first, 3);
    expect(callers[0]).not.toBe(callers[1]);
    expect(callers[2]).toBe(callers[0]);
    const gone = new Promise<string>((resolve) => goneWaiters.push(resolve));
    first.close();
    expect(await gone).toBe(callers[0]);
    await call(second, 4);
    expect(callers[3]).toBe(callers[1]);
    second.close();
  });

  it('calls a dispatch that names no caller the local one', async () => {
    const router = createRouter({
      'settings.update': (changes: object, caller: { clientId: string }) => (
        callers.push(caller.clientId),
        { ...DEFAULT_SETTINGS, ...changes }
      ),
    } as unknown as Handlers);
    await router.dispatch('settings.update', { theme: 'light' });
    expect(callers).toEqual([LOCAL_CALLER.clientId]);
  });
});
