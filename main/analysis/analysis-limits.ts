// How long and how much memory one analysis-worker request may take, and how many workers run side by
// side (issue 14: one hostile file held the single worker for 30 s and 6 GB while every other import
// waited). A request past its time is stopped with 'analysis_timeout', one past its memory with
// 'analysis_memory'; either way its worker is replaced and the requests queued behind it carry on.
import { DEFAULT_MAX_DURATION_S } from '../audio';

export interface AnalysisLimits {
  /** Workers side by side: a slow request holds one, the others keep serving (2 on a 2-core machine). */
  workers: number;
  /** Time every request gets before any per-second allowance (ms): startup of the model, JIT, a busy CPU. */
  floorMs: number;
  /**
   * Decoding allowance per second of audio (ms). Until a file is decoded its length is unknown, so
   * the allowance is for the longest clip the decoder accepts (30 min).
   */
  decodeMsPerAudioSecond: number;
  /** Measuring or explaining allowance per second of audio (ms), once the length is known. */
  analyzeMsPerAudioSecond: number;
  /** Time a fresh worker has to load its modules and say it is ready (ms); the request clock starts then. */
  startupMs: number;
  /**
   * External memory (ArrayBuffers, typed arrays, WebAssembly memories) one worker may hold, in bytes,
   * as the worker itself reports it: `process.memoryUsage().external` is per thread, so it names the
   * request that allocated it. worker_threads' resourceLimits cannot cap it (only the JS heap).
   */
  workerMemoryBytes: number;
  /** JS heap of one worker (MB), enforced by V8 through resourceLimits. */
  workerHeapMb: number;
  /**
   * Growth of the whole process's resident memory while requests run, in bytes: the backstop for
   * what no worker can report — native allocations, or a worker stuck in synchronous code that
   * allocates while it cannot send a report. By default every worker's two caps plus 512 MB (model
   * sessions, code loaded on first use).
   */
  processGrowthBytes: number;
}

const MB = 1024 ** 2;

/**
 * Defaults sized on the 2-core development machine: measuring took 30 ms per second of audio when
 * idle and 90 ms with two training runs on the cores (20 min of audio in 106 s), decoding a WAV
 * ~1.3 ms per second (lossy codecs several times that); the allowances leave twice the worst of
 * those. Decoded audio is 64 KB per second at 16 kHz (115 MB for 30 min); the prosody passes hold
 * a few copies of it.
 */
export const DEFAULT_ANALYSIS_LIMITS: Omit<AnalysisLimits, 'processGrowthBytes'> = {
  workers: 2,
  floorMs: 30_000,
  decodeMsPerAudioSecond: 25,
  analyzeMsPerAudioSecond: 200,
  startupMs: 60_000,
  workerMemoryBytes: 1024 * MB,
  workerHeapMb: 1024,
};

/** The defaults with `overrides` applied; bad values are a programming error, so they throw. */
export function analysisLimits(overrides: Partial<AnalysisLimits> = {}): AnalysisLimits {
  const sized = { ...DEFAULT_ANALYSIS_LIMITS, ...overrides };
  const limits = {
    ...sized,
    processGrowthBytes: overrides.processGrowthBytes ?? sized.workers * (sized.workerMemoryBytes + sized.workerHeapMb * MB) + 512 * MB,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Analysis limit ${name} must be a finite number ≥ 0 (got ${value}).`);
  }
  if (!Number.isInteger(limits.workers) || limits.workers < 1)
    throw new RangeError(`Analysis limit workers must be a whole number ≥ 1 (got ${limits.workers}).`);
  return limits;
}

/** What a request's time limit depends on: its kind and, once known, the seconds of audio it covers. */
export type DeadlineWork = { kind: 'decode' | 'measure' | 'explain'; audioS: number | undefined } | { kind: 'estimate'; audioS: number };

/** The time limit of a request (ms, from the moment its worker starts on it). */
export function requestTimeLimitMs(limits: AnalysisLimits, work: DeadlineWork): number {
  const knownS = work.audioS;
  const decodeS = knownS ?? DEFAULT_MAX_DURATION_S;
  switch (work.kind) {
    case 'decode':
      return limits.floorMs + limits.decodeMsPerAudioSecond * decodeS;
    case 'measure':
    case 'explain':
      // Until the decoded length is known the request may be decoding the longest clip allowed.
      return limits.floorMs + limits.decodeMsPerAudioSecond * decodeS + limits.analyzeMsPerAudioSecond * (knownS ?? 0);
    case 'estimate':
      return limits.floorMs + limits.analyzeMsPerAudioSecond * work.audioS;
  }
}

/** "31.5 s" / "2.0 min": a limit as the user reads it. */
export function formatDuration(ms: number): string {
  return ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`;
}

/** "1,024 MB": memory as the user reads it. */
export function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / MB).toLocaleString('en-US')} MB`;
}
