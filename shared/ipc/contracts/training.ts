// The training area's channels, spread into the one contract (../contract.ts).
import type { EventSpec, RequestSpec } from '../contract-spec';

export const trainingRequests = {} as const satisfies Record<string, RequestSpec>;

export const trainingEvents = {} as const satisfies Record<string, EventSpec>;
