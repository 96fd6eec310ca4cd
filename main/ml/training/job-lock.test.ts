import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireJobLock, LOCK_FILE_NAME } from './job-lock';

describe('job folder lock', () => {
  it('is exclusive while its owner lives and released on request', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      writeFileSync(path.join(dir, LOCK_FILE_NAME), String(sleeper.pid));
      expect(() => acquireJobLock(dir)).toThrow(
        expect.objectContaining({ code: 'bad_request', message: expect.stringContaining(`process ${sleeper.pid}`) }),
      );
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('takes over a lock whose owner was killed, and removes it on release', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => dead.on('exit', resolve));
    writeFileSync(path.join(dir, LOCK_FILE_NAME), String(dead.pid));
    const release = acquireJobLock(dir);
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(true);
    release();
    expect(existsSync(path.join(dir, LOCK_FILE_NAME))).toBe(false);
  });
});
