import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_SETTINGS } from '../../shared/types/settings';
import type { ServerEnvelope } from '../../shared/ipc/wire';
import { EventBus } from './event-bus';
import { createRouter, type Handlers } from './router';
import { hostileFrames, openRawWebSocket, sendAndAwaitClose } from './testing/hostile-frames';
import { attachWebSocketTransport, DEFAULT_MAX_PAYLOAD_BYTES, type WebSocketTransport } from './websocket-transport';

const TOKEN = 'a-per-launch-token-of-decent-length';

describe('the WebSocket transport', () => {
  let server: Server;
  let transport: WebSocketTransport;
  let events: EventBus;
  let base: string;
  let port: number;
  let appOrigin: string;
  const droppedClients: Error[] = [];

  beforeEach(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ({ port } = server.address() as AddressInfo);
    base = `ws://127.0.0.1:${port}/ipc`;
    appOrigin = `http://127.0.0.1:${port}`;
    events = new EventBus();
    const used: Partial<Handlers> = {
      // only the channels these tests call
      'system.getInfo': () => {
        throw new Error('unused');
      },
      'settings.get': () => DEFAULT_SETTINGS,
      'settings.update': (changes) => ({ ...DEFAULT_SETTINGS, ...changes }),
    };
    const router = createRouter(used as Handlers);
    transport = attachWebSocketTransport({
      server,
      token: TOKEN,
      allowedOrigins: [appOrigin],
      router,
      events,
      onClientError: (error) => droppedClients.push(error),
    });
  });

  afterEach(async () => {
    await transport.close();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A client as the app's page is one: with its Origin, unless told another (null: none at all). */
  const open = (url: string, origin: string | null = appOrigin) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url, origin === null ? {} : { origin });
      socket.once('open', () => resolve(socket));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  const next = (socket: WebSocket) =>
    new Promise<ServerEnvelope>((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()))));

  it('answers requests made with the right token', async () => {
    const socket = await open(`${base}?token=${TOKEN}`);
    socket.send(JSON.stringify({ kind: 'request', id: 7, channel: 'settings.update', payload: { theme: 'light' } }));
    expect(await next(socket)).toEqual({ kind: 'response', id: 7, result: { ok: true, value: { theme: 'light' } } });
    socket.close();
  });

  it('refuses a missing or wrong token before the upgrade', async () => {
    await expect(open(base)).rejects.toThrow('HTTP 401');
    await expect(open(`${base}?token=wrong`)).rejects.toThrow('HTTP 401');
    await expect(open(`${base}?token=${TOKEN}x`)).rejects.toThrow('HTTP 401');
  });

  it('refuses browser pages from other origins even with the token', async () => {
    await expect(open(`${base}?token=${TOKEN}`, 'http://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('refuses a client with the token but no Origin, or any origin but the app’s, before the upgrade', async () => {
    await expect(open(`${base}?token=${TOKEN}`, null)).rejects.toThrow('HTTP 403');
    for (const other of ['null', `http://localhost:${port}`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, 'file://']) {
      await expect(open(`${base}?token=${TOKEN}`, other), other).rejects.toThrow('HTTP 403');
    }
  });

  it('refuses a raw handshake with the token but no Origin header, or a foreign one, with 403', async () => {
    await expect(openRawWebSocket(port, `/ipc?token=${TOKEN}`, null)).rejects.toThrow('handshake refused: HTTP/1.1 403');
    await expect(openRawWebSocket(port, `/ipc?token=${TOKEN}`, 'http://evil.example')).rejects.toThrow('handshake refused: HTTP/1.1 403');
    const admitted = await openRawWebSocket(port, `/ipc?token=${TOKEN}`);
    admitted.destroy();
  });

  it('answers malformed messages and invalid payloads with typed errors and stays up', async () => {
    const socket = await open(`${base}?token=${TOKEN}`);
    socket.send('{not json');
    expect(await next(socket)).toMatchObject({ id: null, result: { ok: false, error: { code: 'malformed_message' } } });
    socket.send(JSON.stringify({ kind: 'request', id: 'x', channel: 'settings.get' }));
    expect(await next(socket)).toMatchObject({ result: { ok: false, error: { code: 'malformed_message' } } });
    socket.send(JSON.stringify({ kind: 'request', id: 3, channel: 'settings.update', payload: { theme: 42 } }));
    expect(await next(socket)).toMatchObject({ id: 3, result: { ok: false, error: { code: 'invalid_payload' } } });
    socket.send(JSON.stringify({ kind: 'request', id: 4, channel: 'settings.get', payload: {} }));
    expect(await next(socket)).toMatchObject({ id: 4, result: { ok: true } });
    socket.close();
  });

  it('pushes contract events to connected clients', async () => {
    const socket = await open(`${base}?token=${TOKEN}`);
    const message = next(socket);
    events.emit('engine.statusChanged', { state: 'failed', message: 'no providers' });
    expect(await message).toEqual({ kind: 'event', event: 'engine.statusChanged', payload: { state: 'failed', message: 'no providers' } });
    socket.close();
  });

  it('accepts messages up to 8 MiB, enough for a 4 MiB upload chunk in base64, and no more', () => {
    expect(DEFAULT_MAX_PAYLOAD_BYTES).toBe(8 * 1024 * 1024);
  });

  it.each(hostileFrames(DEFAULT_MAX_PAYLOAD_BYTES))(
    'closes a client that sends a $name with its close code and keeps serving others',
    async ({ bytes, expectedCloseCode }) => {
      const bystander = await open(`${base}?token=${TOKEN}`);
      const attacker = await openRawWebSocket(port, `/ipc?token=${TOKEN}`);
      const { closeCode, closed } = await sendAndAwaitClose(attacker, bytes);
      expect(closeCode).toBe(expectedCloseCode);
      expect(closed).toBe(true);
      expect(droppedClients.length).toBeGreaterThan(0);
      bystander.send(JSON.stringify({ kind: 'request', id: 1, channel: 'settings.get', payload: {} }));
      expect(await next(bystander)).toMatchObject({ id: 1, result: { ok: true } });
      const newcomer = await open(`${base}?token=${TOKEN}`);
      newcomer.send(JSON.stringify({ kind: 'request', id: 2, channel: 'settings.get', payload: {} }));
      expect(await next(newcomer)).toMatchObject({ id: 2, result: { ok: true } });
      bystander.close();
      newcomer.close();
    },
  );
});
