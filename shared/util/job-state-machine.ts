// The life cycle of a training job in the app (issue 13), as one explicit table so the service, the
// job page's buttons and the tests agree on it:
//   queued → running ⇄ paused → completed | cancelled | failed
//   running | paused → interrupted (the worker died, or the app was killed or closed) → queued (resume)
// A job is never silently restarted: an interrupted one waits for the user's resume.
import type { JobState } from '../types/training-jobs';

/** What happens to a job: the user's requests and the worker's reports. */
export type JobEvent =
  | 'start' // the queue gives it the worker
  | 'pause' // the worker checkpointed and waits
  | 'resume' // the user continues a paused job (same worker) or an interrupted one (queued again)
  | 'complete'
  | 'cancel'
  | 'fail'
  | 'interrupt'; // the worker is gone without a result (crash, kill -9, app closed)

const TRANSITIONS: Record<JobState, Partial<Record<JobEvent, JobState>>> = {
  queued: { start: 'running', cancel: 'cancelled', fail: 'failed' },
  running: { pause: 'paused', complete: 'completed', cancel: 'cancelled', fail: 'failed', interrupt: 'interrupted' },
  paused: { resume: 'running', complete: 'completed', cancel: 'cancelled', fail: 'failed', interrupt: 'interrupted' },
  interrupted: { resume: 'queued', cancel: 'cancelled' },
  completed: {},
  cancelled: {},
  failed: {},
};

/** The state after `event`, or null when the event does not apply in `state`. */
export function nextJobState(state: JobState, event: JobEvent): JobState | null {
  return TRANSITIONS[state][event] ?? null;
}

/** True when `event` applies in `state` (the job page enables its buttons with this). */
export function canApply(state: JobState, event: JobEvent): boolean {
  return nextJobState(state, event) !== null;
}

/** A job that will not change again. */
export function isFinished(state: JobState): boolean {
  return Object.keys(TRANSITIONS[state]).length === 0;
}

/** A job that holds (or waits for) the one training worker. */
export function holdsWorker(state: JobState): boolean {
  return state === 'running' || state === 'paused';
}
