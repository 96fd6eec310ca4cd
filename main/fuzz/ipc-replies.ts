// Reading the fuzz host's answers (issue 16: split out of ipc-fuzz.ts): the next reply on a client,
// a response envelope's outcome, and the server frames a raw client received.
import WebSocket from 'ws';

/** What a client got next: a text message, a close, or nothing in time. */
export type Reply = { kind: 'message'; text: string } | { kind: 'closed'; code: number } | { kind: 'timeout' };

/** The next reply on `socket`, or 'timeout' after `timeoutMs`. */
export function nextReply(socket: WebSocket, timeoutMs: number): Promise<Reply> {
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

/** The id a reply to `text` may carry besides null: the request's own, if it has a numeric one. */
export function idOf(text: string): number | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown })?.id;
    return typeof id === 'number' && Number.isFinite(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Server frames (unmasked) parsed from what a raw client received. */
export function serverFrames(bytes: Buffer): { opcode: number; payload: Buffer }[] {
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
