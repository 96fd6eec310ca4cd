// Malformed WebSocket frames (RFC 6455) written straight to a TCP socket, for the tests that pin down
// that one broken or hostile client is closed with the right code and the host keeps serving others
// (issue 14). Each case names the rule it breaks and the close code RFC 6455 §7.4.1 gives for it.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface HostileFrame {
  name: string;
  bytes: Buffer;
  /** 1002 protocol error, 1007 invalid UTF-8, 1009 message too big. */
  expectedCloseCode: 1002 | 1007 | 1009;
}

const MASK = Buffer.from([0x12, 0x34, 0x56, 0x78]);

function masked(payload: Buffer): Buffer {
  return Buffer.from(payload.map((byte, i) => byte ^ MASK[i % 4]!));
}

/** A client frame: first byte as given (FIN, RSV, opcode), a masked payload unless `unmasked`. */
function frame(firstByte: number, payload: Buffer, options: { unmasked?: boolean } = {}): Buffer {
  const maskBit = options.unmasked ? 0 : 0x80;
  let length: Buffer;
  if (payload.length < 126) length = Buffer.from([maskBit | payload.length]);
  else {
    length = Buffer.alloc(3);
    length[0] = maskBit | 126;
    length.writeUInt16BE(payload.length, 1);
  }
  return Buffer.concat([Buffer.from([firstByte]), length, ...(options.unmasked ? [payload] : [MASK, masked(payload)])]);
}

/** A masked frame header declaring a 64-bit payload length, with no payload after it. */
function header64(firstByte: number, length: bigint): Buffer {
  const bytes = Buffer.alloc(2 + 8);
  bytes[0] = firstByte;
  bytes[1] = 0x80 | 127;
  bytes.writeBigUInt64BE(length, 2);
  return Buffer.concat([bytes, MASK]);
}

/** The malformed frames every transport must survive; `maxPayloadBytes` is the server's limit. */
export function hostileFrames(maxPayloadBytes: number): HostileFrame[] {
  const hi = Buffer.from('hi');
  const closeWith = (code: number) => {
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code);
    return body;
  };
  return [
    { name: 'text frame with invalid UTF-8', bytes: frame(0x81, Buffer.from([0xff, 0xfe, 0xfd])), expectedCloseCode: 1007 },
    { name: 'unmasked client frame', bytes: frame(0x81, hi, { unmasked: true }), expectedCloseCode: 1002 },
    { name: 'reserved opcode 0x3', bytes: frame(0x83, hi), expectedCloseCode: 1002 },
    { name: 'RSV1 set without an extension', bytes: frame(0xc1, hi), expectedCloseCode: 1002 },
    { name: 'fragmented ping', bytes: frame(0x09, hi), expectedCloseCode: 1002 },
    { name: 'ping over 125 bytes', bytes: frame(0x89, Buffer.alloc(200, 0x61)), expectedCloseCode: 1002 },
    { name: 'close frame with code 999', bytes: frame(0x88, closeWith(999)), expectedCloseCode: 1002 },
    { name: 'continuation with no message started', bytes: frame(0x80, hi), expectedCloseCode: 1002 },
    { name: 'payload length 2^53', bytes: header64(0x82, 2n ** 53n), expectedCloseCode: 1009 },
    { name: 'message over the payload limit', bytes: header64(0x81, BigInt(maxPayloadBytes + 1)), expectedCloseCode: 1009 },
  ];
}

/**
 * Opens a WebSocket by hand on 127.0.0.1:port (path with the token), resolving once the server said
 * 101, rejecting with its status line otherwise. `origin` defaults to the host's own; null sends none.
 */
export async function openRawWebSocket(
  port: number,
  pathWithQuery: string,
  origin: string | null = `http://127.0.0.1:${port}`,
): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    [
      `GET ${pathWithQuery} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      ...(origin === null ? [] : [`Origin: ${origin}`]),
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  let head = Buffer.alloc(0);
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const status = head.subarray(0, head.indexOf('\r\n')).toString();
      if (!/^HTTP\/1\.1 101/.test(status)) reject(new Error(`handshake refused: ${status}`));
      else resolve();
      if (head.length > end + 4) socket.unshift(head.subarray(end + 4));
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
  return socket;
}

/**
 * Sends one frame on an open raw socket and waits (at most `timeoutMs`) for the server to end the
 * connection; returns the code of the close frame it sent first (null if none), and whether it hung up.
 */
export async function sendAndAwaitClose(
  socket: Socket,
  bytes: Buffer,
  timeoutMs = 5_000,
): Promise<{ closeCode: number | null; closed: boolean }> {
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  socket.on('error', () => undefined); // a reset after the close frame is fine
  const closed = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
    // After a close frame the client answers with its own, as RFC 6455 §5.5.1 asks.
    socket.write(bytes, () => undefined);
  });
  socket.destroy();
  return { closeCode: closeCodeOf(received), closed };
}

/** The status code of the first close frame in what the server sent (server frames are unmasked). */
function closeCodeOf(bytes: Buffer): number | null {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at]! & 0x0f;
    let length = bytes[at + 1]! & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      start += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      start += 8;
    }
    if (opcode === 0x8) return length >= 2 && start + 2 <= bytes.length ? bytes.readUInt16BE(start) : null;
    at = start + length;
  }
  return null;
}
