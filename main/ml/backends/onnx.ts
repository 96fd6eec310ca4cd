// The only module in the app that imports onnxruntime-node (like transformers.js's backends/onnx.js):
// everything else asks this one for sessions and tensors, so the runtime can be swapped or upgraded in
// one place and the execution-provider policy lives in one place.
import * as ort from 'onnxruntime-node';
import { CodedError, describeError } from '../../../shared/errors/coded-error';
import type { ExecutionProviderName, ExecutionProviderReport } from '../../../shared/types/engine';

// ORT's native logger writes provider-loading failures (expected on machines without a GPU) straight
// to stderr; the app reports them itself, in words, on the System page.
ort.env.logLevel = 'fatal';

// onnxruntime-node ships with Microsoft's telemetry on: the first session starts it, it writes a
// device id and an event database under ~/.cache/Microsoft/DeveloperTools/.onnxruntime/ and looks
// up a vendor events host (issue 14). The node binding has no DisableTelemetryEvents(); the native
// runtime reads ORT_DISABLE_TELEMETRY when its environment is created, which happens at the first
// InferenceSession.create — after this module has run, since every session is made here. Node's
// process.env writes through to the C environment the native code reads.
process.env.ORT_DISABLE_TELEMETRY = '1';

/** Whether ONNX Runtime's telemetry is switched off for this process (it is, as soon as this module loads). */
export function onnxTelemetryDisabled(): boolean {
  return process.env.ORT_DISABLE_TELEMETRY === '1';
}

export { ort };
export type OrtSession = ort.InferenceSession;

/** A native call asked for after quiesceOnnxRuntime(): the thread is being stopped. */
export class OnnxRuntimeStoppingError extends CodedError<'runtime_stopping'> {}

// A worker thread stopped (worker.terminate(), or the process exiting) while one of ORT's
// asynchronous native calls — InferenceSession.create, run, release — is in flight takes the whole
// process down: the binding's completion throws Napi::Error into the torn-down environment
// ("terminate called after throwing an instance of 'Napi::Error'", issue 14; an idle session is
// safe). Every such call in this thread is therefore counted here, and a thread about to be stopped
// calls quiesceOnnxRuntime() and waits for it.
let nativeCallsInFlight = 0;
let stopping = false;
const whenSettled: (() => void)[] = [];

/** `cleanup`: a release, still allowed while stopping (a stopping thread frees its sessions). */
function nativeCall<T>(call: () => Promise<T>, cleanup = false): Promise<T> {
  if (stopping && !cleanup)
    return Promise.reject(new OnnxRuntimeStoppingError('runtime_stopping', 'The model runtime is stopping: no new model work is started.'));
  nativeCallsInFlight += 1;
  const settle = () => {
    nativeCallsInFlight -= 1;
    if (nativeCallsInFlight === 0) for (const done of whenSettled.splice(0)) done();
  };
  return call().finally(settle);
}

/**
 * Refuses new session creations and runs in this thread (they reject with OnnxRuntimeStoppingError)
 * and resolves once those in flight have returned: then release the sessions, and the thread can be
 * stopped.
 */
export function quiesceOnnxRuntime(): Promise<void> {
  stopping = true;
  return nativeCallsInFlight === 0 ? Promise.resolve() : new Promise((resolve) => whenSettled.push(resolve));
}

export type OrtTensor = ort.Tensor;
export const Tensor = ort.Tensor;

/** GPU providers in the order the design card prefers them; CPU is always the fallback. */
export const PROVIDER_PREFERENCE: readonly ExecutionProviderName[] = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

export interface SessionOptions {
  executionProviders?: ExecutionProviderName[];
  /** Intra-op threads; the design card measured 2 threads on a 2-core CPU as the sweet spot. */
  intraOpNumThreads?: number;
  /** Keep graph optimisation on unless a parity test needs the graph exactly as exported. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

export function onnxRuntimeVersion(): string {
  return ort.env.versions.node ?? ort.env.versions.common;
}

/** Backends compiled into (or installable for) this onnxruntime-node build. */
export function listBackends(): { name: string; bundled: boolean }[] {
  return ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled }));
}

export async function createSession(model: string | Uint8Array, options: SessionOptions = {}): Promise<OrtSession> {
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: options.executionProviders ?? ['cpu'],
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
    logSeverityLevel: 3,
  };
  if (options.intraOpNumThreads !== undefined) sessionOptions.intraOpNumThreads = options.intraOpNumThreads;
  const session = await nativeCall(() =>
    typeof model === 'string' ? ort.InferenceSession.create(model, sessionOptions) : ort.InferenceSession.create(model, sessionOptions),
  );
  const run = session.run.bind(session);
  const release = session.release.bind(session);
  session.run = ((...args: Parameters<typeof run>) => nativeCall(() => run(...args))) as typeof session.run;
  session.release = () => nativeCall(release, true);
  return session;
}

/**
 * Tries every provider of PROVIDER_PREFERENCE on a small graph and reports which work and why the
 * others don't. A provider "works" only when a session is created *and* a run returns, because some
 * (WebGPU without an adapter, CUDA without its libraries) fail at session creation, others at run time.
 */
export async function probeExecutionProviders(
  smokeModelPath: string,
  smokeFeeds: () => Record<string, ort.Tensor>,
): Promise<ExecutionProviderReport[]> {
  const backends = new Map(listBackends().map((b) => [b.name, b]));
  const reports: ExecutionProviderReport[] = [];
  for (const name of PROVIDER_PREFERENCE) {
    if (!backends.has(name)) {
      reports.push({ name, available: false, reason: `not built into onnxruntime-node for ${process.platform}/${process.arch}` });
      continue;
    }
    const started = performance.now();
    try {
      const session = await createSession(smokeModelPath, { executionProviders: [name] });
      await session.run(smokeFeeds());
      await session.release();
      reports.push({ name, available: true, reason: 'smoke graph ran', probeMs: performance.now() - started });
    } catch (error) {
      reports.push({ name, available: false, reason: explainProviderFailure(name, firstLine(error)) });
    }
  }
  return reports;
}

/** Turns ORT's low-level provider errors into reasons a user can act on (the raw text is kept after a colon). */
export function explainProviderFailure(name: ExecutionProviderName, raw: string): string {
  if (name === 'cuda' && /Failed to load (shared )?library/i.test(raw)) {
    return 'CUDA libraries not installed (onnxruntime-node fetches them at install time where the network allows; needs an NVIDIA GPU and driver)';
  }
  if (name === 'webgpu' && /adapter/i.test(raw)) {
    return 'no WebGPU adapter found (needs a GPU reachable through Vulkan, D3D12 or Metal)';
  }
  if (name === 'dml' && /Failed to load|not supported/i.test(raw)) return `DirectML unavailable: ${raw}`;
  return raw;
}

function firstLine(error: unknown): string {
  const text = describeError(error);
  // ORT prefixes messages with long source paths; the part after the last ':' of the first line is the reason.
  const line = text.split('\n')[0] ?? text;
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}
