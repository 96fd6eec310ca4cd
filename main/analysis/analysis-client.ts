// Main-side client of the analysis workers: a small pool (limits.workers threads, started on demand),
// each given one request at a time, the rest waiting here — short requests (live estimates, decodes
// for the waveform) ahead of long ones. A request past its time or memory limit is stopped with its
// worker and fails with a typed code; a fresh worker takes the requests that were waiting, so
// nothing queued is lost and one hostile file holds up one worker, not every import (issue 14).
import type { UserCalibration } from '../../shared/types/calibration';
import type { ProsodyAnalysis, SpeakerGender } from '../../shared/types/prosody';
import type { RunSegment } from '../../shared/types/explanation-stream';
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import { AnalysisFailure } from './analysis-failure';
import type { DecodedClip } from './decoded-clips';
import {
  analysisLimits,
  formatDuration,
  formatMegabytes,
  requestTimeLimitMs,
  type AnalysisLimits,
  type DeadlineWork,
} from './analysis-limits';
import { AnalysisWorkerSlot, type SlotEnd } from './analysis-worker-slot';
import { ProcessMemoryWatch } from './process-memory-watch';
import type {
  MeasureResult,
  AnalysisRequest,
  AnalysisStage,
  AnalysisStopCode,
  AnalysisWorkerMessage,
  DecodeResult,
  EstimateResult,
  ExplainResult,
  ModelRef,
} from './worker-protocol';
import { describeError } from '../../shared/errors/coded-error';

export { AnalysisFailure } from './analysis-failure';
export type { AnalysisLimits } from './analysis-limits';

/** Progress callback of one request. */
export type ProgressListener = (stage: AnalysisStage, fraction: number) => void;

/** Streamed reasoning of an explain request: `attempt` > 0 means a retry started a new text. */
export type TokenListener = (token: { attempt: number; index: number; text: string; segment?: RunSegment }) => void;

type WorkerResult = MeasureResult | DecodeResult | ExplainResult | EstimateResult;

interface Listeners {
  onProgress?: ProgressListener;
  onToken?: TokenListener;
}

type UnsequencedRequest = AnalysisRequest extends infer R ? (R extends AnalysisRequest ? Omit<R, 'seq'> : never) : never;

interface Job extends Listeners {
  request: AnalysisRequest;
  /** What the request's time limit depends on; audioS is filled in once the worker has decoded. */
  work: DeadlineWork;
  /** The request in words, for failure messages: 'The analysis of "/path/clip.wav"'. */
  what: string;
  /** Whether it goes ahead of long requests in the queue (estimates, decodes). */
  short: boolean;
  /** When its worker started on it (performance.now()); undefined while the worker is starting. */
  startedAt?: number;
  resolve(result: WorkerResult): void;
  reject(error: AnalysisFailure): void;
}

type Slot = AnalysisWorkerSlot<Job>;

/** How long a worker stopped for a limit may take to stop itself before it is terminated (ms). */
const LIMIT_STOP_GRACE_MS = 1_000;

/** A worker whose memory report is older than this is stuck in synchronous code (ms). */
const STALE_REPORT_MS = 500;

export class AnalysisClient {
  private readonly limits: AnalysisLimits;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly memoryWatch: ProcessMemoryWatch;
  private seq = 0;
  private closing = false;
  /** Files the workers decoded, and the time it took (ms): what one import and explanation costs. */
  readonly stats = { decodes: 0, decodeMs: 0 };

  /** `limits` override DEFAULT_ANALYSIS_LIMITS (tests use short deadlines and small caps). */
  constructor(
    private readonly log: (line: string) => void = () => {},
    limits: Partial<AnalysisLimits> = {},
  ) {
    this.limits = analysisLimits(limits);
    this.memoryWatch = new ProcessMemoryWatch(
      this.limits.processGrowthBytes,
      (growth) => this.processOverLimit(growth),
      () => [...this.slots].some((slot) => !slot.ready),
    );
  }

  /** Decodes and measures a file's prosody in the worker (levels on the user's calibration when given). */
  measure(
    path: string,
    options: { gender?: SpeakerGender; calibration?: UserCalibration | null; onProgress?: ProgressListener; fileKey?: Uint8Array } = {},
  ): Promise<MeasureResult> {
    const request: UnsequencedRequest = {
      type: 'measure',
      path,
      ...(options.gender ? { gender: options.gender } : {}),
      ...(options.calibration ? { calibration: options.calibration } : {}),
      ...(options.fileKey ? { fileKey: options.fileKey } : {}),
    };
    const job = { work: { kind: 'measure', audioS: undefined }, what: `The analysis of "${path}"`, short: false } as const;
    return this.request(request, job, options.onProgress ? { onProgress: options.onProgress } : {}) as Promise<MeasureResult>;
  }

