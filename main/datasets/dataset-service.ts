// The Datasets area's service: imports corpus folders into SQLite (clips, speaker splits, label
// mapping, problems), counts them, builds their EmotionCoT traces (cot-builds.ts: a child process
// with progress, cancel and resume), and serves the built records to the page and the training files to training
// jobs (DatasetCatalog). Each dataset's built files live in <data folder>/datasets/<id>/. A delete
// can be undone for a while (main/system/undo-window.ts): the dataset is tombstoned and hidden, and
// its rows and files are purged when the window closes.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LabelMapping } from '../../shared/types/dataset';
import type {
  DatasetDetails,
  DatasetImportRequest,
  DatasetProblem,
  DatasetRecord,
  DatasetRecordPage,
  DatasetRecordQuery,
  DatasetRecordRow,
  DatasetSummary,
} from '../../shared/types/datasets';
import { checkEvidence, DEFAULT_LABEL_MAPPINGS, sidecarPaths } from '../data';
import { AppError } from '../../shared/errors/app-error';
import type { EventBus } from '../ipc/event-bus';
import type { SqliteDatabase } from '../store/database';
import { DatasetRepository, type StoredDataset } from '../store/dataset-repository';
import { DEFAULT_UNDO_WINDOW_MS } from '../system/undo-window';
import { BuiltRecords, readVoiceQualityNorms, reviveProsody } from './built-records';
import { CotBuilds } from './cot-builds';
import { COT_FILE, splitFile } from './cot-build-protocol';
import { cotBuildState } from './cot-build-state';
import { defaultLicence } from './corpus-licences';
import { readClipChunk } from './dataset-audio';
import { countDataset, sameMapping } from './dataset-counts';
import { checkDatasetEdits } from './dataset-edits';
import type { CatalogClip, CatalogTrainingFile, DatasetCatalog, DatasetSelection } from './dataset-catalog';
import { DatasetDeletions } from './dataset-tombstones';
import { importFolder } from './import-folder';

/** Seed of the speaker shuffle when no held-out speakers are given (the builder's default too). */
const SPLIT_SEED = 1;
/** Problems sent to the page at most; the count says how many there are. */
const MAX_PROBLEMS = 500;

export interface DatasetServiceOptions {
  db: SqliteDatabase;
  dataDir: string;
  events: EventBus;
  log: (line: string) => void;
  /** Build worker entry (tests may point at the TypeScript source); defaults to the bundled sibling. */
  buildEntry?: string;
  /** How long a deleted dataset can be restored (ms). */
  undoWindowMs?: number;
}

export class DatasetService implements DatasetCatalog {
  private readonly repo: DatasetRepository;
  private readonly builds: CotBuilds;
  private readonly built = new BuiltRecords();
  private readonly deletions: DatasetDeletions;

  constructor(private readonly options: DatasetServiceOptions) {
    this.repo = new DatasetRepository(options.db);
    this.deletions = new DatasetDeletions({
      datasetsDir: path.join(options.dataDir, 'datasets'),
      windowMs: options.undoWindowMs ?? DEFAULT_UNDO_WINDOW_MS,
      log: options.log,
      forgetRows: (id) => {
        this.built.forget(this.cotFile(id));
        this.repo.delete(id);
      },
    });
    this.builds = new CotBuilds({
      repo: this.repo,
      built: this.built,
      events: options.events,
      log: options.log,
      ...(options.buildEntry ? { buildEntry: options.buildEntry } : {}),
      datasetDir: (id) => this.datasetDir(id),
      changed: (id) => this.changed(id),
    });
    const purged = this.deletions.finishLastRun();
    if (purged > 0) options.log(`datasets: ${purged} dataset(s) deleted inside the undo window of the last run are now gone`);
    const interrupted = this.repo.markRunningInterrupted();
    if (interrupted > 0)
      options.log(`datasets: ${interrupted} EmotionCoT build(s) were interrupted by the last exit; building again resumes them`);
  }

