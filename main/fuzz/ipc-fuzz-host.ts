// What the IPC fuzzer runs against (issue 16: split out of ipc-fuzz.ts): the browser host's pair
// — a real WebSocket transport and validated router on 127.0.0.1 with a token and the app's Origin,
// every channel stubbed — and the watch for crashes and prototype pollution while cases run.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { DEFAULT_SETTINGS } from '../../shared/types/settings';
import { requestContract } from '../../shared/ipc/contract';
import { AppError } from '../../shared/errors/app-error';
import { EventBus } from '../ipc/event-bus';
import { createRouter, type Handlers, type Router } from '../ipc/router';
import { attachWebSocketTransport, type WebSocketTransport } from '../ipc/websocket-transport';

/** The fuzz host's token: handshakes that should be admitted carry it. */
export const TOKEN = 'fuzz-token-0123456789abcdef0123456789abcdef';

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

/** A WebSocket transport and validated router on 127.0.0.1, as the browser host runs them. */
export interface Host {
  server: Server;
  transport: WebSocketTransport;
  router: Router;
  port: number;
  origin: string;
  url: string;
  dropped: number;
}

export async function startHost(): Promise<Host> {
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
export class CrashWatch {
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
export const prototypeShape = () => PROTOTYPES.map((p) => Object.getOwnPropertyNames(p).join(',')).join('|');

export function openClient(host: Host): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(host.url, { origin: host.origin });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}
