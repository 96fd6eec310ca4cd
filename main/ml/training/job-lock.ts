// One worker per job folder: two writers would interleave metrics.jsonl lines and race on
// checkpoints. The lock is a file holding the owner's pid, created exclusively; a lock whose process
// is gone (the kill -9 case this runtime is built to survive) is stale and taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TrainingFailure } from './training-failure';

export const LOCK_FILE_NAME = 'job.lock';

/** Takes the job folder's lock for this process; returns the function that releases it. */
export function acquireJobLock(jobDir: string): () => void {
  const file = path.join(jobDir, LOCK_FILE_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new TrainingFailure('bad_request', `job folder ${jobDir} is in use by training process ${owner}`);
      }
      rmSync(file, { force: true }); // stale: its owner died without releasing it
    }
  }
  throw new TrainingFailure('io_failed', `could not lock job folder ${jobDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: existence check only
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}

/**
 * acquireJobLock, waiting up to `waitMs` for a live owner to let go. The worker of an app that was
 * killed exits once it sees its parent gone, 1–2 s later on a loaded machine (measured in the
 * training e2e test): an app restarted and resumed within that time must wait for it, not fail with
 * "in use". A process exit has no event to wait on here (the owner is not our child), so it polls.
 */
export async function acquireJobLockWhenFree(jobDir: string, { waitMs = 10_000, pollMs = 50 } = {}): Promise<() => void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return acquireJobLock(jobDir);
    } catch (error) {
      const inUse = error instanceof TrainingFailure && error.code === 'bad_request';
      if (!inUse || Date.now() >= deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
