import { describe, expect, it } from 'vitest';
import { CodedError, describeError, errorCodeOf } from './coded-error';

class DiskError extends CodedError<'disk_full' | 'read_only'> {}

describe('CodedError', () => {
  it('keeps its code and message and names itself after the subclass', () => {
    const error = new DiskError('disk_full', 'The disk is full.');
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('disk_full');
    expect(error.message).toBe('The disk is full.');
    expect(error.name).toBe('DiskError');
    expect(String(error)).toBe('DiskError: The disk is full.');
  });

  it('gives the code of a typed failure and the fallback for anything else', () => {
    expect(errorCodeOf(new DiskError('read_only', 'x'), 'internal')).toBe('read_only');
    expect(errorCodeOf(new TypeError('x'), 'internal')).toBe('internal');
    expect(errorCodeOf('a string', 'internal')).toBe('internal');
  });
});

describe('describeError', () => {
  it('says what was thrown, whatever it was', () => {
    expect(describeError(new RangeError('too big'))).toBe('too big');
    expect(describeError('invalid inputSampleRate')).toBe('invalid inputSampleRate');
    expect(describeError({ code: 5 })).toBe('{"code":5}');
    expect(describeError(undefined)).toBe('undefined');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeError(cyclic)).toBe('[object Object]');
  });
});
