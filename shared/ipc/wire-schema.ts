// The schema main checks each WebSocket request against, apart from wire.ts so that the page's
// client (which only builds envelopes) does not load zod.
import { z } from 'zod';
import type { RequestEnvelope } from './wire';

/** A request sent by the renderer's WebSocket client. */
export const requestEnvelopeSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  payload: z.unknown(),
}) satisfies z.ZodType<RequestEnvelope>;
