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
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import WebSocket from 'ws';
import { DEFAULT_SETTINGS } from '../../shared/types/settings';
import { requestContract } from '../../shared/ipc/contract';
import { AppError } from '../../shared/errors/app-error';
import { EventBus } from '../ipc/event-bus';
import { createRouter, type Handlers, type Router } from '../ipc/router';
import { openRawWebSocket } from '../ipc/testing/hostile-frames';
import { attachWebSocketTransport, DEFAULT_MAX_PAYLOAD_BYTES, type WebSocketTransport } from '../ipc/websocket-transport';
import { encodeFrame, makeFrameCase, type FrameCase } from './ipc-frames';
import { makeMessageCase, type MessageCase } from './ipc-messages';
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

const TOKEN = 'fuzz-token-0123456789abcdef0123456789abcdef';

/** Handlers for every channel: settings answer as in the app, everything else is a typed refusal. */
function stubHandlers(): Handlers {
  const handlers: Record<string, (payload: unknown) => unknown> = {};
  for (const channel of Object.keys(requestContract)) {
    handlers[channel] = () => {
      throw new AppError('unavailable', `${channel} is not served by the fuzz host`);
    };
  }
  handlers['settings.get'] = () => DEFAULT_SETTINGS;
  handlers['settings.update'] = (changes) => ({ ...DEFAULT_SETTINGS, ...(changes as object) });
  return handlers as unknown as Handlers;
}

interface Host {
  server: Server;
  transport: WebSocketTransport;
  router: Router;
  port: number;
  origin: string;
  url: string;
  dropped: number;
}

async function startHost(): Promise<Host> {
  // The browser host's server answers plain HTTP (its pages); a request that isn't an upgrade gets a 404 here.
  const server = createServer((_req, res) => res.writeHead(404).end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const router = createRouter(stubHandlers());
  const host = { server, router, port, origin, url: `ws://127.0.0.1:${port}/ipc?token=${TOKEN}`, dropped: 0 } as Host;
  host.transport = attachWebSocketTransport({
    server,
    token: TOKEN,
    allowedOrigins: [origin],
    router,
    events: new EventBus(),
    onClientError: () => void host.dropped++,
  });
  return host;
}

/** Process-level failures while the fuzz runs: each is a crash of the case that was running. */
class CrashWatch {
  readonly errors: string[] = [];
  private readonly onError = (error: unknown) =>
    void this.errors.push(`uncaught: ${String((error as Error)?.stack ?? error).slice(0, 300)}`);
  private readonly onRejection = (reason: unknown) =>
    void this.errors.push(`unhandled rejection: ${String((reason as Error)?.stack ?? reason).slice(0, 300)}`);

  start(): void {
    process.on('uncaughtException', this.onError);
    process.on('unhandledRejection', this.onRejection);
  }

  stop(): void {
    process.off('uncaughtException', this.onError);
    process.off('unhandledRejection', this.onRejection);
  }
}

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const prototypeShape = () => PROTOTYPES.map((p) => Object.getOwnPropertyNames(p).join(',')).join('|');

function openClient(host: Host): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(host.url, { origin: host.origin });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

type Reply = { kind: 'message'; text: string } | { kind: 'closed'; code: number } | { kind: 'timeout' };

function nextReply(socket: WebSocket, timeoutMs: number): Promise<Reply> {
  return new Promise((resolve) => {
    const done = (reply: Reply) => {
      clearTimeout(timer);
      socket.off('message', onMessage);
      socket.off('close', onClose);
      resolve(reply);
    };
    const onMessage = (data: WebSocket.RawData) => done({ kind: 'message', text: data.toString() });
    const onClose = (code: number) => done({ kind: 'closed', code });
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
    socket.on('message', onMessage);
    socket.on('close', onClose);
  });
}

/**
 * The outcome of a response envelope: ok, a typed error by code, or a reply that breaks the protocol.
 * `expectedId`: the request's id (the reply carries it or null); 'any' for raw frames, whose bit flips
 * may have rewritten the id's digits.
 */
export function classifyResponse(text: string, expectedId: number | undefined | 'any'): [string, string] {
  let reply: { kind?: unknown; id?: unknown; result?: { ok?: unknown; error?: { code?: unknown; message?: unknown } } };
  try {
    reply = JSON.parse(text);
  } catch {
    return ['bad-reply', `not JSON: ${text.slice(0, 60)}`];
  }
  if (reply?.kind !== 'response' || typeof reply.result?.ok !== 'boolean')
    return ['bad-reply', `not a response envelope: ${text.slice(0, 60)}`];
  if (expectedId === 'any' ? reply.id !== null && typeof reply.id !== 'number' : reply.id !== null && reply.id !== expectedId)
    return ['bad-reply', `reply id ${String(reply.id)} for request ${String(expectedId)}`];
  if (reply.result.ok) return ['answered', 'ok'];
  const code = reply.result.error?.code;
  if (typeof code !== 'string' || typeof reply.result.error?.message !== 'string')
    return ['bad-reply', `error without code/message: ${text.slice(0, 60)}`];
  if (code === 'internal') return ['untyped', `internal: ${String(reply.result.error.message).slice(0, 60)}`];
  return ['answered', `error ${code}`];
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

/** The id a reply to `text` may carry besides null: the request's own, if it has a numeric one. */
function idOf(text: string): number | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown })?.id;
    return typeof id === 'number' && Number.isFinite(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Server frames (unmasked) parsed from what a raw client received. */
function serverFrames(bytes: Buffer): { opcode: number; payload: Buffer }[] {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    let length = bytes[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) {
      if (at + 4 > bytes.length) break;
      length = bytes.readUInt16BE(at + 2);
      start += 2;
    } else if (length === 127) {
      if (at + 10 > bytes.length) break;
      length = Number(bytes.readBigUInt64BE(at + 2));
      start += 8;
    }
    if (start + length > bytes.length) break;
    frames.push({ opcode: bytes[at]! & 0x0f, payload: bytes.subarray(start, start + length) });
    at = start + length;
  }
  return frames;
}

