import { describe, expect, it } from 'vitest';
import { readLaunchFragment } from './session-handover';

describe('readLaunchFragment', () => {
  it('reads the one-time code the host prints, or a token a caller already holds', () => {
    expect(readLaunchFragment('#code=abc-_1')).toEqual({ kind: 'code', value: 'abc-_1' });
    expect(readLaunchFragment('#token=t%2Bk')).toEqual({ kind: 'token', value: 't+k' });
    expect(readLaunchFragment('#x=1&code=c')).toEqual({ kind: 'code', value: 'c' });
  });

  it('finds nothing in a bare address or an empty field', () => {
    expect(readLaunchFragment('')).toBeNull();
    expect(readLaunchFragment('#')).toBeNull();
    expect(readLaunchFragment('#code=')).toBeNull();
    expect(readLaunchFragment('#codex=1')).toBeNull();
    expect(readLaunchFragment('#code=%E0%A4%A')).toBeNull();
  });
});
