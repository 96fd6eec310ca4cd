// Loopback WebSocket transport for the browser host and tests. The same router and event bus as the
// Electron transport sit behind it, so handlers cannot tell which one a call came through.
// A per-launch random token (compared in constant time) and an Origin check guard the door.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { requestEnvelopeSchema, WEBSOCKET_IPC_PATH, WEBSOCKET_TOKEN_PARAM, type ServerEnvelope } from '../../shared/ipc/wire';
import { fail } from '../../shared/ipc/result';
import type { Router } from './router';
import type { EventBus } from './event-bus';

export interface WebSocketTransportOptions {
  server: Server;
  token: string;
  /** Origins a browser page may connect from (the host's own); clients that send no Origin are not browsers. */
  allowedOrigins: string[];
  router: Router;
  events: EventBus;
  /** Largest message accepted, in bytes. */
  maxPayloadBytes?: number;
}

export interface WebSocketTransport {
  clientCount(): number;
  close(): Promise<void>;
}

export function attachWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const expectedToken = Buffer.from(options.token, 'utf8');
  const wss = new WebSocketServer({
    server: options.server,
    path: WEBSOCKET_IPC_PATH,
    maxPayload: options.maxPayloadBytes ?? 64 * 1024 * 1024,
    verifyClient: (info: { req: IncomingMessage; origin: string }, done: (ok: boolean, code?: number, message?: string) => void) => {
      const url = new URL(info.req.url ?? '/', 'http://127.0.0.1');
      const token = Buffer.from(url.searchParams.get(WEBSOCKET_TOKEN_PARAM) ?? '', 'utf8');
      if (token.length !== expectedToken.length || !timingSafeEqual(token, expectedToken)) {
        done(false, 401, 'Missing or wrong token');
        return;
      }
      if (info.origin && !options.allowedOrigins.includes(info.origin)) {
        done(false, 403, 'Origin not allowed');
        return;
      }
      done(true);
    },
  });

  const removeSink = options.events.addSink((event, payload) => {
    const message = JSON.stringify({ kind: 'event', event, payload } satisfies ServerEnvelope);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(message);
  });

  wss.on('connection', (socket: WebSocket) => {
    socket.on('message', (data, isBinary) => {
      void handleMessage(socket, isBinary ? null : data.toString(), options.router);
    });
  });

  return {
    clientCount: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        removeSink();
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

async function handleMessage(socket: WebSocket, text: string | null, router: Router): Promise<void> {
  const send = (message: ServerEnvelope) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  let parsedJson: unknown;
  try {
    if (text === null) throw new Error('binary frames are not part of the protocol');
    parsedJson = JSON.parse(text);
  } catch (error) {
    send({ kind: 'response', id: null, result: fail('malformed_message', `Unreadable message: ${(error as Error).message}`) });
    return;
  }
  const envelope = requestEnvelopeSchema.safeParse(parsedJson);
  if (!envelope.success) {
    const id = typeof (parsedJson as { id?: unknown })?.id === 'number' ? (parsedJson as { id: number }).id : null;
    send({ kind: 'response', id, result: fail('malformed_message', 'Expected {kind:"request", id, channel, payload}.') });
    return;
  }
  const result = await router.dispatch(envelope.data.channel, envelope.data.payload);
  send({ kind: 'response', id: envelope.data.id, result });
}