async function runFrames(
  c: Extract<FrameCase, { kind: 'frames' }>,
  index: number,
  host: Host,
  timeoutMs: number,
  idleMs: number,
): Promise<[string, string]> {
  let socket: Socket;
  try {
    socket = await openRawWebSocket(host.port, `/ipc?token=${TOKEN}`, host.origin);
  } catch (error) {
    return ['unavailable', `a well-formed handshake failed: ${(error as Error).message}`];
  }
  let received = Buffer.alloc(0);
  const probe = Buffer.from(`probe-${index}`);
  const result = await new Promise<'closed' | 'probe' | 'idle' | 'timeout'>((resolve) => {
    let idle: NodeJS.Timeout | undefined;
    let probed = false;
    const finish = (why: 'closed' | 'probe' | 'idle' | 'timeout') => {
      clearTimeout(overall);
      clearTimeout(idle);
      socket.removeAllListeners('data');
      resolve(why);
    };
    const overall = setTimeout(() => finish('timeout'), timeoutMs);
    const armIdle = () => {
      if (!probed) return;
      clearTimeout(idle);
      idle = setTimeout(() => finish('idle'), idleMs);
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const frames = serverFrames(received);
      if (frames.some((f) => f.opcode === 8)) return finish('closed');
      if (frames.some((f) => f.opcode === 10 && f.payload.equals(probe))) return finish('probe');
      armIdle();
    });
    socket.on('error', () => undefined); // resets after a close are the server's right
    socket.once('close', () => finish('closed'));
    void (async () => {
      for (const bytes of c.writes) {
        if (socket.destroyed) return;
        await new Promise<void>((done) => socket.write(bytes, () => done()));
        await new Promise((r) => setImmediate(r));
      }
      if (socket.destroyed) return;
      // A ping after the case: its pong says the server read everything before it and kept the connection.
      socket.write(encodeFrame({ fin: true, rsv: 0, opcode: 9, payload: probe }), () => undefined);
      probed = true;
      armIdle();
    })();
  });
  socket.destroy();
  const frames = serverFrames(received);
  for (const text of frames.filter((f) => f.opcode === 1)) {
    const [cls, detail] = classifyResponse(text.payload.toString('utf8'), 'any');
    if (cls !== 'answered') return [cls, detail];
  }
  const close = frames.find((f) => f.opcode === 8);
  const replies = frames.filter((f) => f.opcode === 1).length;
  if (close) return ['closed', `close ${close.payload.length >= 2 ? close.payload.readUInt16BE(0) : 'without code'}`];
  if (result === 'closed') return ['closed', 'TCP closed without a close frame'];
  if (result === 'probe') return ['answered', replies ? `open, ${replies} response${replies > 1 ? 's' : ''}` : 'open, pong only'];
  if (result === 'idle') return ['open', 'waiting for the rest of a frame'];
  return ['hang', `connection neither answered nor closed in ${timeoutMs / 1000} s`];
}

async function runHandshake(c: Extract<FrameCase, { kind: 'handshake' }>, host: Host, timeoutMs: number): Promise<[string, string]> {
  const socket = connect(host.port, '127.0.0.1');
  socket.on('error', () => undefined);
  let head = Buffer.alloc(0);
  const outcome = await new Promise<'response' | 'closed' | 'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), timeoutMs);
    const finish = (why: 'response' | 'closed') => {
      clearTimeout(timer);
      resolve(why);
    };
    socket.on('data', (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.includes('\r\n\r\n')) finish('response');
    });
    socket.once('close', () => finish('closed'));
    socket.once('connect', () => socket.write(c.request, () => undefined));
  });
  socket.destroy();
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(head.toString('latin1'))?.[1];
  if (status === '101') return c.admissible ? ['upgraded', 'admissible handshake'] : ['admitted', c.label];
  if (c.admissible && c.wellFormed)
    return ['unavailable', `a well-formed handshake with the app's token and Origin was refused (${status ?? outcome})`];
  if (status) return ['closed', `refused with HTTP ${status}`];
  if (outcome === 'timeout') return ['hang', `no HTTP answer in ${timeoutMs / 1000} s`];
  return ['closed', head.length ? 'closed after a partial answer' : 'closed without an HTTP answer'];
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
