// The worker side of the protocol: stamps sequence numbers on the job's messages, checks incoming
// requests, and exits once the job has ended and every message has left. The process entry is
// training-worker-entry.ts; tests can start their own entry with checkpoint hooks.
import type { TrainingWorkerMessage } from '../../../shared/types/training';
import { hasParent, onParentGone, onParentMessage, toParent } from '../../system/parent-port';
import type { CheckpointWriteHooks } from './checkpoint-store';
import { parseTrainingRequest } from './request-schema';
import { TrainingJob, type UnsequencedMessage } from './training-job';

/** Serves one training job over this process's channel to its parent (main/system/parent-port.ts). */
export function serveTrainingJobOverIpc(hooks: CheckpointWriteHooks = {}): void {
  if (!hasParent()) throw new Error('the training worker must be started as a worker process (main/system/worker-process.ts)');
  let seq = 0;
  let inFlight = 0;
  let ending = false;
  const maybeExit = () => {
    if (ending && inFlight === 0) process.exit(0);
  };
  const send = (message: UnsequencedMessage) => {
    seq += 1;
    inFlight += 1;
    toParent({ ...message, seq } as TrainingWorkerMessage, () => {
      inFlight -= 1;
      maybeExit();
    });
  };
  const job = new TrainingJob({ send, checkpointHooks: hooks });
  let started = false;
  onParentMessage((raw) => {
    const parsed = parseTrainingRequest(raw);
    if (!parsed.ok) {
      send({ type: 'error', error: { code: 'bad_request', message: parsed.message } });
      // A start that cannot be read ends the worker (the client's outcome is this error); once a job
      // runs, a stray bad request is only reported.
      if (!started) {
        ending = true;
        maybeExit();
      }
      return;
    }
    job.handle(parsed.request);
    if (parsed.request.type === 'start' && !started) {
      started = true;
      void job.finished.then(() => {
        ending = true;
        maybeExit();
      });
    }
  });
  // The owner is gone (crashed or killed): stop at once; the last checkpoint is the resume point.
  onParentGone(() => process.exit(0));
}
