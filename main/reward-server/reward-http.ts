// The reward server's HTTP door (issue 17): loopback by default, every request needs the bearer
// token, bodies are capped and parsed and checked before the RewardService sees them, and every
// failure is a typed JSON answer — a bad request never takes the server down.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeError } from '../../shared/errors/coded-error';
import { scoreRequestSchema, type ErrorBody } from './reward-api';
import { RewardServerError } from './reward-server-error';
import type { RewardService } from './reward-service';

/** Requests above this are refused before they are read whole (a 1,000-completion batch is ~1 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RewardServerOptions {
  service: RewardService;
  token: string;
  port: number;
  /** 127.0.0.1 unless the researcher opens it wider on purpose. */
  host?: string;
  maxBodyBytes?: number;
  /** Told about failures a client caused (4xx) and about scorer failures, for the console. */
  log?: (message: string) => void;
}

export interface RunningRewardServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

// Digests of equal length, so the comparison takes the same time whatever the guess.
const digest = (text: string) => createHash('sha256').update(text).digest();

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new RewardServerError('body_too_large', `the body is ${declared} bytes; this server takes at most ${limit}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new RewardServerError('body_too_large', `the body is over ${limit} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse, options: RewardServerOptions, expected: Buffer): Promise<void> {
  const auth = req.headers.authorization ?? '';
  const given = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : '';
  if (!timingSafeEqual(digest(given), expected))
    throw new RewardServerError('unauthorized', 'missing or wrong token (send "Authorization: Bearer <token>")');
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/v1/health') {
    if (req.method !== 'GET') throw new RewardServerError('method_not_allowed', 'GET /v1/health');
    send(res, 200, { ok: true, scorer: options.service.scorerName, rewards: options.service.config });
    return;
  }
  if (url.pathname !== '/v1/score') throw new RewardServerError('not_found', `no ${url.pathname}; POST /v1/score or GET /v1/health`);
  if (req.method !== 'POST') throw new RewardServerError('method_not_allowed', 'POST /v1/score');
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    throw new RewardServerError('unsupported_media_type', 'send the batch as application/json');
  const body = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new RewardServerError('malformed_json', `the body is not JSON: ${describeError(error)}`);
  }
  const parsed = scoreRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RewardServerError('invalid_request', `${issue.path.join('.') || '(body)'}: ${issue.message}`);
  }
  send(res, 200, await options.service.score(parsed.data));
}

export function startRewardServer(options: RewardServerOptions): Promise<RunningRewardServer> {
  if (options.token.length < 16) throw new RewardServerError('bad_option', 'the token must be at least 16 characters');
  const expected = digest(options.token);
  const server: Server = createServer((req, res) => {
    handle(req, res, options, expected).catch((error: unknown) => {
      const known = error instanceof RewardServerError ? error : new RewardServerError('scoring_failed', describeError(error));
      if (known.status >= 422) options.log?.(`reward server: ${known.code}: ${known.message}`);
      const body: ErrorBody = { error: { code: known.code, message: known.message } };
      // A body too large is answered before it is read: close the connection rather than drain it.
      if (known.code === 'body_too_large') res.setHeader('connection', 'close');
      if (!res.headersSent) send(res, known.status, body);
    });
  });
  server.on('clientError', (_error, socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      const { port, address } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
