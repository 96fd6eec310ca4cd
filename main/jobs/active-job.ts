// The one job holding the training worker (issue 16: split out of training-job-service.ts): its
// handle, the worker's latest step time and ETA, and the running time not yet banked in job.json.
import type { JobRecord } from './job-record';
import type { TrainingJobHandle } from '../ml/training/training-job-client';

export class ActiveJob {
  /** When the running time was last banked; null while the job is paused. */
  runningSince: number | null = Date.now();
  etaMs: number | null = null;
  stepMs: number | null = null;
  /** Why the service itself is stopping the worker: to restart it with new settings, or for app close. */
  stopping: 'restart' | 'close' | null = null;

  constructor(
    readonly id: string,
    readonly handle: TrainingJobHandle,
  ) {}

  /** Adds the running time since the last banking to the record. */
  bank(record: JobRecord): void {
    if (this.runningSince === null) return;
    const now = Date.now();
    record.elapsedMs += now - this.runningSince;
    this.runningSince = now;
  }

  /** The live part of the job's summary: running time since the last banking and the worker's ETA. */
  live(): { runningMs: number; etaMs: number | null } {
    return { runningMs: this.runningSince ? Date.now() - this.runningSince : 0, etaMs: this.etaMs };
  }
}
