// The one IPC contract (in the manner of deta/surf's contract module): every request, response and
// event the renderer and main exchange is declared here once, as data with runtime schemas. The main
// side validates every payload against it; the preload and the WebSocket client are generated from it;
// the renderer imports only its types.
import { z } from 'zod';
import { engineStatusSchema, systemInfoSchema } from '../types/system';
import { settingsSchema } from '../types/settings';

/** A request channel: the payload main accepts and the response it promises. */
export interface RequestSpec<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  payload: P;
  response: R;
  /** What the call does, for readers of the contract. */
  doc: string;
}

/** An event main pushes to the renderer. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  payload: P;
  doc: string;
}

const noPayload = z.object({}).strict();

/** Every request channel, named `area.action`; the area becomes the API namespace. */
export const requestContract = {
  'system.getInfo': {
    payload: noPayload,
    response: systemInfoSchema,
    doc: 'App, host, engine and database facts for the System page.',
  },
  'settings.get': {
    payload: noPayload,
    response: settingsSchema,
    doc: 'The stored user preferences (defaults where unset).',
  },
  'settings.update': {
    payload: settingsSchema.partial().strict(),
    response: settingsSchema,
    doc: 'Stores the given preferences at once and returns all of them.',
  },
} as const satisfies Record<string, RequestSpec>;

/** Every event main may push. */
export const eventContract = {
  'engine.statusChanged': {
    payload: engineStatusSchema,
    doc: 'The engine smoke check finished (or failed); carries the provider reports.',
  },
} as const satisfies Record<string, EventSpec>;

/** Name of a request channel. */
export type RequestChannel = keyof typeof requestContract;
/** What a caller passes on a channel. */
export type RequestPayload<C extends RequestChannel> = z.input<(typeof requestContract)[C]['payload']>;
/** What a handler receives on a channel, after validation. */
export type ValidatedPayload<C extends RequestChannel> = z.output<(typeof requestContract)[C]['payload']>;
/** What a channel answers with. */
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requestContract)[C]['response']>;
/** Name of an event. */
export type EventName = keyof typeof eventContract;
/** What an event carries. */
export type EventPayload<E extends EventName> = z.output<(typeof eventContract)[E]['payload']>;

/** True when `name` is a request channel of the contract (for untrusted input). */
export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.hasOwn(requestContract, name);
}

/** True when `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(eventContract, name);
}
