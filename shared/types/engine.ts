/** onnxruntime-node execution providers the app knows how to ask for, in no particular order. */
export type ExecutionProviderName = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';

/** Outcome of trying one execution provider on the engine smoke graph. */
export interface ExecutionProviderReport {
  name: ExecutionProviderName;
  available: boolean;
  /** Why it is (un)available, in words a user can act on. */
  reason: string;
  /** Wall time of create + run when it worked (ms). */
  probeMs?: number;
}
