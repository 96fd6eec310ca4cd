// Raw frames and handshakes over TCP against the fuzz host (issue 16: split out of ipc-fuzz.ts).
import { connect, type Socket } from 'node:net';
import { openRawWebSocket } from '../ipc/testing/hostile-frames';
import { TOKEN, type Host } from './ipc-fuzz-host';
import { encodeFrame, type FrameCase } from './ipc-frames';
import { classifyResponse, serverFrames } from './ipc-replies';

/** Writes a case's raw frames on an admitted connection, then a ping: the outcome is what came back. */
export async function runFrames(
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

/** Sends a case's handshake request: upgraded, refused with a status, or closed. */
export async function runHandshake(c: Extract<FrameCase, { kind: 'handshake' }>, host: Host, timeoutMs: number): Promise<[string, string]> {
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
