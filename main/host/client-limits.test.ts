// What one window may hold open, over the real WebSocket transport and the real library area
// (issue 14): recordings and uploads are capped per connection, and when a connection goes, its
// recordings are closed and kept for recovery and its uploads cancelled.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerEnvelope } from '../../shared/ipc/wire';
import type { IpcResult } from '../../shared/ipc/result';
import { EventBus } from '../ipc/event-bus';
import { createRouter, type Handlers } from '../ipc/router';
import { attachWebSocketTransport, type WebSocketTransport } from '../ipc/websocket-transport';
import { ModelRegistry } from '../installed-models/model-registry';
import { memoryPreferences } from '../installed-models/testing/model-copies';
import { openDatabase, type AppDatabase } from '../store/database';
import { composeLibraryArea, type LibraryArea } from './compose-library-area';

const TOKEN = 'client-limits-token-of-decent-length';

describe('what one window may hold open', () => {
  let dir: string;
  let database: AppDatabase;
  let area: LibraryArea;
  let server: Server;
  let transport: WebSocketTransport;
  let origin: string;
  let url: string;
  const logWaiters: { pattern: RegExp; resolve: () => void }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'et-client-limits-'));
    database = openDatabase(join(dir, 'app.sqlite'));
    const models = new ModelRegistry({
      shippedDir: join(dir, 'no-models'),
      userDir: join(dir, 'models'),
      preferences: memoryPreferences(),
    });
    const log = (line: string) => {
      const index = logWaiters.findIndex((w) => w.pattern.test(line));
      if (index >= 0) logWaiters.splice(index, 1)[0]!.resolve();
    };
    area = composeLibraryArea(database.db, dir, models, new EventBus(), log);
    const router = createRouter(area.handlers as unknown as Handlers, { onClientGone: (clientId) => void area.clientGone(clientId) });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    origin = `http://127.0.0.1:${port}`;
    url = `ws://127.0.0.1:${port}/ipc?token=${TOKEN}`;
    transport = attachWebSocketTransport({ server, token: TOKEN, allowedOrigins: [origin], router, events: new EventBus() });
  });

  afterAll(async () => {
    await transport?.close();
    await new Promise((resolve) => server?.close(resolve));
    await area?.close();
    database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A window's connection, with a call that resolves to the IPC result of its own request id. */
  async function connect() {
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(url, { origin });
      s.once('open', () => resolve(s));
      s.once('error', reject);
    });
    let nextId = 1;
    const call = (channel: string, payload: unknown) =>
      new Promise<IpcResult<Record<string, unknown>>>((resolve) => {
        const id = nextId++;
        const onMessage = (data: WebSocket.RawData) => {
          const message = JSON.parse(data.toString()) as ServerEnvelope;
          if (message.kind !== 'response' || message.id !== id) return;
          socket.off('message', onMessage);
          resolve(message.result as IpcResult<Record<string, unknown>>);
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ kind: 'request', id, channel, payload }));
      });
    return { socket, call };
  }
  const valueOf = <T>(result: IpcResult<T>): T => {
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  const logged = (pattern: RegExp) => new Promise<void>((resolve) => logWaiters.push({ pattern, resolve }));

  it('caps recordings and uploads per window, and closes what a window held when it goes', async () => {
    const a = await connect();
    const b = await connect();
    const start = { sampleRate: 16_000, channels: 1 };
    const withAudio = valueOf(await a.call('recording.start', start)).sessionId as string;
    const silent = valueOf(await a.call('recording.start', start)).sessionId as string;
    expect(await a.call('recording.start', start)).toMatchObject({ ok: false, error: { code: 'too_many_recordings' } });
    // Another window is not held back by the first one's recordings.
    const ofB = valueOf(await b.call('recording.start', start)).sessionId as string;

    const oneSecond = Buffer.from(new Float32Array(16_000).fill(0.25).buffer).toString('base64');
    expect(valueOf(await a.call('recording.chunk', { sessionId: withAudio, seq: 0, pcmBase64: oneSecond }))).toEqual({ writtenS: 1 });

    for (let i = 0; i < 4; i++) valueOf(await a.call('import.begin', { name: `a${i}.wav`, sizeBytes: 100 }));
    expect(await a.call('import.begin', { name: 'a4.wav', sizeBytes: 100 })).toMatchObject({
      ok: false,
      error: { code: 'too_many_uploads' },
    });
    valueOf(await b.call('import.begin', { name: 'b0.wav', sizeBytes: 100 }));
    expect(readdirSync(join(dir, 'recordings', 'incoming'))).toHaveLength(5);

    const closed = [
      logged(new RegExp(`${withAudio} closed without a stop \\(client_gone\\); 1\\.0 s`)),
      logged(new RegExp(`${silent} closed without a stop \\(client_gone\\); 0\\.0 s`)),
    ];
    a.socket.close();
    await Promise.all(closed);

    // The recording with audio waits for recovery; the empty one and the first window's uploads are gone.
    const interrupted = valueOf(await b.call('recording.listInterrupted', {})) as unknown as { id: string; durationS: number }[];
    expect(interrupted.map((r) => r.id)).toEqual([withAudio]);
    expect(interrupted[0]!.durationS).toBeCloseTo(1, 3);
    expect(await b.call('recording.chunk', { sessionId: withAudio, seq: 1, pcmBase64: oneSecond })).toMatchObject({
      ok: false,
      error: { code: 'recording_closed' },
    });
    expect(readdirSync(join(dir, 'recordings', 'incoming'))).toHaveLength(1);
    expect(valueOf(await b.call('recording.chunk', { sessionId: ofB, seq: 0, pcmBase64: oneSecond }))).toEqual({ writtenS: 1 });
    b.socket.close();
  });
});
