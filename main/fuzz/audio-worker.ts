// Worker-thread entry of the audio fuzzer: runs cases one at a time, as the analysis worker runs
// imports. The driver watches it from the main thread, so a case that never returns (a hang), kills
// the thread (a crash) or balloons the process (over-allocation) is seen and the worker replaced.
import { parentPort } from 'node:worker_threads';
import { runAudioCase } from './audio-target';

export interface AudioWorkerRequest {
  id: number;
  bytes: Uint8Array;
  prosodySeconds: number;
  /** Misbehave instead of running the case, so the tests can show the driver sees each failure. */
  selfTest?: 'hang' | 'crash' | 'allocate';
}

function misbehave(kind: NonNullable<AudioWorkerRequest['selfTest']>): void {
  if (kind === 'hang') for (;;);
  if (kind === 'crash') setImmediate(() => Promise.reject(new Error('self-test: an unhandled rejection')));
  if (kind === 'allocate') {
    const hold: Uint8Array[] = [];
    for (let i = 0; i < 16; i++) hold.push(new Uint8Array(64 * 1024 ** 2).fill(1)); // 1 GiB, touched
    port?.postMessage({ held: hold.length });
  }
}

const port = parentPort;
if (port) {
  // A rejection nobody handles is a crash of the case, whatever --unhandled-rejections the parent
  // runs with (vitest's workers don't throw on them): rethrown, it ends the thread with an 'error'.
  process.on('unhandledRejection', (reason) => {
    throw reason;
  });
  port.on('message', (request: AudioWorkerRequest) => {
    if (request.selfTest) return misbehave(request.selfTest);
    runAudioCase(request.bytes, request.prosodySeconds).then(
      (result) => port.postMessage({ id: request.id, result }),
      (error: unknown) =>
        port.postMessage({
          id: request.id,
          result: { outcome: { kind: 'untyped', what: `target failed: ${String(error)}` }, decodedSamples: 0, ms: 0 },
        }),
    );
  });
  port.postMessage({ ready: true });
}
