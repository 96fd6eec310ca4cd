// The renderer-facing API, derived from the contract so neither end keeps a hand-written copy:
// `api.system.getInfo({})` for requests, `api.on('engine.statusChanged', cb)` → unsubscribe for events.
// Only the contract's types are imported: the channels come from the generated name list, so the page
// does not load zod (main validates; scripts/check-layers.mjs keeps it that way).
import type { IpcResult } from './result';
import type { EventName, EventPayload, RequestChannel, RequestPayload, ResponseOf } from './contract';
import { EVENT_NAMES, REQUEST_CHANNELS } from './channel-names';

// A stale channel-names.ts fails the typecheck here (run `npm run generate:ipc`), and its test.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
// A compile-time check, never used as a value: tsc fails here when channel-names.ts is stale.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
type ChannelNamesInSync = [
  Assert<Same<(typeof REQUEST_CHANNELS)[number], RequestChannel>>,
  Assert<Same<(typeof EVENT_NAMES)[number], EventName>>,
];

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
  for (const channel of REQUEST_CHANNELS) {
    const [area, action] = channel.split('.') as [string, string];
    areas[area] ??= {};
    areas[area][action] = (payload: unknown) => transport.invoke(channel, payload);
  }
  const on = (event: EventName, listener: (payload: unknown) => void): Unsubscribe => transport.subscribe(event, listener);
  return { ...areas, on } as unknown as Api;
}