  /**
   * Runs an emotion model on a decoded recording whose prosody is measured, streaming its reasoning;
   * `name` says which in logs and failures, `calibration` as in analyzeClip. The samples are copied
   * to the worker: the caller keeps its clip.
   */
  explain(
    clip: { name: string; audio: DecodedClip; prosody: ProsodyAnalysis },
    model: ModelRef,
    options: { onToken?: TokenListener; calibration?: UserCalibration | null; span?: { startS: number; endS: number } } = {},
  ): Promise<ExplainResult> {
    const { name, audio, prosody } = clip;
    const { onToken, calibration, span } = options;
    const audioS = span ? span.endS - span.startS : audio.source.durationS;
    const job = { work: { kind: 'explain', audioS }, what: `The explanation of "${name}"`, short: false } as const;
    return this.request(
      {
        type: 'explain',
        name,
        audio,
        prosody,
        model,
        ...(calibration ? { calibration } : {}),
        ...(span ? { span } : {}),
      },
      job,
      onToken ? { onToken } : {},
    ) as Promise<ExplainResult>;
  }

  /** An emotion model's label probabilities for a few seconds of 16 kHz mono audio. */
  estimate(samples: Float32Array, model: ModelRef, calibration: UserCalibration | null = null): Promise<EstimateResult> {
    const audioS = samples.length / ANALYSIS_SAMPLE_RATE;
    const job = { work: { kind: 'estimate', audioS }, what: `The live estimate on ${audioS.toFixed(1)} s of audio`, short: true } as const;
    return this.request({ type: 'estimate', samples, model, ...(calibration ? { calibration } : {}) }, job) as Promise<EstimateResult>;
  }

  /** Decodes a file to 16 kHz mono in the worker; `fileKey`: the key of an encrypted library's stored recordings. */
  decode(path: string, fileKey?: Uint8Array): Promise<DecodeResult> {
    const job = { work: { kind: 'decode', audioS: undefined }, what: `Decoding "${path}"`, short: true } as const;
    return this.request({ type: 'decode', path, ...(fileKey ? { fileKey } : {}) }, job) as Promise<DecodeResult>;
  }

  /**
   * Stops every worker; running and waiting requests fail with worker_exited, and so does any request
   * made until the workers have stopped: one answering those failures (the explanation queue moving
   * on) must not start a worker that the process's exit would stop mid-way through loading a model
   * (issue 14). The client serves requests again afterwards.
   */
  async close(): Promise<void> {
    this.closing = true;
    const slots = [...this.slots];
    const waiting = this.queue.splice(0);
    this.slots.clear();
    this.memoryWatch.stop();
    const closed = (job: Job) =>
      job.reject(new AnalysisFailure('worker_exited', `${job.what} was stopped: the analysis workers were closed.`));
    for (const slot of slots) if (slot.job) closed(slot.job);
    for (const job of waiting) closed(job);
    await Promise.all(slots.map((slot) => slot.stop()));
    this.closing = false;
  }

  private request(
    request: UnsequencedRequest,
    job: Pick<Job, 'work' | 'what' | 'short'>,
    listeners: Listeners = {},
  ): Promise<WorkerResult> {
    if (this.closing)
      return Promise.reject(new AnalysisFailure('worker_exited', `${job.what} was not started: the analysis workers are closing.`));
    return new Promise((resolve, reject) => {
      const queued: Job = {
        ...job,
        work: { ...job.work },
        ...listeners,
        request: { ...request, seq: ++this.seq } as AnalysisRequest,
        resolve,
        reject,
      };
      // Short requests go after the other short ones but ahead of every long one.
      const at = queued.short ? this.queue.findIndex((waiting) => !waiting.short) : -1;
      if (at < 0) this.queue.push(queued);
      else this.queue.splice(at, 0, queued);
      this.dispatch();
    });
  }

  /** Gives waiting requests to idle workers, starting workers up to the pool's size. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const job = this.queue[0]!;
      const slot = this.idleSlot(job) ?? (this.slots.size < this.limits.workers ? this.startSlot() : undefined);
      if (!slot) return;
      this.queue.shift();
      this.run(slot, job);
    }
  }

  /** An idle worker, preferring one with the request's model loaded (no second copy of its sessions). */
  private idleSlot(job: Job): Slot | undefined {
    const idle = [...this.slots].filter((slot) => !slot.job);
    const model = 'model' in job.request ? job.request.model.dir : undefined;
    return (model !== undefined ? idle.find((slot) => slot.models.has(model)) : undefined) ?? idle[0];
  }

  private startSlot(): Slot {
    const slot: Slot = new AnalysisWorkerSlot<Job>(this.limits.workerHeapMb, {
      message: (from, message) => this.receive(from, message),
      ended: (from, end) => this.workerEnded(from, end),
    });
    this.slots.add(slot);
    return slot;
  }

