import { describe, expect, it } from 'vitest';
import { EVENT_NAMES, REQUEST_CHANNELS } from './channel-names';
import { eventContract, requestContract } from './contract';

const STALE = 'shared/ipc/channel-names.ts is out of date with shared/ipc/contract.ts: run `npm run generate:ipc`';

describe('the generated channel names', () => {
  it('list exactly the contract channels and events, in its order', () => {
    expect([...REQUEST_CHANNELS], STALE).toEqual(Object.keys(requestContract));
    expect([...EVENT_NAMES], STALE).toEqual(Object.keys(eventContract));
  });
});
