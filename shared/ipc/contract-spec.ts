// The shape of a contract entry, apart from the contract itself so that each area's channel file
// (contracts/*.ts) can declare its entries without importing the whole contract.
import type { z } from 'zod';

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
