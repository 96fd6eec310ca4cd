import { describe, expect, it } from 'vitest';
import { OneTimeCodes } from './one-time-codes';

describe('one-time codes', () => {
  it('are redeemed once, then refused', () => {
    const codes = new OneTimeCodes();
    const code = codes.issue();
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    expect(codes.redeem(code)).toBe(true);
    expect(codes.redeem(code)).toBe(false);
    expect(codes.pending()).toBe(0);
  });

  it('are independent of each other and refuse anything not issued', () => {
    const codes = new OneTimeCodes();
    const [a, b] = [codes.issue(), codes.issue()];
    expect(a).not.toBe(b);
    expect(codes.redeem(`${a}x`)).toBe(false);
    expect(codes.redeem('')).toBe(false);
    expect(codes.redeem(b)).toBe(true);
    expect(codes.redeem(a)).toBe(true);
  });

  it('expire at their deadline and say so once, as they do when redeemed', () => {
    let now = 1_000;
    const codes = new OneTimeCodes(() => now);
    const spent: string[] = [];
    const late = codes.issue({ ttlMs: 100, onSpent: () => spent.push('late') });
    const used = codes.issue({ ttlMs: 100, onSpent: () => spent.push('used') });
    expect(codes.redeem(used)).toBe(true);
    now += 100;
    expect(codes.redeem(late)).toBe(false);
    expect(codes.redeem(late)).toBe(false);
    expect(spent).toEqual(['used', 'late']);
  });
});
