// The EmotionCoT builds of the Datasets area: each runs in its own child process (cot-build-client.ts)
// with progress (≤ 10 Hz), cancel and resume; its outcome — done, failed, cancelled, or interrupted
// when the app closes — is recorded in the dataset's build row. The service above decides what to
// build; this module owns the running builds.
import path from 'node:path';
import type { DatasetSplit, SkippedItem } from '../../shared/types/dataset';
import type { DatasetProgress } from '../../shared/types/datasets';
import { AppError } from '../../shared/errors/app-error';
import { describeError } from '../../shared/errors/coded-error';
import type { EventBus } from '../ipc/event-bus';
import type { DatasetRepository, StoredBuild, StoredDataset } from '../store/dataset-repository';
import { makePrivateDir } from '../store/private-files';
import type { BuiltRecords } from './built-records';
import { startCotBuild, type CotBuildHandle, type CotBuildOutcome } from './cot-build-client';
import { COT_FILE, type CotBuildMessage } from './cot-build-protocol';
import { countDataset } from './dataset-counts';

/** What a running build's progress reports update. */
interface BuildProgressState {
  started: number;
  progress: DatasetProgress;
  lastEmit: number;
  /** Why it is being stopped: the user or a delete (cancelled), or the app closing (interrupted). */
  stopping: 'cancel' | 'close' | null;
}

interface RunningBuild {
  state: BuildProgressState;
  handle: CotBuildHandle;
  /** Settles once the outcome is recorded. */
  finished: Promise<void>;
}

/** Progress events of one build at most every 100 ms (≤ 10 Hz), phase changes always. */
const PROGRESS_INTERVAL_MS = 100;
const LABEL_SKIPS = new Set(['unknown_label', 'excluded_label']);

export interface CotBuildsOptions {
  repo: DatasetRepository;
  built: BuiltRecords;
  events: EventBus;
  log: (line: string) => void;
  /** Build worker entry (tests may point at the TypeScript source); defaults to the bundled sibling. */
  buildEntry?: string;
  datasetDir: (id: string) => string;
  /** Tells the page a dataset changed (datasets.changed). */
  changed: (id: string) => void;
}

export class CotBuilds {
  private readonly running = new Map<string, RunningBuild>();

  constructor(private readonly options: CotBuildsOptions) {}

  /** Starts (or resumes) the build of `dataset`; returns how many clips it builds. The outcome arrives as datasets.changed. */
  start(dataset: StoredDataset): number {
    const id = dataset.id;
    if (this.running.has(id)) throw new AppError('conflict', 'The EmotionCoT build of this dataset is already running.');
    const items = this.options.repo.items(id);
    const splits = this.options.repo.splits(id);
    const { mapped } = countDataset(items, dataset.labelMapping, splits);
    if (mapped.items.length === 0) throw new AppError('nothing_to_build', `No clip of "${dataset.name}" has a label under its mapping.`);
    // The builder gets the stored held-out speakers (those with a mapped clip), so its cue profile is
    // learnt from the same training speakers the per-split files use.
    const speakers = new Set(mapped.items.map((i) => i.speaker));
    const held = (split: DatasetSplit) => [...splits].filter(([s, own]) => own === split && speakers.has(s)).map(([s]) => s);
    const outDir = this.options.datasetDir(id);
    makePrivateDir(outDir);
    const previous = this.options.repo.build(id);
    const startedAt = new Date().toISOString();
    this.options.repo.saveBuild(id, {
      status: 'running',
      labelMapping: dataset.labelMapping,
      records: previous?.records ?? 0,
      total: mapped.items.length,
      splits: previous?.splits ?? { train: 0, validation: 0, test: 0 },
      failures: [],
      error: null,
      startedAt,
      finishedAt: null,
    });
    const started = performance.now();
    const progress: DatasetProgress = {
      datasetId: id,
      job: 'build',
      phase: 'import',
      done: 0,
      total: mapped.items.length,
      cached: 0,
      failed: 0,
      resumed: 0,
      elapsedMs: 0,
    };
    const state: BuildProgressState = { started, progress, lastEmit: 0, stopping: null };
    const handle = startCotBuild(
      {
        folder: dataset.folder,
        format: dataset.format,
        labelMapping: dataset.labelMapping,
        seed: dataset.seed,
        validationSpeakers: held('validation'),
        testSpeakers: held('test'),
        outDir,
        splitOf: Object.fromEntries(splits),
      },
      (p) => this.onProgress(state, p),
      ...(this.options.buildEntry ? [this.options.buildEntry] : []),
    );
    const itemPaths = items.map((i) => i.audioPath);
    const finished = handle.done.then((outcome) => {
      try {
        this.finish(id, state, outcome, itemPaths);
      } catch (error) {
        // Recording the outcome failed (the database closed under it): the next start reads 'interrupted'.
        this.options.log(`datasets: the outcome of the build of ${id} was not recorded: ${describeError(error)}`);
      }
    });
    this.running.set(id, { state, handle, finished });
    this.options.log(`datasets: EmotionCoT build of ${dataset.name} started (${mapped.items.length} clips)`);
    return mapped.items.length;
  }

