// Driver of the audio fuzzer: makes each case in the main thread and runs it in a worker thread it
// watches. A case is a hang when no answer comes within the time limit (the worker is terminated and
// replaced), a crash when the worker dies, and an over-allocation when its output breaks the bound in
// audio-target.ts or the process grows by more than the RSS limit while it runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { makeAudioCase, type AudioCase } from './audio-mutator';
import { loadSeeds, type SeedSet } from './audio-seeds';
import type { AudioCaseResult } from './audio-target';
import type { AudioWorkerRequest } from './audio-worker';
import { Tally } from './report';

export interface AudioFuzzOptions {
  cases: number;
  seed: number;
  /** Seeds to mutate (default loadSeeds()). */
  seeds?: SeedSet;
  /** A case running longer than this is a hang (default 10 s). */
  timeoutMs?: number;
  /** Seconds of a decoded input the prosody analysis looks at (default 2). */
  prosodySeconds?: number;
  /** Growth of the process's resident memory during one case that counts as over-allocation (default 1 GiB). */
  rssLimitBytes?: number;
  /** Folder where inputs with bad outcomes are written (default a folder under the OS temp dir). */
  saveFailuresTo?: string;
  onProgress?: (done: number, tally: Tally) => void;
}

export interface AudioFuzzResult {
  tally: Tally;
  seeds: string;
  /** Largest growth of resident memory seen during one case. */
  peakRssGrowthBytes: number;
}

type WorkerOutcome =
  | { kind: 'result'; result: AudioCaseResult }
  | { kind: 'hang'; ms: number }
  | { kind: 'crash'; why: string }
  | { kind: 'rss'; growth: number };

/** The fuzz worker, started through tsx's loader so it runs the TypeScript sources. */
function startWorker(): Worker {
  const entry = pathToFileURL(path.join(import.meta.dirname, 'audio-worker.ts')).href;
  const tsxApi = pathToFileURL(
    path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(bootstrap, { eval: true, stdout: true, stderr: true });
}

export class WatchedWorker {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private listener: ((message: unknown) => void) | undefined;
  private death: ((why: string) => void) | undefined;

  private async ensure(): Promise<Worker> {
    if (this.worker && this.ready) {
      await this.ready;
      return this.worker;
    }
    const worker = startWorker();
    this.worker = worker;
    // The codecs and the resampler may print; their words are not outcomes.
    worker.stdout.resume();
    worker.stderr.resume();
    this.ready = new Promise<void>((resolve, reject) => {
      const onReady = (message: { ready?: boolean }) => {
        if (message?.ready) {
          worker.off('message', onReady);
          resolve();
        }
      };
      worker.on('message', onReady);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`fuzz worker exited with ${code} while starting`)));
    });
    worker.on('message', (message) => this.listener?.(message));
    worker.on('error', (error) => this.death?.(`worker error: ${error.name}: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.ready = undefined;
      }
      this.death?.(`worker exited with code ${code}`);
    });
    await this.ready;
    return worker;
  }

  async run(request: AudioWorkerRequest, timeoutMs: number, rssLimitBytes: number): Promise<WorkerOutcome & { rssGrowth: number }> {
    const worker = await this.ensure();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const started = performance.now();
    const outcome = await new Promise<WorkerOutcome>((resolve) => {
      const finish = (value: WorkerOutcome) => {
        clearTimeout(timer);
        clearInterval(poll);
        this.listener = undefined;
        this.death = undefined;
        resolve(value);
      };
      const timer = setTimeout(() => finish({ kind: 'hang', ms: performance.now() - started }), timeoutMs);
      const poll = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage.rss());
        if (peak - baseline > rssLimitBytes) finish({ kind: 'rss', growth: peak - baseline });
      }, 20);
      this.listener = (message) => {
        const reply = message as { id?: number; result?: AudioCaseResult };
        if (reply.id === request.id && reply.result) finish({ kind: 'result', result: reply.result });
      };
      this.death = (why) => finish({ kind: 'crash', why });
      worker.postMessage(request, [request.bytes.buffer as ArrayBuffer]);
    });
    peak = Math.max(peak, process.memoryUsage.rss());
    if (outcome.kind !== 'result') await this.replace();
    return { ...outcome, rssGrowth: peak - baseline };
  }

  /** Ends a worker that hung, grew too big or died, so the next case gets a fresh one. */
  async replace(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) await worker.terminate().catch(() => undefined);
  }

  close(): Promise<void> {
    return this.replace();
  }
}

function inputNote(c: AudioCase): string {
  return `seed ${c.seed}; ${c.ops.join(' → ')}; ${c.bytes.length} bytes`;
}

export async function fuzzAudio(options: AudioFuzzOptions): Promise<AudioFuzzResult> {
  const seedSet = options.seeds ?? loadSeeds();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const prosodySeconds = options.prosodySeconds ?? 2;
  const rssLimitBytes = options.rssLimitBytes ?? 1024 ** 3;
  const tally = new Tally('audio', ['crash', 'hang', 'untyped', 'over-allocation']);
  const worker = new WatchedWorker();
  let peakRssGrowthBytes = 0;
  const save = (c: AudioCase, bytes: Uint8Array): string => {
    const dir = options.saveFailuresTo ?? path.join(tmpdir(), `et-fuzz-${options.seed}`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `audio-${c.index}.bin`);
    writeFileSync(file, bytes);
    return file;
  };
  try {
    for (let index = 0; index < options.cases; index++) {
      const c = makeAudioCase(seedSet.seeds, options.seed, index);
      const kept = c.bytes;
      const outcome = await worker.run({ id: index, bytes: c.bytes.slice(), prosodySeconds }, timeoutMs, rssLimitBytes); // a copy is transferred
      peakRssGrowthBytes = Math.max(peakRssGrowthBytes, outcome.rssGrowth);
      const label = `#${index} ${inputNote(c)}`;
      switch (outcome.kind) {
        case 'result': {
          const { outcome: o, ms } = outcome.result;
          tally.timing(ms, label);
          if (o.kind === 'ok') tally.record('ok', o.format);
          else if (o.kind === 'typed') tally.record('typed error', o.code);
          else {
            tally.record(o.kind, o.what.slice(0, 80));
            tally.fail({ index, outcome: o.kind, detail: o.what, input: `${inputNote(c)}; saved ${save(c, kept)}` });
          }
          break;
        }
        case 'hang':
          tally.record('hang', `> ${timeoutMs / 1000} s`);
          tally.fail({
            index,
            outcome: 'hang',
            detail: `no answer in ${(outcome.ms / 1000).toFixed(1)} s`,
            input: `${inputNote(c)}; saved ${save(c, kept)}`,
          });
          break;
        case 'crash':
          tally.record('crash', outcome.why.slice(0, 80));
          tally.fail({ index, outcome: 'crash', detail: outcome.why, input: `${inputNote(c)}; saved ${save(c, kept)}` });
          break;
        case 'rss':
          tally.record('over-allocation', 'resident memory');
          tally.fail({
            index,
            outcome: 'over-allocation',
            detail: `process grew by ${(outcome.growth / 1024 ** 2).toFixed(0)} MiB`,
            input: `${inputNote(c)}; saved ${save(c, kept)}`,
          });
          break;
      }
      options.onProgress?.(index + 1, tally);
    }
  } finally {
    await worker.close();
  }
  return { tally, seeds: seedSet.description, peakRssGrowthBytes };
}
