// The dataset area's channels, spread into the one contract (../contract.ts).
import type { EventSpec, RequestSpec } from '../contract-spec';

export const datasetRequests = {} as const satisfies Record<string, RequestSpec>;

export const datasetEvents = {} as const satisfies Record<string, EventSpec>;
