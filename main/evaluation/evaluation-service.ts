// The Evaluate area's service: evaluates a registered model on a dataset split (clips from the
// DatasetCatalog) or a corpus folder, in a child process (evaluation-worker.ts) with progress events
// and cancel, and keeps every evaluation as <data folder>/evaluations/<id>.json — running ones too,
// so one an app exit cut short is listed as interrupted rather than lost. One runs at a time: each
// decodes and runs the model on every clip, and the machine's cores are the user's. A delete can be
// undone for a while (main/system/undo-window.ts): the file is renamed to <id>.json.deleted (the
// tombstone: hidden, but whole) and removed when the window closes, or at the next start after a kill.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EvaluationRecord, EvaluationRequest, EvaluationSummary } from '../../shared/types/evaluation';
import { evaluationRecordSchema } from '../../shared/types/evaluation';
import type { ExportedFile } from '../../shared/types/export';
import type { CatalogClip, DatasetCatalog } from '../datasets/dataset-catalog';
import { AppError } from '../../shared/errors/app-error';
import type { EventBus } from '../ipc/event-bus';
import type { EvalClip, EvalCorpus } from '../ml/evaluation/corpora';
import type { ActiveModel, ModelRegistry } from '../installed-models/model-registry';
import { DEFAULT_UNDO_WINDOW_MS, UndoWindow } from '../system/undo-window';
import { forkWorker, type WorkerProcess } from '../system/worker-process';
import { evaluationCsv } from './evaluation-csv';
import type { EvaluationJob, EvaluationWorkerMessage, JobModel } from './evaluation-protocol';
import { evaluationResult } from './evaluation-result';

export interface EvaluationServiceOptions {
  dataDir: string;
  models: ModelRegistry;
  datasets: DatasetCatalog;
  events: EventBus;
  log: (line: string) => void;
  /** Worker entry; default the compiled sibling, else the TypeScript source through tsx. */
  entry?: string;
  /** Runs of the 4 s latency measurement per evaluation (default 5). */
  latencyRuns?: number;
  /** How long a deleted evaluation can be restored (ms). */
  undoWindowMs?: number;
}

interface Running {
  child: WorkerProcess;
  record: EvaluationRecord;
  cancelled: boolean;
}

const FORMATS = ['ravdess', 'crema-d', 'emodb', 'esd', 'iemocap', 'csv'] as const;
/** A deleted evaluation's file, while its undo window is open. */
const TOMBSTONE_SUFFIX = '.json.deleted';

export class EvaluationService {
  private readonly dir: string;
  private readonly exportsDir: string;
  private readonly running = new Map<string, Running>();
  private readonly deleted: UndoWindow;

  constructor(private readonly options: EvaluationServiceOptions) {
    this.dir = join(options.dataDir, 'evaluations');
    this.exportsDir = join(options.dataDir, 'exports');
    this.deleted = new UndoWindow(options.undoWindowMs ?? DEFAULT_UNDO_WINDOW_MS, options.log);
    mkdirSync(this.dir, { recursive: true });
    // Deleted inside the undo window of a run that has ended (closing ends it; so does a kill): final now.
    for (const name of readdirSync(this.dir)) {
      if (name.endsWith(TOMBSTONE_SUFFIX)) rmSync(join(this.dir, name), { force: true });
    }
    // An evaluation still "running" on disk was cut short by the app's last exit.
    for (const record of this.readAll()) {
      if (record.summary.state !== 'running') continue;
      record.summary.state = 'interrupted';
      record.summary.error = {
        code: 'interrupted',
        message: 'The app closed while this evaluation ran; start it again to get its results.',
      };
      this.write(record);
    }
  }

  async start(request: EvaluationRequest): Promise<EvaluationSummary> {
    const busy = [...this.running.values()][0];
    if (busy) throw new AppError('busy', `An evaluation of ${busy.record.summary.modelName} is running; wait for it or cancel it first.`);
    const model = this.options.models.usable(request.modelKey);
    const active = this.options.models.active();
    const activeModel = request.compareActive && active && active.key !== model.key ? jobModel(active) : null;
    const { source, description } = await this.resolveSource(request);
    const id = randomUUID();
    const scratchDir = join(this.dir, `${id}.scratch`);
    const job: EvaluationJob = {
      model: jobModel(model),
      activeModel,
      source,
      mlp: request.mlp,
      threads: request.threads,
      scratchDir,
      latencyRuns: this.options.latencyRuns ?? 5,
      ...(request.limit !== undefined ? { limit: request.limit } : {}),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
    };
    const record: EvaluationRecord = {
      request,
      result: null,
      summary: {
        id,
        createdAt: new Date().toISOString(),
        state: 'running',
        modelKey: model.key,
        modelName: model.details.name,
        sourceDescription: description,
        progress: { stage: 'starting', done: 0, total: 0, message: 'Starting the evaluation process…' },
        error: null,
        accuracy: null,
        unweightedAverageRecall: null,
      },
    };
    this.write(record);
    const child = this.fork();
    const run: Running = { child, record, cancelled: false };
    this.running.set(id, run);
    this.wire(run, job, model, active && activeModel ? active : null);
    child.send({ type: 'start', job });
    this.options.log(`evaluation ${id}: ${model.details.name} on ${description}`);
    this.emit(record);
    return record.summary;
  }

