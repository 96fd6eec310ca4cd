import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireJobLock, acquireJobLockWhenFree, LOCK_FILE_NAME } from './job-lock';

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

  it('waits for a live owner that exits soon (a killed app’s worker), and gives up on one that stays', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
    const leaving = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)']);
    const staying = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    try {
      writeFileSync(path.join(dir, LOCK_FILE_NAME), String(leaving.pid));
      const release = await acquireJobLockWhenFree(dir, { waitMs: 5000 });
      expect(readFileSync(path.join(dir, LOCK_FILE_NAME), 'utf8')).toBe(String(process.pid));
      release();
      writeFileSync(path.join(dir, LOCK_FILE_NAME), String(staying.pid));
      await expect(acquireJobLockWhenFree(dir, { waitMs: 200 })).rejects.toMatchObject({ code: 'bad_request' });
    } finally {
      leaving.kill('SIGKILL');
      staying.kill('SIGKILL');
    }
  });
});
