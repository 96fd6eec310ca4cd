import { describe, expect, it } from 'vitest';
import { clockTime } from './clock-time';

describe('clockTime', () => {
  it('writes minutes and seconds, rounding first so the seconds never read 60', () => {
    expect(clockTime(0)).toBe('0:00');
    expect(clockTime(33.96)).toBe('0:34');
    expect(clockTime(59.6)).toBe('1:00');
    expect(clockTime(617.7)).toBe('10:18');
    expect(clockTime(5.54, 2)).toBe('0:05.54');
    expect(clockTime(59.996, 2)).toBe('1:00.00');
    expect(clockTime(72.25, 1)).toBe('1:12.3');
  });
});