  list(): EvaluationSummary[] {
    return this.readAll()
      .map((r) => this.running.get(r.summary.id)?.record.summary ?? r.summary)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  get(id: string): EvaluationRecord {
    return this.running.get(id)?.record ?? this.read(id);
  }

  cancel(id: string): EvaluationSummary {
    const run = this.running.get(id);
    if (!run) throw new AppError('conflict', `Evaluation ${id} is not running.`);
    run.cancelled = true;
    run.child.kill('SIGTERM');
    return run.record.summary;
  }

  /** Hides the evaluation at once; `restore` brings it back whole until the undo window closes. */
  delete(id: string): { undoWindowMs: number } {
    if (this.running.has(id)) throw new AppError('conflict', 'A running evaluation cannot be deleted; cancel it first.');
    this.read(id);
    // One rename is the tombstone: the file is either listed or deleted-but-whole, never half-written.
    renameSync(this.file(id), this.tombstone(id));
    return this.deleted.open(id, () => rmSync(this.tombstone(id), { force: true }));
  }

  /** The undo of `delete` while its window is open. */
  restore(id: string): EvaluationSummary {
    if (!this.deleted.take(id)) {
      throw new AppError(
        'not_found',
        `Evaluation ${id} was not deleted in the last ${Math.round(this.deleted.windowMs / 1000)} s, so it cannot be restored.`,
      );
    }
    renameSync(this.tombstone(id), this.file(id));
    return this.read(id).summary;
  }

  /** The evaluation as a file to save; also written to the data folder's exports/ (its path is returned). */
  export(id: string, format: 'json' | 'csv'): ExportedFile & { path: string } {
    const record = this.get(id);
    if (!record.result) throw new AppError('not_ready', 'This evaluation has no results to export (it has not finished).');
    const stamp = record.summary.createdAt.slice(0, 19).replace(/[:T]/g, '-');
    const fileName = `evaluation-${record.result.model.id}-${stamp}.${format}`.replace(/[^A-Za-z0-9._-]+/g, '-');
    const text = format === 'json' ? `${JSON.stringify(record, null, 2)}\n` : evaluationCsv(record.result);
    mkdirSync(this.exportsDir, { recursive: true });
    const path = join(this.exportsDir, fileName);
    writeFileSync(path, text);
    return { fileName, mimeType: format === 'json' ? 'application/json' : 'text/csv', text, path };
  }

  /** Ends running evaluations (app shutdown): they are stored as interrupted; deletes become final. */
  async close(): Promise<void> {
    const exits = [...this.running.values()].map(
      (run) =>
        new Promise<void>((resolve) => {
          run.child.onExit(() => resolve());
          run.child.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
    this.deleted.purgeAll();
  }

  private async resolveSource(request: EvaluationRequest): Promise<{ source: EvaluationJob['source']; description: string }> {
    const { source } = request;
    if (source.kind === 'folder') {
      if (!isAbsolute(source.path))
        throw new AppError('invalid_payload', `Give the full path of the corpus folder; "${source.path}" is relative.`);
      if (!existsSync(source.path) || !statSync(source.path).isDirectory()) throw new AppError('not_found', `No folder ${source.path}.`);
      return {
        source: {
          kind: 'folder',
          dir: source.path,
          ...(source.validationSpeakers?.length ? { validationSpeakers: source.validationSpeakers } : {}),
        },
        description: `folder ${source.path}${source.validationSpeakers?.length ? ` (speakers ${source.validationSpeakers.join(', ')})` : ''}`,
      };
    }
    const test = await this.options.datasets.clips(source.datasetId, source.split);
    if (test.length === 0) throw new AppError('empty_split', `The ${source.split} split of this dataset has no clips to evaluate on.`);
    // The baselines learn from the training split's speakers who are not being evaluated on.
    const testSpeakers = new Set(test.map((c) => c.speaker));
    const train =
      source.split === 'train' || source.split === 'all'
        ? []
        : (await this.options.datasets.clips(source.datasetId, 'train')).filter((c) => !testSpeakers.has(c.speaker));
    return {
      source: { kind: 'corpora', corpora: catalogCorpora(test, train) },
      description: `dataset ${[...new Set(test.map((c) => c.corpus))].join(' + ')}, ${source.split === 'all' ? 'all clips' : `${source.split} split`}`,
    };
  }

  private wire(run: Running, job: EvaluationJob, model: ActiveModel, active: ActiveModel | null): void {
    const { record, child } = run;
    let settled = false;
    const finish = (state: EvaluationSummary['state'], error: EvaluationSummary['error']) => {
      if (settled) return;
      settled = true;
      record.summary.state = state;
      record.summary.error = error;
      if (state === 'done')
        record.summary.progress = {
          stage: 'done',
          done: record.summary.progress.total,
          total: record.summary.progress.total,
          message: 'Done.',
        };
      this.running.delete(record.summary.id);
      rmSync(job.scratchDir, { recursive: true, force: true });
      this.write(record);
      this.emit(record);
      this.options.log(`evaluation ${record.summary.id}: ${state}${error ? ` (${error.code}: ${error.message})` : ''}`);
    };
    child.onMessage((raw) => {
      const message = raw as EvaluationWorkerMessage;
      if (message.type === 'progress') {
        record.summary.progress = { stage: message.stage, done: message.done, total: message.total, message: message.message };
        this.emit(record);
      } else if (message.type === 'log') {
        this.options.log(`evaluation ${record.summary.id}: ${message.line}`);
      } else if (message.type === 'result') {
        record.result = evaluationResult(
          record.summary.id,
          { ...job.model, key: model.key },
          active ? { ...job.activeModel!, key: active.key } : null,
          message.reports.model,
          message.reports.activeModel,
        );
        const first = record.result.systems[0];
        record.summary.accuracy = first?.accuracy ?? null;
        record.summary.unweightedAverageRecall = first?.unweightedAverageRecall ?? null;
        finish('done', null);
      } else if (message.type === 'error') {
        finish('failed', { code: message.code, message: message.message });
      }
    });
    child.onError((error) =>
      finish('failed', { code: 'worker_failed', message: `The evaluation process failed to start: ${error.message}` }),
    );
    child.onExit((code, signal) => {
      if (run.cancelled) finish('cancelled', null);
      else
        finish('failed', {
          code: 'worker_exited',
          message: `The evaluation process ended without a result (${signal ?? `exit code ${code}`}).`,
        });
    });
  }

  private fork(): WorkerProcess {
    return forkWorker(this.options.entry ?? defaultEntry(), {
      serviceName: 'EmotionThinker evaluation',
      // Structured clone keeps NaN (an undefined figure) as NaN until evaluation-result.ts makes it
      // null (a utility process always uses it).
      serialization: 'advanced',
    });
  }

  private emit(record: EvaluationRecord): void {
    this.options.events.emit('evaluation.progress', record.summary);
  }

  private file(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  private tombstone(id: string): string {
    return join(this.dir, `${id}${TOMBSTONE_SUFFIX}`);
  }

  private write(record: EvaluationRecord): void {
    writeFileSync(this.file(record.summary.id), `${JSON.stringify(record)}\n`);
  }

  private read(id: string): EvaluationRecord {
    if (!existsSync(this.file(id))) throw new AppError('not_found', `No evaluation ${id}.`);
    const parsed = evaluationRecordSchema.safeParse(JSON.parse(readFileSync(this.file(id), 'utf8')));
    if (!parsed.success) throw new AppError('unreadable', `The stored evaluation ${id} is damaged: ${parsed.error.issues[0]?.message}.`);
    return parsed.data;
  }

  private readAll(): EvaluationRecord[] {
    const out: EvaluationRecord[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!/^[0-9a-f-]{36}\.json$/.test(name)) continue;
      try {
        out.push(this.read(name.slice(0, -'.json'.length)));
      } catch {
        // A damaged file is skipped in the list; get() names the problem.
      }
    }
    return out;
  }
}

function jobModel(model: ActiveModel): JobModel {
  return { key: model.key, dir: model.dir, name: model.details.name };
}

/** Catalog clips grouped into the evaluation's corpora: `test` are evaluated on, `train` train the baselines. */
export function catalogCorpora(test: readonly CatalogClip[], train: readonly CatalogClip[]): EvalCorpus[] {
  const names = [...new Set(test.map((c) => c.corpus))];
  const clip = (c: CatalogClip, split: EvalClip['split']): EvalClip => ({
    file: c.audioPath,
    corpus: c.corpus,
    speaker: c.speaker,
    gender: null,
    label: c.label,
    split,
  });
  return names.map((name) => {
    const validation = test.filter((c) => c.corpus === name).map((c) => clip(c, 'validation'));
    const training = train.filter((c) => c.corpus === name).map((c) => clip(c, 'train'));
    return {
      name,
      dir: '',
      format: (FORMATS as readonly string[]).includes(name) ? (name as EvalCorpus['format']) : 'csv',
      classes: [...new Set([...validation, ...training].map((c) => c.label))].sort(),
      validationSpeakers: [...new Set(validation.map((c) => c.speaker))].sort(),
      train: training,
      validation,
    };
  });
}

function defaultEntry(): string {
  const compiled = fileURLToPath(new URL('./evaluation-worker.mjs', import.meta.url));
  return existsSync(compiled) ? compiled : fileURLToPath(new URL('./evaluation-worker-entry.ts', import.meta.url));
}
