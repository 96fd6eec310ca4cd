// The child_process half of forkWorker, with a real worker (testing/echo-worker.ts). The utility
// process half (main/electron/utility-worker.ts) needs Electron's main process: no test here can run it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EchoRequest } from './testing/echo-worker';
import { forkWorker, type WorkerOptions, type WorkerProcess } from './worker-process';

const echoEntry = join(import.meta.dirname, 'testing', 'echo-worker.ts');

interface Ended {
  messages: unknown[];
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Starts the echo worker and collects what it says until it ends. */
function startEcho(
  options: Partial<WorkerOptions> = {},
  entry = echoEntry,
): { worker: WorkerProcess; messages: unknown[]; ended: Promise<Ended>; ready: Promise<void> } {
  const worker = forkWorker(entry, { serviceName: 'echo test', output: 'ignore', ...options });
  const messages: unknown[] = [];
  const ready = new Promise<void>((resolve) => worker.onMessage((m) => (m as { type: string }).type === 'ready' && resolve()));
  worker.onMessage((m) => messages.push(m));
  const ended = new Promise<Ended>((resolve) => worker.onExit((code, signal) => resolve({ messages, code, signal })));
  return { worker, messages, ended, ready };
}

const send = (worker: WorkerProcess, request: EchoRequest) => worker.send(request);

describe('forkWorker under plain Node', () => {
  it('starts a TypeScript entry, delivers messages both ways in order, and reports the exit code it left with', async () => {
    const { worker, ended } = startEcho();
    const spawnedPid = new Promise<number>((resolve) => worker.onSpawn(resolve));
    for (const value of [1, 'two', { three: [3] }]) send(worker, { type: 'echo', value });
    send(worker, { type: 'leave', code: 5 });
    const pid = await spawnedPid;
    expect(pid).toBeGreaterThan(0);
    const { messages, code, signal } = await ended;
    expect(messages).toEqual([
      { type: 'ready', pid },
      { type: 'echo', value: 1 },
      { type: 'echo', value: 'two' },
      { type: 'echo', value: { three: [3] } },
      { type: 'bye' },
    ]);
    expect({ code, signal }).toEqual({ code: 5, signal: null });
    expect(worker.connected).toBe(false);
    expect(worker.pid).toBeUndefined();
  });

  it('passes extra environment on top of its own', async () => {
    const { worker, ended } = startEcho({ env: { ECHO_TEST_VALUE: 'from the parent' } });
    send(worker, { type: 'env', name: 'ECHO_TEST_VALUE' });
    send(worker, { type: 'env', name: 'PATH' });
    send(worker, { type: 'leave', code: 0 });
    const { messages } = await ended;
    expect(messages.slice(1, 3)).toEqual([
      { type: 'env', value: 'from the parent' },
      { type: 'env', value: process.env['PATH'] },
    ]);
  });

  it('kills with SIGKILL, or with SIGTERM by default, and reports the signal instead of a code', async () => {
    for (const signal of ['SIGKILL', undefined] as const) {
      const { worker, ended, ready } = startEcho();
      send(worker, { type: 'hang' });
      await ready;
      worker.kill(signal);
      expect(await ended).toMatchObject({ code: null, signal: signal ?? 'SIGTERM' });
    }
  });

  it('drops a message sent after the worker ended instead of throwing', async () => {
    const { worker, ended } = startEcho();
    send(worker, { type: 'leave', code: 0 });
    await ended;
    expect(() => send(worker, { type: 'echo', value: 'too late' })).not.toThrow();
  });

  it('keeps NaN with structured-clone serialization; JSON turns it into null', async () => {
    for (const [serialization, expected] of [
      ['advanced', Number.NaN],
      ['json', null],
    ] as const) {
      const { worker, ended } = startEcho({ serialization });
      send(worker, { type: 'echo', value: Number.NaN });
      send(worker, { type: 'leave', code: 0 });
      expect((await ended).messages[1]).toEqual({ type: 'echo', value: expected });
    }
  });

  it('ends with a failing exit code when the entry does not exist', async () => {
    const { ended } = startEcho({}, join(import.meta.dirname, 'testing', 'no-such-worker.ts'));
    const { code, messages } = await ended;
    expect(code).not.toBe(0);
    expect(messages).toEqual([]);
  });
});