  /** Reads and stores the folder the user typed; progress as datasets.progress. */
  import(request: DatasetImportRequest): DatasetDetails {
    const id = randomUUID();
    const started = performance.now();
    const report = (phase: 'read' | 'found' | 'stored', done: number, total: number) =>
      this.options.events.emit('datasets.progress', {
        datasetId: id,
        job: 'import',
        phase,
        done,
        total,
        cached: 0,
        failed: 0,
        resumed: 0,
        elapsedMs: performance.now() - started,
      });
    report('read', 0, 0);
    const { folder, imported, splits } = importFolder(request.path, {
      seed: SPLIT_SEED,
      ...(request.format ? { format: request.format } : {}),
      ...(request.validationSpeakers ? { validationSpeakers: request.validationSpeakers } : {}),
      ...(request.testSpeakers ? { testSpeakers: request.testSpeakers } : {}),
    });
    report('found', imported.items.length, imported.items.length + imported.problems.length);
    const now = new Date().toISOString();
    const name = request.name?.trim() || path.basename(imported.root);
    const dataset: StoredDataset = {
      id,
      name,
      folder,
      format: imported.format,
      corpus: imported.corpus,
      licence: request.licence?.trim() || defaultLicence(imported.corpus),
      labelMapping: { ...DEFAULT_LABEL_MAPPINGS[imported.format] },
      problems: imported.problems,
      seed: SPLIT_SEED,
      createdAt: now,
      updatedAt: now,
    };
    this.repo.add(dataset, imported.items, splits);
    report('stored', imported.items.length, imported.items.length);
    this.options.log(
      `datasets: imported ${imported.items.length} ${imported.format} clips from ${folder} (${imported.problems.length} problems)`,
    );
    this.changed(id);
    return this.details(id);
  }

  list(): DatasetSummary[] {
    return this.repo
      .list()
      .filter((d) => !this.deletions.isDeleted(d.id))
      .map((d) => this.summary(d));
  }

  details(id: string): DatasetDetails {
    const dataset = this.dataset(id);
    const counted = countDataset(this.repo.items(id), dataset.labelMapping, this.repo.splits(id));
    const build = this.repo.build(id);
    const problems: DatasetProblem[] = [
      ...dataset.problems.map((p) => ({ ...p, stage: 'import' as const })),
      ...(build?.failures ?? []).map((p) => ({ ...p, stage: 'build' as const })),
    ];
    return {
      ...this.summary(dataset, counted.mapped.items.length),
      labelMapping: dataset.labelMapping,
      sourceLabels: counted.sourceLabels,
      unknownLabels: counted.mapped.unknownLabels,
      counts: counted.counts,
      problems: problems.slice(0, MAX_PROBLEMS),
      problemCount: problems.length,
    };
  }

  /** Renames the dataset or sets its licence (trimmed; empty or longer than the caps is refused). */
  update(id: string, changes: { name?: string; licence?: string }): DatasetDetails {
    this.dataset(id);
    this.repo.update(id, checkDatasetEdits(changes));
    this.changed(id);
    return this.details(id);
  }

  /** Saves the mapping; a build made with another mapping shows as stale until rebuilt. */
  updateLabelMapping(id: string, labelMapping: LabelMapping): DatasetDetails {
    this.dataset(id);
    const items = this.repo.items(id);
    const mapped = countDataset(items, labelMapping, this.repo.splits(id)).mapped;
    if (mapped.items.length === 0) {
      throw new AppError('bad_label_mapping', 'This mapping leaves no clip with a label: map at least one corpus label to a model label.');
    }
    this.repo.update(id, { labelMapping });
    this.changed(id);
    return this.details(id);
  }

  /** Starts (or resumes) the EmotionCoT build; the outcome arrives as datasets.changed. */
  buildCot(id: string): DatasetSummary {
    const dataset = this.dataset(id);
    const mappedClips = this.builds.start(dataset);
    this.changed(id);
    return this.summary(dataset, mappedClips);
  }

  /** Stops a running build; the files it wrote stay, and the next build resumes from them. */
  async cancelBuild(id: string): Promise<DatasetSummary> {
    await this.builds.cancel(id);
    return this.summary(this.repo.get(id));
  }

