// Loopback WebSocket transport for the browser host and tests. The same router and event bus as the
// Electron transport sit behind it, so handlers cannot tell which one a call came through.
// A per-launch random token (compared in constant time) and the app's Origin guard the door: a
// client must send both, so a local process that learnt the token still has to pose as the page,
// and no other site's page (or a DNS-rebound name) gets in even with it (issue 14).
// A malformed frame from one client (bad UTF-8, an unmasked or reserved frame, an oversized one…)
// closes that client with the protocol's close code and nothing else: `ws` reports it as the
// socket's 'error' event, which would exit the process if nobody listened (issue 14).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { WEBSOCKET_IPC_PATH, WEBSOCKET_TOKEN_PARAM, type ServerEnvelope } from '../../shared/ipc/wire';
import { requestEnvelopeSchema } from '../../shared/ipc/wire-schema';
import { fail } from '../../shared/ipc/result';
import type { Caller, Router } from './router';
import type { EventBus } from './event-bus';

export interface WebSocketTransportOptions {
  server: Server;
  token: string;
  /** Origins a client may connect from (the host's own); a client sending no Origin is refused too. */
  allowedOrigins: string[];
  router: Router;
  events: EventBus;
  /** Largest message accepted, in bytes; default DEFAULT_MAX_PAYLOAD_BYTES. */
  maxPayloadBytes?: number;
  /** Told about a client dropped for a protocol error (default: one line on stderr). */
  onClientError?: (error: Error) => void;
}

/**
 * 8 MiB: the largest request the contract allows is an upload chunk of 4 MiB in base64 (5.6 M
 * characters) plus its envelope; anything bigger is a broken or hostile client, closed with 1009.
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

export interface WebSocketTransport {
  clientCount(): number;
  close(): Promise<void>;
}

export function attachWebSocketTransport(options: WebSocketTransportOptions): WebSocketTransport {
  const expectedToken = Buffer.from(options.token, 'utf8');
  const wss = new WebSocketServer({
    server: options.server,
    path: WEBSOCKET_IPC_PATH,
    maxPayload: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
    verifyClient: (info: { req: IncomingMessage; origin: string }, done: (ok: boolean, code?: number, message?: string) => void) => {
      const url = new URL(info.req.url ?? '/', 'http://127.0.0.1');
      const token = Buffer.from(url.searchParams.get(WEBSOCKET_TOKEN_PARAM) ?? '', 'utf8');
      if (token.length !== expectedToken.length || !timingSafeEqual(token, expectedToken)) {
        done(false, 401, 'Missing or wrong token');
        return;
      }
      if (!info.origin || !options.allowedOrigins.includes(info.origin)) {
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

  const reportClientError = options.onClientError ?? ((error: Error) => console.error(`ipc: dropped a WebSocket client: ${error.message}`));
  // Errors of the server itself (its HTTP server's, forwarded by ws) must not exit the host either.
  wss.on('error', (error: Error) => console.error(`ipc: WebSocket server error: ${error.message}`));

  let connections = 0;
  wss.on('connection', (socket: WebSocket) => {
    // Each connection is one client: its recordings and uploads are its own, capped per client and
    // closed for it when the socket goes (a reload or a closed window leaves nobody to stop them).
    const caller = { clientId: `ws-${++connections}` };
    socket.on('close', () => options.router.clientGone(caller.clientId));
    socket.on('error', (error: Error & { code?: string }) => {
      // ws has already sent the close frame with the matching code (1002 protocol error, 1007 bad
      // UTF-8, 1009 too big) and stopped reading; make sure the socket goes even if the peer never answers.
      reportClientError(error);
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    });
    socket.on('message', (data, isBinary) => {
      handleMessage(socket, isBinary ? null : data.toString(), options.router, caller).catch((error: unknown) => {
        reportClientError(error instanceof Error ? error : new Error(String(error)));
        socket.close(1011, 'internal error');
      });
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

/** How long a client dropped for a protocol error gets to answer the close frame before its socket is cut. */
const CLOSE_GRACE_MS = 2_000;

async function handleMessage(socket: WebSocket, text: string | null, router: Router, caller: Caller): Promise<void> {
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
  const result = await router.dispatch(envelope.data.channel, envelope.data.payload, caller);
  send({ kind: 'response', id: envelope.data.id, result });
}