  private run(slot: Slot, job: Job): void {
    slot.job = job;
    slot.lastMemory = { bytes: 0, at: performance.now() };
    if ('model' in job.request) slot.models.add(job.request.model.dir);
    try {
      slot.post(job.request);
    } catch (error) {
      // A request that cannot be copied to the thread (structured clone) fails alone.
      slot.release();
      job.reject(new AnalysisFailure('bad_request', `${job.what} could not be sent to the analysis worker: ${describeError(error)}`));
      return;
    }
    this.memoryWatch.start();
    if (slot.ready) this.startClock(slot);
    else {
      // Module loading is not the request's time; a worker that never gets ready still must not hang it.
      const limit = this.limits.startupMs;
      slot.timer = setTimeout(
        () =>
          void this.stopSlot(
            slot,
            'worker_exited',
            `${job.what} could not start: the analysis worker was not ready within ${formatDuration(limit)}.`,
          ),
        limit,
      ).unref();
    }
  }

  /** Starts (or, once the decoded length is known, resets) the running request's time limit. */
  private startClock(slot: Slot): void {
    const job = slot.job;
    if (!job) return;
    job.startedAt ??= performance.now();
    const limit = requestTimeLimitMs(this.limits, job.work);
    slot.clearTimer();
    const left = Math.max(0, job.startedAt + limit - performance.now());
    slot.timer = setTimeout(
      () =>
        void this.stopSlot(
          slot,
          'analysis_timeout',
          `${job.what} did not finish within its time limit of ${formatDuration(limit)}; it was stopped.`,
        ),
      left,
    ).unref();
  }

  private receive(slot: Slot, message: AnalysisWorkerMessage): void {
    if (message.type === 'ready') {
      slot.ready = true;
      slot.lastMemory.at = performance.now();
      this.startClock(slot);
      return;
    }
    if (message.type === 'log') {
      this.log(`analysis: ${message.message}`);
      return;
    }
    const job = slot.job;
    if (!job || job.request.seq !== message.seq) return;
    switch (message.type) {
      case 'progress':
        return job.onProgress?.(message.stage, message.fraction);
      case 'token':
        return job.onToken?.({
          attempt: message.attempt,
          index: message.index,
          text: message.text,
          ...(message.segment ? { segment: message.segment } : {}),
        });
      case 'decoded':
        this.stats.decodes += 1;
        this.stats.decodeMs += message.decodeMs;
        job.work.audioS = message.durationS;
        return this.startClock(slot);
      case 'memory':
        slot.lastMemory = { bytes: message.externalBytes, at: performance.now() };
        if (message.externalBytes > this.limits.workerMemoryBytes) {
          void this.stopSlot(
            slot,
            'analysis_memory',
            `${job.what} used ${formatMegabytes(message.externalBytes)} of memory, over its limit of ${formatMegabytes(this.limits.workerMemoryBytes)}; it was stopped.`,
          );
        }
        return;
      case 'result':
      case 'error':
        this.settle(slot);
        if (message.type === 'result') job.resolve(message.result);
        else job.reject(new AnalysisFailure(message.code, message.message));
        this.dispatch();
    }
  }

  /** The slot's request is done: the worker goes back to the pool (the watch stops when all are idle). */
  private settle(slot: Slot): void {
    slot.release();
    if (![...this.slots].some((each) => each.job)) this.memoryWatch.stop();
  }

  /** Stops a worker and fails its request with `code`; the requests waiting go to a fresh worker. */
  private stopSlot(slot: Slot, code: AnalysisStopCode, message: string): Promise<void> {
    const job = slot.job;
    this.slots.delete(slot);
    // A request over its limit must not hold its memory for long: a shorter grace than at shutdown.
    const stopped = slot.stop(LIMIT_STOP_GRACE_MS);
    this.settle(slot);
    this.log(`analysis: ${message}`);
    job?.reject(new AnalysisFailure(code, message));
    this.dispatch();
    return stopped;
  }

  private workerEnded(slot: Slot, end: SlotEnd): void {
    const job = slot.job;
    this.slots.delete(slot);
    this.settle(slot);
    const message = job ? `${job.what} failed: ${end.message}.` : `An idle analysis worker ended: ${end.message}.`;
    this.log(`analysis: ${message}`);
    job?.reject(new AnalysisFailure(end.code, message));
    this.dispatch();
  }

  /**
   * The process grew past processGrowthBytes. The worker to stop is the one whose memory report is
   * stalest — stuck in synchronous code, it is the one that can allocate without telling — else the
   * one holding the most; only running workers are candidates.
   */
  private processOverLimit(growthBytes: number): Promise<void> {
    const busy = [...this.slots].filter((slot) => slot.job);
    if (busy.length === 0) return Promise.resolve();
    const now = performance.now();
    const stale = busy.filter((slot) => now - slot.lastMemory.at > STALE_REPORT_MS).sort((a, b) => a.lastMemory.at - b.lastMemory.at);
    const culprit = stale[0] ?? busy.reduce((most, slot) => (slot.lastMemory.bytes > most.lastMemory.bytes ? slot : most));
    const what = culprit.job!.what;
    const limit = formatMegabytes(this.limits.processGrowthBytes);
    return this.stopSlot(
      culprit,
      'analysis_memory',
      `${what} made the app's memory grow by ${formatMegabytes(growthBytes)}, over the limit of ${limit}; it was stopped.`,
    );
  }
}
