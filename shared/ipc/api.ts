// The renderer-facing API, derived from the contract so neither end keeps a hand-written copy:
// `api.system.getInfo({})` for requests, `api.on('engine.statusChanged', cb)` → unsubscribe for events.
import type { IpcResult } from './result';
import {
  requestContract,
  type EventName,
  type EventPayload,
  type RequestChannel,
  type RequestPayload,
  type ResponseOf,
} from './contract';

type AreaOf<C extends string> = C extends `${infer Area}.${string}` ? Area : never;
type Area = AreaOf<RequestChannel>;

/** Unsubscribes an event listener. */
export type Unsubscribe = () => void;

/** The typed API the renderer uses, whatever transport sits beneath it. */
export type Api = {
  [A in Area]: {
    [C in RequestChannel as C extends `${A}.${infer Action}` ? Action : never]: (
      payload: RequestPayload<C>,
    ) => Promise<IpcResult<ResponseOf<C>>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};

/** The two primitives a transport provides; everything else is generated. */
export interface ApiTransport {
  invoke(channel: RequestChannel, payload: unknown): Promise<IpcResult<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

/** Builds the typed API over a transport (used by the preload and by the WebSocket client). */
export function buildApi(transport: ApiTransport): Api {
  const areas: Record<string, Record<string, (payload: unknown) => Promise<IpcResult<unknown>>>> = {};
  for (const channel of Object.keys(requestContract) as RequestChannel[]) {
    const [area, action] = channel.split('.') as [string, string];
    areas[area] ??= {};
    areas[area][action] = (payload: unknown) => transport.invoke(channel, payload);
  }
  const on = (event: EventName, listener: (payload: unknown) => void): Unsubscribe => transport.subscribe(event, listener);
  return { ...areas, on } as unknown as Api;
}