  /** Resolves when the running build of `id` (if any) has ended and been recorded. */
  async whenBuilt(id: string): Promise<void> {
    await this.builds.whenBuilt(id);
  }

  records(query: DatasetRecordQuery): DatasetRecordPage {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const rows = this.rows(query.datasetId).filter(
      (r) =>
        (query.split === undefined || r.split === query.split) &&
        (query.label === undefined || r.label === query.label) &&
        (query.built === undefined || r.built === query.built),
    );
    return { total: rows.length, offset, rows: rows.slice(offset, offset + limit) };
  }

  /** One clip with its EmotionCoT record (null until built) and the evidence checker's verdicts. */
  record(id: string, index: number): DatasetRecord {
    const row = this.rows(id)[index];
    if (!row) throw new AppError('not_found', `Dataset ${id} has no clip number ${index}.`);
    const item = this.repo.item(id, index);
    const stored = this.built.read(this.cotFile(id)).get(item.audioPath);
    if (!stored) return { row, record: null };
    const norms = readVoiceQualityNorms(sidecarPaths(this.cotFile(id)).meta);
    const report = checkEvidence(stored.reasoning, reviveProsody(stored.prosody), norms ? { voiceQualityNorms: norms } : {});
    return {
      row,
      record: {
        label: stored.label,
        levels: stored.levels,
        intonation: stored.prosody.intonation.pattern,
        caption: stored.caption,
        reasoning: stored.reasoning,
        target: stored.target,
        durationS: stored.prosody.durationS,
        medianF0Hz: finiteOrNull(stored.prosody.pitch.medianHz),
        rateSylPerS: finiteOrNull(stored.prosody.rate.speechRateSylPerS),
        claims: report.claims,
        verified: report.verified,
        contradicted: report.contradicted,
        unverifiable: report.unverifiable,
      },
    };
  }

  /** A byte range of a clip's audio file: only files the import found in the typed folder are read. */
  async audioChunk(
    id: string,
    index: number,
    offset: number,
    length: number,
  ): Promise<{ dataBase64: string; totalBytes: number; mimeType: string }> {
    this.dataset(id);
    return readClipChunk(this.repo.item(id, index).audioPath, offset, length);
  }

  /**
   * Hides a dataset at once; `restore` brings it back unchanged until the undo window closes, then its
   * rows and built files are removed (never the corpus folder). A running build is cancelled first
   * (recorded as cancelled, so a restored dataset resumes it).
   */
  async delete(id: string): Promise<{ undoWindowMs: number }> {
    this.dataset(id);
    await this.builds.stop(id, 'cancel');
    const window = this.deletions.delete(id);
    this.changed(null);
    return window;
  }

  /** The undo of `delete` while its window is open: the dataset is listed again as it was. */
  restore(id: string): DatasetDetails {
    this.deletions.restore(id);
    this.changed(id);
    return this.details(id);
  }

  async clips(datasetId: string, selection: DatasetSelection): Promise<CatalogClip[]> {
    const dataset = this.dataset(datasetId);
    const splits = this.repo.splits(datasetId);
    const { mapped } = countDataset(this.repo.items(datasetId), dataset.labelMapping, splits);
    // Clips the EmotionCoT build could not decode are not usable: left out once a build has found them.
    const failed = new Set((this.repo.build(datasetId)?.failures ?? []).map((f) => f.audioPath));
    return mapped.items
      .filter((item) => !failed.has(item.audioPath))
      .map((item) => ({
        audioPath: item.audioPath,
        speaker: item.speaker,
        corpus: dataset.corpus,
        label: item.label,
        sourceLabel: item.sourceLabel,
        split: splits.get(item.speaker) ?? 'train',
      }))
      .filter((clip) => selection === 'all' || clip.split === selection);
  }

