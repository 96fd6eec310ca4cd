// The child side of worker-process.ts: how a worker process talks to the process that started it.
// Under a utility process (the packaged Electron app) that is process.parentPort; under
// child_process.fork (the browser host, tests) it is process.send and the 'message' and
// 'disconnect' events. Workers use only these functions, so they run the same under both.
//
// The parentPort half cannot run in the unit tests (no Electron binary); it is the mirror image of
// the child_process half, which they do run.

/** The environment variable carrying the parent's pid to a utility process (it has no 'disconnect'). */
export const PARENT_PID_ENV = 'EMOTIONTHINKER_WORKER_PARENT_PID';

/** How often a utility process checks that its parent is still there. */
const PARENT_WATCH_MS = 1000;

/** The part of Electron's ParentPort used here (only main/electron/ may import electron's types). */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

function parentPort(): ParentPort | undefined {
  return (process as { parentPort?: ParentPort }).parentPort;
}

let leaving = false;

/** Whether this process was started with a channel to a parent. */
export function hasParent(): boolean {
  return parentPort() !== undefined || typeof process.send === 'function';
}

/**
 * Sends a message to the parent. `onSent` runs once it was handed to the channel, or could not be
 * because the parent is gone; a worker exits from there so that its last message is not cut off.
 */
export function toParent(message: unknown, onSent?: () => void): void {
  const port = parentPort();
  if (port) {
    // postMessage hands the message to Chromium's pipe at once; it has no completion callback.
    port.postMessage(message);
    if (onSent) setImmediate(onSent);
  } else if (process.connected && process.send) {
    // With a callback a failed send (EPIPE: the parent just died) is reported there, not thrown.
    process.send(message, undefined, {}, () => onSent?.());
  } else if (onSent) {
    setImmediate(onSent);
  }
}

/** Every message from the parent, in order; returns the unsubscribe function. */
export function onParentMessage(listener: (message: unknown) => void): () => void {
  const port = parentPort();
  if (port) {
    const unwrap = (event: { data: unknown }) => listener(event.data);
    port.on('message', unwrap);
    return () => void port.off('message', unwrap);
  }
  process.on('message', listener);
  return () => void process.off('message', listener);
}

/** Runs once when the parent went away (closed the channel, exited or was killed), not when this side leaves. */
export function onParentGone(listener: () => void): void {
  if (!parentPort()) {
    process.once('disconnect', () => {
      if (!leaving) listener();
    });
    return;
  }
  const parentPid = Number(process.env[PARENT_PID_ENV]);
  if (!Number.isInteger(parentPid) || parentPid <= 0) return;
  const watch = setInterval(() => {
    if (leaving || isAlive(parentPid)) return;
    clearInterval(watch);
    listener();
  }, PARENT_WATCH_MS);
  watch.unref();
}

/**
 * Ends the conversation with the parent; the process then ends. Under child_process it closes the
 * channel and exits once idle. A utility process does not end when idle (electron/electron#47228),
 * so it exits (with process.exitCode, 0 unless set).
 */
export function leaveParent(): void {
  leaving = true;
  if (parentPort()) process.exit();
  else if (process.connected) process.disconnect();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — a reused pid cannot be told apart; count it alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
