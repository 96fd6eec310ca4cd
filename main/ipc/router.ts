// The validated door every IPC call passes through, whatever transport carried it (VS Code's
// validated ipcMain, for both Electron IPC and the WebSocket host). Handlers see only payloads that
// passed their schema; failures come back as typed error values, never as exceptions.
import type { z } from 'zod';
import { isRequestChannel, requestContract, type RequestChannel, type ResponseOf, type ValidatedPayload } from '../../shared/ipc/contract';
import { withFiniteNumbers } from '../../shared/ipc/finite';
import { fail, ok, type IpcResult } from '../../shared/ipc/result';
import { AppError } from '../../shared/errors/app-error';
import { describeError } from '../../shared/errors/coded-error';

/**
 * Who made a call: one window's connection (a WebSocket, an Electron webContents). Services key
 * per-client limits on it and free what a client held when it goes (issue 14).
 */
export interface Caller {
  clientId: string;
}

/** The caller of a dispatch that names none (tests, the fuzz harness, scripts). */
export const LOCAL_CALLER: Caller = Object.freeze({ clientId: 'local' });

/** A handler for one channel: validated payload in, response (or AppError thrown) out. */
export type Handler<C extends RequestChannel> = (payload: ValidatedPayload<C>, caller: Caller) => Promise<ResponseOf<C>> | ResponseOf<C>;

/** One handler per channel; the type makes a missing handler a compile error. */
export type Handlers = { [C in RequestChannel]: Handler<C> };

export interface RouterOptions {
  /** Called with unexpected handler failures (they are answered with code 'internal'). */
  onInternalError?: (channel: string, error: unknown) => void;
  /** Called when a transport says a client has gone (socket closed, window reloaded or closed). */
  onClientGone?: (clientId: string) => void;
}

export interface Router {
  dispatch(channel: unknown, payload: unknown, caller?: Caller): Promise<IpcResult<unknown>>;
  /** A transport's client went away: what it held open (recordings, uploads) is closed for it. */
  clientGone(clientId: string): void;
}

export function createRouter(handlers: Handlers, options: RouterOptions = {}): Router {
  return {
    clientGone(clientId) {
      try {
        options.onClientGone?.(clientId);
      } catch (error) {
        options.onInternalError?.('(client gone)', error);
      }
    },
    async dispatch(channel, payload, caller = LOCAL_CALLER) {
      if (!isRequestChannel(channel)) {
        return fail('unknown_channel', `No IPC channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`);
      }
      const spec = requestContract[channel];
      const parsed = spec.payload.safeParse(payload);
      if (!parsed.success) {
        return fail('invalid_payload', `Invalid payload for ${channel}.`, issuesOf(parsed.error));
      }
      try {
        const handler = handlers[channel] as (p: unknown, c: Caller) => Promise<unknown> | unknown;
        // NaN/±Infinity become null before the check: null where the schema allows it, an
        // 'internal' failure (logged) where it doesn't — never a non-finite number on the wire.
        const response = withFiniteNumbers(await handler(parsed.data, caller));
        // Checking the response too keeps main honest about its side of the contract.
        const checked = (spec.response as z.ZodType).safeParse(response);
        if (!checked.success) {
          options.onInternalError?.(channel, checked.error);
          return fail('internal', `The app produced an invalid response for ${channel}.`);
        }
        return ok(checked.data);
      } catch (error) {
        if (error instanceof AppError) return fail(error.code, error.message);
        options.onInternalError?.(channel, error);
        return fail('internal', `${channel} failed: ${describeError(error)}`);
      }
    },
  };
}

function issuesOf(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}
