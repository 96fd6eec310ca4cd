// Test entry for worker-process.test.ts and parent-port.test.ts: a worker that talks only through
// parent-port.ts. It echoes what it is sent, reports an environment variable, leaves with an exit
// code on request, swaps its message listener, and exits with GONE_EXIT_CODE when its parent goes away.
import { leaveParent, onParentGone, onParentMessage, toParent } from '../parent-port';

/** The exit code that says "my parent went away" (distinct from any the tests ask for). */
export const GONE_EXIT_CODE = 42;

/** What the tests send. */
export type EchoRequest =
  | { type: 'echo'; value: unknown }
  | { type: 'env'; name: string }
  | { type: 'leave'; code: number }
  | { type: 'listen-again' }
  | { type: 'hang' };

onParentGone(() => process.exit(GONE_EXIT_CODE));

function answer(request: EchoRequest, echoType: 'echo' | 'echo-again'): void {
  if (request.type === 'echo') toParent({ type: echoType, value: request.value });
  if (request.type === 'env') toParent({ type: 'env', value: process.env[request.name] ?? null });
  if (request.type === 'leave') {
    // The goodbye goes out first; leaving must not count as the parent going away.
    toParent({ type: 'bye' }, () => {
      process.exitCode = request.code;
      leaveParent();
    });
  }
  // Keeps the process busy so that only a kill ends it.
  if (request.type === 'hang') setInterval(() => {}, 1000);
}

// 'listen-again' swaps the first listener for a second one that echoes as 'echo-again': an echo
// answered twice would show the first one was not removed.
const stopListening = onParentMessage((raw) => {
  const request = raw as EchoRequest;
  if (request.type !== 'listen-again') return answer(request, 'echo');
  stopListening();
  onParentMessage((next) => answer(next as EchoRequest, 'echo-again'));
  toParent({ type: 'listening-again' });
});

toParent({ type: 'ready', pid: process.pid });
