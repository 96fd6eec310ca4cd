// Driver of the IPC fuzzer: a real WebSocket transport and validated router in this process (the
// browser host's pair, on 127.0.0.1 with a token and the app's Origin), fed seeded messages through a
// ws client and straight into the router, and raw frames and handshakes over TCP. A bystander client
// must keep being served the whole time. Outcomes per case:
// - answered: a response envelope (ok, or a typed error code) — 'internal' would mean a handler
//   failure leaked and counts as untyped;
// - closed: the server ended that connection cleanly (close code), or refused a handshake (HTTP status);
// - open: the server is waiting for the rest of a frame the client promised (nothing wrong);
// - crash: an uncaught exception or unhandled rejection in this process while the case ran;
// - hang: no reply within the limit (10 s), or the bystander not served within it;
// - bad-reply, polluted, admitted, unavailable: a reply that is not an envelope (or carries another
//   request's id), Object.prototype changed, a handshake upgraded without the right token and Origin,
//   a well-formed client refused.
import WebSocket from 'ws';
import { DEFAULT_MAX_PAYLOAD_BYTES } from '../ipc/websocket-transport';
import { runFrames, runHandshake } from './ipc-frame-runs';
import { makeFrameCase } from './ipc-frames';
import { CrashWatch, openClient, prototypeShape, startHost, TOKEN, type Host } from './ipc-fuzz-host';
import { makeMessageCase, type MessageCase } from './ipc-messages';
import { classifyResponse, idOf, nextReply } from './ipc-replies';
import { BAD_CLASSES, Tally } from './report';

export interface IpcFuzzOptions {
  messages: number;
  frames: number;
  seed: number;
  /** No reply within this is a hang (default 10 s). */
  timeoutMs?: number;
  /** Quiet time after the probe ping before a connection counts as waiting for more bytes (default 200 ms). */
  idleMs?: number;
  onProgress?: (done: number, tally: Tally) => void;
}

export interface IpcFuzzResult {
  messages: Tally;
  frames: Tally;
  /** Connections the transport still held after every client had gone (a leak if > 0). */
  clientsLeftOpen: number;
  /** Clients the transport dropped for protocol errors (its onClientError). */
  clientsDropped: number;
}

/** A bystander's request must be answered within the limit, whatever the fuzz did to other clients. */
async function served(host: Host, bystander: { socket: WebSocket | undefined }, timeoutMs: number, id: number): Promise<boolean> {
  try {
    if (!bystander.socket || bystander.socket.readyState !== WebSocket.OPEN) bystander.socket = await openClient(host);
    bystander.socket.send(JSON.stringify({ kind: 'request', id, channel: 'settings.get', payload: {} }));
    const reply = await nextReply(bystander.socket, timeoutMs);
    return reply.kind === 'message' && classifyResponse(reply.text, id)[1] === 'ok';
  } catch {
    return false;
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runMessage(
  c: MessageCase,
  host: Host,
  client: { socket: WebSocket | undefined },
  timeoutMs: number,
): Promise<[string, string]> {
  if (c.via === 'router') {
    let payload: unknown;
    try {
      payload = structuredClone(c.payload); // what Electron's ipcMain would hand over
    } catch (error) {
      return ['not deliverable', `structured clone refused it: ${(error as Error).name}`];
    }
    try {
      const result = await withTimeout(host.router.dispatch(c.channel, payload), timeoutMs);
      if (result === 'timeout') return ['hang', `router did not answer in ${timeoutMs / 1000} s`];
      return classifyResponse(JSON.stringify({ kind: 'response', id: null, result }), undefined);
    } catch (error) {
      return ['untyped', `dispatch threw ${(error as Error)?.name}: ${(error as Error)?.message}`.slice(0, 120)];
    }
  }
  if (!client.socket || client.socket.readyState !== WebSocket.OPEN) client.socket = await openClient(host);
  const socket = client.socket;
  const reply = nextReply(socket, timeoutMs);
  socket.send(c.text);
  const r = await reply;
  if (r.kind === 'timeout') {
    socket.terminate();
    client.socket = undefined;
    return ['hang', `no reply in ${timeoutMs / 1000} s`];
  }
  if (r.kind === 'closed') {
    client.socket = undefined;
    return ['closed', `close ${r.code}`];
  }
  return classifyResponse(r.text, idOf(c.text));
}

export async function fuzzIpc(options: IpcFuzzOptions): Promise<IpcFuzzResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const idleMs = options.idleMs ?? 200;
  const messages = new Tally('ipc-message', ['crash', 'hang', 'untyped', 'bad-reply', 'polluted']);
  const frames = new Tally('ipc-frame', ['crash', 'hang', 'untyped', 'bad-reply', 'polluted', 'admitted', 'unavailable']);
  const crashes = new CrashWatch();
  crashes.start();
  const host = await startHost();
  const client: { socket: WebSocket | undefined } = { socket: undefined };
  const bystander: { socket: WebSocket | undefined } = { socket: undefined };
  const shape = prototypeShape();
  let clientsLeftOpen = 0;
  let probeId = 1_000_000_000;
  let done = 0;
  /** Records one case, with what the process and the bystander saw while it ran. */
  const settle = async (
    tally: Tally,
    index: number,
    label: string,
    [cls, detail]: [string, string],
    started: number,
    crashesBefore: number,
    checkBystander: boolean,
  ) => {
    const ms = performance.now() - started;
    tally.timing(ms, `#${index} ${label}`);
    if (crashes.errors.length > crashesBefore) [cls, detail] = ['crash', crashes.errors.at(-1)!.slice(0, 120)];
    else if (prototypeShape() !== shape) [cls, detail] = ['polluted', 'a prototype gained or lost a property'];
    else if (checkBystander && !(await served(host, bystander, timeoutMs, probeId++)))
      [cls, detail] = ['hang', `bystander not served in ${timeoutMs / 1000} s`];
    tally.record(cls, detail);
    if ((BAD_CLASSES as readonly string[]).includes(cls))
      tally.fail({ index, outcome: cls, detail, input: `seed ${options.seed}; ${label}` });
    options.onProgress?.(++done, tally);
  };
  try {
    for (let index = 0; index < options.messages; index++) {
      const c = makeMessageCase(options.seed, index);
      const started = performance.now();
      const before = crashes.errors.length;
      let result: [string, string];
      try {
        result = await runMessage(c, host, client, timeoutMs);
      } catch (error) {
        result = ['unavailable', `client could not connect: ${(error as Error).message}`];
      }
      await settle(messages, index, c.label, result, started, before, index % 25 === 24);
    }
    client.socket?.terminate();
    for (let index = 0; index < options.frames; index++) {
      const c = makeFrameCase(options.seed, index, { port: host.port, token: TOKEN, maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES });
      const started = performance.now();
      const before = crashes.errors.length;
      const result = c.kind === 'frames' ? await runFrames(c, index, host, timeoutMs, idleMs) : await runHandshake(c, host, timeoutMs);
      await settle(frames, index, c.label, result, started, before, true);
    }
  } finally {
    client.socket?.terminate();
    bystander.socket?.terminate();
    // Every client is gone: the transport should let go of each connection within the close grace.
    const deadline = performance.now() + 5_000;
    while (host.transport.clientCount() > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    clientsLeftOpen = host.transport.clientCount();
    await host.transport.close();
    await new Promise((resolve) => host.server.close(resolve));
    crashes.stop();
  }
  return { messages, frames, clientsLeftOpen, clientsDropped: host.dropped };
}
