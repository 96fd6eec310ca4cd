// Errors cross the IPC boundary as values, never as thrown exceptions: Electron flattens thrown errors
// to a string and the WebSocket transport cannot carry them at all.

/** Machine-readable reason an IPC call failed. */
export type IpcErrorCode =
  | 'unknown_channel'
  | 'invalid_payload'
  | 'malformed_message'
  | 'forbidden_sender'
  | 'unauthorized'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'internal';

/** A failed call: a code to branch on, a message to show, and schema issues for invalid payloads. */
export interface IpcError {
  code: IpcErrorCode | (string & {});
  message: string;
  /** Where the payload broke its schema (path + message), for invalid_payload. */
  issues?: { path: string; message: string }[];
}

/** What every request resolves to, on both transports. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Builds a successful result. */
export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

/** Builds a failed result. */
export function fail(code: IpcError['code'], message: string, issues?: IpcError['issues']): IpcResult<never> {
  return issues ? { ok: false, error: { code, message, issues } } : { ok: false, error: { code, message } };
}