  /** Stops a running build and waits until its outcome is recorded; the files it wrote stay, and the next build resumes from them. */
  async cancel(id: string): Promise<void> {
    if (!this.running.has(id)) throw new AppError('conflict', 'No EmotionCoT build of this dataset is running.');
    await this.stop(id, 'cancel');
  }

  /** Stops the build of `id` if one runs: 'cancel' (the user, a delete) records it cancelled, 'close' interrupted. */
  async stop(id: string, why: 'cancel' | 'close'): Promise<void> {
    const entry = this.running.get(id);
    if (!entry) return;
    entry.state.stopping = why;
    entry.handle.cancel();
    await entry.finished;
  }

  /** The app is closing: every running build stops, recorded as interrupted (building again resumes it). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stop(id, 'close')));
  }

  /** Resolves when the running build of `id` (if any) has ended and been recorded. */
  async whenBuilt(id: string): Promise<void> {
    await this.running.get(id)?.finished;
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** The running build's progress; null when none runs. */
  progress(id: string): DatasetProgress | null {
    return this.running.get(id)?.state.progress ?? null;
  }

  private onProgress(state: BuildProgressState, p: Extract<CotBuildMessage, { type: 'progress' }>['progress']): void {
    const previous = state.progress;
    const next: DatasetProgress = { ...previous, phase: p.phase, elapsedMs: performance.now() - state.started };
    if (p.phase === 'import') Object.assign(next, { done: 0 });
    else if (p.phase === 'analyze') Object.assign(next, { done: p.done, total: p.total, cached: p.cached, failed: p.failed });
    else if (p.phase === 'write') Object.assign(next, { done: p.done, total: p.total, resumed: p.skippedExisting });
    else if (p.phase === 'split') Object.assign(next, { done: p.done, total: p.total });
    else return; // 'done' is reported once the outcome is recorded (finish).
    state.progress = next;
    const now = performance.now();
    if (next.phase !== previous.phase || now - state.lastEmit >= PROGRESS_INTERVAL_MS || next.done === next.total) {
      state.lastEmit = now;
      this.options.events.emit('datasets.progress', next);
    }
  }

  private finish(id: string, state: BuildProgressState, outcome: CotBuildOutcome, itemPaths: string[]): void {
    this.running.delete(id);
    this.options.built.forget(this.cotFile(id));
    const build = this.options.repo.build(id);
    if (!build) return;
    const finishedAt = new Date().toISOString();
    const next: StoredBuild = { ...build, finishedAt };
    if (outcome.type === 'done') {
      const known = new Set(itemPaths);
      const failures: SkippedItem[] = outcome.summary.skipped.filter((s) => known.has(s.audioPath) && !LABEL_SKIPS.has(s.code));
      Object.assign(next, { status: 'done', records: outcome.summary.records, splits: outcome.summary.splits, failures, error: null });
      this.options.log(
        `datasets: EmotionCoT build of ${id} done: ${outcome.summary.records} records (${outcome.summary.resumed} resumed, ${outcome.summary.cached} analyses cached), ${failures.length} clips failed`,
      );
    } else {
      const stopped = outcome.type === 'cancelled' || state.stopping !== null;
      const status = !stopped ? 'failed' : state.stopping === 'close' ? 'interrupted' : 'cancelled';
      Object.assign(next, {
        status,
        records: this.options.built.read(this.cotFile(id)).size,
        error: outcome.type === 'failed' && !stopped ? { code: outcome.code, message: outcome.message } : null,
      });
      this.options.log(
        `datasets: EmotionCoT build of ${id} ${status}${outcome.type === 'failed' ? `: [${outcome.code}] ${outcome.message}` : ''}`,
      );
    }
    this.options.repo.saveBuild(id, next);
    if (state.stopping !== 'close') {
      this.options.events.emit('datasets.progress', { ...state.progress, phase: 'done', elapsedMs: performance.now() - state.started });
      this.options.changed(id);
    }
  }

  private cotFile(id: string): string {
    return path.join(this.options.datasetDir(id), COT_FILE);
  }
}
