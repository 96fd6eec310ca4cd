// The real browser host (as `npm start` runs it) against hostile clients (issue 14): a malformed
// WebSocket frame closes that one client with its RFC 6455 close code; the host stays up and keeps
// answering every other client. And the patient data it creates is readable by the user alone.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { hostileFrames, openRawWebSocket, sendAndAwaitClose } from '../../main/ipc/testing/hostile-frames';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../../main/ipc/websocket-transport';
import { databasePath } from '../../main/host/paths';
import { startHost, type RunningHost } from './support/host-process';

describe('the browser host under hostile input', () => {
  let host: RunningHost;
  let port: number;

  beforeAll(async () => {
    host = await startHost();
    port = Number(new URL(host.url).port);
  });

  afterAll(async () => {
    await host?.stop();
  });

  const settingsOverAFreshClient = () =>
    new Promise<unknown>((resolve, reject) => {
      const socket = new NodeWebSocket(`ws://127.0.0.1:${port}/ipc?token=${host.token}`, { origin: host.url });
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ kind: 'request', id: 1, channel: 'settings.get', payload: {} })));
      socket.once('message', (data) => {
        resolve(JSON.parse(String(data)));
        socket.close();
      });
    });

  it.each(hostileFrames(DEFAULT_MAX_PAYLOAD_BYTES))(
    'survives a $name: that client is closed with its code, others are served',
    async ({ bytes, expectedCloseCode }) => {
      const attacker = await openRawWebSocket(port, `/ipc?token=${host.token}`);
      const { closeCode } = await sendAndAwaitClose(attacker, bytes);
      expect(closeCode).toBe(expectedCloseCode);
      expect(host.process.exitCode).toBeNull();
      expect(await settingsOverAFreshClient()).toMatchObject({ id: 1, result: { ok: true } });
    },
  );

  it.skipIf(process.platform === 'win32')(
    'creates its data folders 0700 and its database 0600 (mkdtemp made the data folder itself)',
    () => {
      expect(statSync(host.dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(join(host.dataDir, 'recordings')).mode & 0o777).toBe(0o700);
      expect(statSync(join(host.dataDir, 'reports')).mode & 0o777).toBe(0o700);
      expect(statSync(databasePath(host.dataDir)).mode & 0o777).toBe(0o600);
    },
  );
});
