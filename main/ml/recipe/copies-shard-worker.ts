// One shard of the recipe's augmented copies in a child process: augmentation (SoX, ffmpeg) and the
// prosody analysis of each copy are single-threaded, so the recipe runs two shards at once, one per
// core (recipe-copies.ts starts them through main/system/worker-process.ts). The shard's copies are
// written to `<outFile>.tmp` and renamed when complete, so a finished shard file is a whole one.
import { renameSync } from 'node:fs';
import { leaveParent, onParentGone, onParentMessage, toParent } from '../../system/parent-port';
import { makeAugmentedCopies, writeCopies, type CopiesPhase, type CopySource } from './augmented-copies';
import { describeError } from '../../../shared/errors/coded-error';

/** What one shard makes: the copies of every count-th source from index. */
export interface CopiesShardJob {
  sources: CopySource[];
  dir: string;
  copies: number;
  seed: number;
  shard: [number, number];
  outFile: string;
}

export type CopiesShardMessage =
  | { type: 'progress'; done: number; total: number; phase: CopiesPhase }
  | { type: 'result'; copies: number }
  | { type: 'error'; message: string };

export async function runCopiesShard(job: CopiesShardJob, send: (message: CopiesShardMessage) => void): Promise<number> {
  const copies = await makeAugmentedCopies(job.sources, {
    copies: job.copies,
    dir: job.dir,
    seed: job.seed,
    shard: job.shard,
    onProgress: (done, total, phase) => send({ type: 'progress', done, total, phase }),
  });
  writeCopies(`${job.outFile}.tmp`, copies);
  renameSync(`${job.outFile}.tmp`, job.outFile);
  return copies.length;
}

/** Serves one shard over the channel to its parent, then exits. */
export function serveCopiesShardOverIpc(): void {
  onParentGone(() => process.exit(0));
  const stopListening = onParentMessage((raw) => {
    stopListening();
    const request = raw as { type?: string; job?: CopiesShardJob };
    const last = (message: CopiesShardMessage) => toParent(message, leaveParent);
    if (request.type !== 'start' || !request.job) {
      last({ type: 'error', message: 'The copies worker expected a start message.' });
      return;
    }
    runCopiesShard(request.job, (m) => toParent(m)).then(
      (copies) => last({ type: 'result', copies }),
      (error: unknown) => last({ type: 'error', message: describeError(error) }),
    );
  });
}
