// The evaluation area's channels, spread into the one contract (../contract.ts).
import type { EventSpec, RequestSpec } from '../contract-spec';

export const evaluationRequests = {} as const satisfies Record<string, RequestSpec>;

export const evaluationEvents = {} as const satisfies Record<string, EventSpec>;
