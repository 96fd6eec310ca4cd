// SIGTERM while the emotion model is loading (issue 14): the browser host used to abort with
// "terminate called after throwing an instance of 'Napi::Error'" when a thread was stopped inside an
// ONNX Runtime call. Each round imports a RAVDESS clip into a fresh host, asks for two explanations
// (the second waits in the queue: it must not start a worker once shutdown has begun), and sends
// SIGTERM at a different moment after the first run starts loading its model; the host must exit
// with code 0 and nothing in its stderr about an abort.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { projectRoot, startHost } from './support/host-process';

const CLIP = join(resolve(projectRoot, '..', 'shared', 'data', 'ravdess'), 'Actor_01', '03-01-05-02-01-01-01.wav');
const DEFAULT_MODEL_INSTALLED = existsSync(join(projectRoot, 'resources', 'models', 'default', 'manifest.json'));
/** After the explanation starts (its worker decodes the clip, then creates the model's sessions). */
const SIGTERM_AFTER_START_MS = [0, 150, 300, 450, 600, 800];

interface Client {
  call(channel: string, payload: unknown): Promise<{ ok: boolean; value?: unknown }>;
  nextEvent(event: string): Promise<unknown>;
  close(): void;
}

async function connect(url: string, token: string): Promise<Client> {
  const socket = new NodeWebSocket(`${url.replace('http', 'ws')}/ipc?token=${token}`, { origin: url });
  await new Promise((done, fail) => socket.once('open', done).once('error', fail));
  socket.on('error', () => undefined); // the host going away mid-round is the point
  let id = 0;
  const answers = new Map<number, (result: { ok: boolean; value?: unknown }) => void>();
  const waiters = new Map<string, (payload: unknown) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { kind: string; id?: number; result?: { ok: boolean }; event?: string; payload?: unknown };
    if (message.kind === 'response' && message.id) answers.get(message.id)?.(message.result!);
    if (message.kind === 'event') waiters.get(message.event!)?.(message.payload);
  });
  return {
    call: (channel, payload) =>
      new Promise((answer) => {
        answers.set(++id, answer);
        socket.send(JSON.stringify({ kind: 'request', id, channel, payload }));
      }),
    nextEvent: (event) => new Promise((arrived) => waiters.set(event, arrived)),
    close: () => socket.terminate(),
  };
}

describe.skipIf(!existsSync(CLIP) || !DEFAULT_MODEL_INSTALLED)('the browser host on SIGTERM', () => {
  it.each(SIGTERM_AFTER_START_MS)(
    'exits with code 0 and no abort when SIGTERM arrives %i ms after an explanation started loading its model',
    async (afterMs) => {
      const host = await startHost(mkdtempSync(join(tmpdir(), 'et-e2e-sigterm-')));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
        host.process.once('exit', (code, signal) => done({ code, signal })),
      );
      const client = await connect(host.url, host.token);
      try {
        const bytes = readFileSync(CLIP);
        const begun = (await client.call('import.begin', { name: 'clip.wav', sizeBytes: bytes.length })).value as { uploadId: string };
        await client.call('import.chunk', { uploadId: begun.uploadId, offset: 0, dataBase64: bytes.toString('base64') });
        const finished = await client.call('import.finish', { uploadId: begun.uploadId });
        expect(finished.ok).toBe(true);
        const recordingId = (finished.value as { recording: { id: string } }).recording.id;
        const started = client.nextEvent('analysis.explanationStarted');
        void client.call('analysis.explain', { recordingId });
        void client.call('analysis.explain', { recordingId });
        await started;
        await new Promise((done) => setTimeout(done, afterMs)); // the moment within the load is what varies
        host.process.kill('SIGTERM');
        const { code, signal } = await exited;
        expect(host.stderr()).not.toMatch(/terminate called|Napi::Error|FATAL ERROR|Aborted/);
        expect({ code, signal }).toEqual({ code: 0, signal: null });
      } finally {
        client.close();
        await host.stop();
      }
    },
  );
});