  async trainingFile(datasetId: string, selection: DatasetSelection): Promise<CatalogTrainingFile> {
    const dataset = this.dataset(datasetId);
    const build = this.repo.build(datasetId);
    const rebuild = `build its EmotionCoT traces on the Datasets page`;
    if (!build) throw new AppError('not_ready', `Dataset "${dataset.name}" has no EmotionCoT traces yet: ${rebuild}.`);
    if (build.status === 'running' || this.builds.isRunning(datasetId))
      throw new AppError('not_ready', `The EmotionCoT build of "${dataset.name}" is still running.`);
    if (build.status !== 'done')
      throw new AppError('not_ready', `The EmotionCoT build of "${dataset.name}" did not finish (${build.status}): ${rebuild}.`);
    if (!sameMapping(build.labelMapping, dataset.labelMapping))
      throw new AppError('not_ready', `The label mapping of "${dataset.name}" changed since its EmotionCoT build: ${rebuild} again.`);
    const file = path.join(this.datasetDir(datasetId), selection === 'all' ? COT_FILE : splitFile(selection));
    if (!existsSync(file)) throw new AppError('not_ready', `The EmotionCoT file of "${dataset.name}" is missing: ${rebuild} again.`);
    const clips = selection === 'all' ? build.records : build.splits[selection];
    if (clips === 0) throw new AppError('empty_split', `The ${selection} split of "${dataset.name}" has no clips.`);
    const where = selection === 'all' ? '' : ` (${selection} split)`;
    return { path: file, description: `${dataset.name}${where}, ${clips.toLocaleString('en')} clips`, licence: dataset.licence, clips };
  }

  /** Stops running builds (they resume on the next build), waits for them to be recorded, and makes deletes final. */
  async close(): Promise<void> {
    await this.builds.stopAll();
    this.deletions.purgeAll();
  }

  /** A stored dataset that is not deleted (not_found otherwise, as for one that never was). */
  private dataset(id: string): StoredDataset {
    if (this.deletions.isDeleted(id)) throw new AppError('not_found', `No dataset with id ${id}.`);
    return this.repo.get(id);
  }

  private summary(dataset: StoredDataset, mappedClips?: number): DatasetSummary {
    const items = this.repo.items(dataset.id);
    const clips = mappedClips ?? countDataset(items, dataset.labelMapping, new Map()).mapped.items.length;
    return {
      id: dataset.id,
      name: dataset.name,
      folder: dataset.folder,
      format: dataset.format,
      corpus: dataset.corpus,
      licence: dataset.licence,
      items: items.length,
      clips,
      createdAt: dataset.createdAt,
      build: cotBuildState(dataset, this.repo.build(dataset.id), this.builds.progress(dataset.id)),
    };
  }

  /** Every clip as a records-list row, in import order. */
  private rows(id: string): DatasetRecordRow[] {
    const dataset = this.dataset(id);
    const items = this.repo.items(id);
    const splits = this.repo.splits(id);
    const labelOf = new Map(countDataset(items, dataset.labelMapping, splits).mapped.items.map((i) => [i.audioPath, i.label]));
    const failures = new Map((this.repo.build(id)?.failures ?? []).map((f) => [f.audioPath, { code: f.code, message: f.message }]));
    const built = this.built.read(this.cotFile(id));
    const root = dataset.format === 'csv' && dataset.folder.toLowerCase().endsWith('.csv') ? path.dirname(dataset.folder) : dataset.folder;
    return items.map((item, index) => ({
      index,
      file: path.relative(root, item.audioPath),
      speaker: item.speaker,
      gender: item.gender,
      sourceLabel: item.sourceLabel,
      label: labelOf.get(item.audioPath) ?? null,
      split: splits.get(item.speaker) ?? 'train',
      built: built.has(item.audioPath),
      problem: failures.get(item.audioPath) ?? null,
    }));
  }

  private changed(datasetId: string | null): void {
    this.options.events.emit('datasets.changed', { datasetId });
  }

  private datasetDir(id: string): string {
    return path.join(this.options.dataDir, 'datasets', id);
  }

  private cotFile(id: string): string {
    return path.join(this.datasetDir(id), COT_FILE);
  }
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}
