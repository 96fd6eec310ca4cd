// The child_process half of the worker's side of the channel, from a real worker
// (testing/echo-worker.ts) started with child_process.fork, so that the test can play a parent
// that goes away. The process.parentPort half only exists in an Electron utility process: no test
// here can run it.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GONE_EXIT_CODE, type EchoRequest } from './testing/echo-worker';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function startEcho(): { child: ChildProcess; messages: unknown[]; exitCode: Promise<number | null> } {
  const child = fork(join(import.meta.dirname, 'testing', 'echo-worker.ts'), [], {
    execArgv: ['--import', tsx],
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  const messages: unknown[] = [];
  child.on('message', (m) => messages.push(m));
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, messages, exitCode };
}

const send = (child: ChildProcess, request: EchoRequest) => child.send(request);

describe("a worker's channel to its parent, under child_process", () => {
  it('notices the parent going away and stops', async () => {
    const { child, exitCode } = startEcho();
    child.once('message', () => child.disconnect());
    expect(await exitCode).toBe(GONE_EXIT_CODE);
  });

  it('hands its last message over before leaving, and leaving is not taken for the parent going away', async () => {
    const { child, messages, exitCode } = startEcho();
    send(child, { type: 'echo', value: 'last words follow' });
    send(child, { type: 'leave', code: 3 });
    expect(await exitCode).toBe(3);
    expect(messages.slice(1)).toEqual([{ type: 'echo', value: 'last words follow' }, { type: 'bye' }]);
  });

  it('stops delivering to a listener once it unsubscribed', async () => {
    const { child, messages, exitCode } = startEcho();
    send(child, { type: 'echo', value: 1 });
    send(child, { type: 'listen-again' });
    send(child, { type: 'echo', value: 2 });
    send(child, { type: 'leave', code: 0 });
    expect(await exitCode).toBe(0);
    expect(messages.slice(1)).toEqual([
      { type: 'echo', value: 1 },
      { type: 'listening-again' },
      { type: 'echo-again', value: 2 },
      { type: 'bye' },
    ]);
  });
});
