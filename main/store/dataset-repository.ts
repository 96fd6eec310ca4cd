// Imported datasets: the folder, layout, licence and label mapping; every clip the importer found, in
// import order (`position` is the index the page browses by); each speaker's split; and the state of
// the EmotionCoT build. JSON columns are parsed on the way out; a damaged row is an error naming it.
import type { DatasetFormat, DatasetItem, DatasetSplit, LabelMapping, SkippedItem } from '../../shared/types/dataset';
import type { CotBuildStatus } from '../../shared/types/datasets';
import { AppError } from '../../shared/errors/app-error';
import type { SqliteDatabase } from './database';

/** A stored dataset, without its clips. */
export interface StoredDataset {
  id: string;
  name: string;
  folder: string;
  format: DatasetFormat;
  corpus: string;
  licence: string;
  labelMapping: LabelMapping;
  /** What the importer could not read. */
  problems: SkippedItem[];
  seed: number;
  createdAt: string;
  updatedAt: string;
}

/** The stored state of a dataset's EmotionCoT build. */
export interface StoredBuild {
  status: Exclude<CotBuildStatus, 'none'>;
  /** The label mapping the build ran with (a different current mapping makes it stale). */
  labelMapping: LabelMapping;
  records: number;
  total: number;
  splits: Record<DatasetSplit, number>;
  /** Clips that failed to decode or analyze. */
  failures: SkippedItem[];
  error: { code: string; message: string } | null;
  startedAt: string;
  finishedAt: string | null;
}

interface DatasetRow {
  id: string;
  name: string;
  folder: string;
  format: string;
  corpus: string;
  licence: string;
  label_mapping_json: string;
  problems_json: string;
  seed: number;
  created_at: string;
  updated_at: string;
}

interface ClipRow {
  position: number;
  audio_path: string;
  speaker: string;
  gender: 'female' | 'male' | null;
  source_label: string;
  transcript: string | null;
}

interface BuildRow {
  status: StoredBuild['status'];
  mapping_json: string;
  records: number;
  total: number;
  splits_json: string;
  failures_json: string;
  error_json: string | null;
  started_at: string;
  finished_at: string | null;
}

export class DatasetRepository {
  constructor(private readonly db: SqliteDatabase) {}

  /** Stores a dataset with its clips and speaker splits in one transaction. */
  add(dataset: StoredDataset, items: readonly DatasetItem[], splits: ReadonlyMap<string, DatasetSplit>): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO datasets (id, name, folder, format, corpus, licence, label_mapping_json, problems_json, seed, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          dataset.id,
          dataset.name,
          dataset.folder,
          dataset.format,
          dataset.corpus,
          dataset.licence,
          JSON.stringify(dataset.labelMapping),
          JSON.stringify(dataset.problems),
          dataset.seed,
          dataset.createdAt,
          dataset.updatedAt,
        );
      const clip = this.db.prepare(
        'INSERT INTO dataset_clips (dataset_id, position, audio_path, speaker, gender, source_label, transcript) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      items.forEach((item, position) =>
        clip.run(dataset.id, position, item.audioPath, item.speaker, item.gender, item.sourceLabel, item.transcript ?? null),
      );
      const speaker = this.db.prepare('INSERT INTO dataset_speakers (dataset_id, speaker, split) VALUES (?, ?, ?)');
      for (const [id, split] of splits) speaker.run(dataset.id, id, split);
    })();
  }

  /** Every dataset, newest first. */
  list(): StoredDataset[] {
    const rows = this.db.prepare('SELECT * FROM datasets ORDER BY created_at DESC, rowid DESC').all() as DatasetRow[];
    return rows.map(parseDataset);
  }

  /** One dataset (not_found when there is none with this id). */
  get(id: string): StoredDataset {
    const row = this.db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as DatasetRow | undefined;
    if (!row) throw new AppError('not_found', `No dataset with id ${id}.`);
    return parseDataset(row);
  }

  /** The clips in import order. */
  items(id: string): DatasetItem[] {
    const rows = this.db.prepare('SELECT * FROM dataset_clips WHERE dataset_id = ? ORDER BY position').all(id) as ClipRow[];
    return rows.map(toItem);
  }

  /** One clip by its position (not_found past the end). */
  item(id: string, position: number): DatasetItem {
    const row = this.db.prepare('SELECT * FROM dataset_clips WHERE dataset_id = ? AND position = ?').get(id, position) as
      | ClipRow
      | undefined;
    if (!row) throw new AppError('not_found', `Dataset ${id} has no clip number ${position}.`);
    return toItem(row);
  }

  /** Speaker → split. */
  splits(id: string): Map<string, DatasetSplit> {
    const rows = this.db.prepare('SELECT speaker, split FROM dataset_speakers WHERE dataset_id = ?').all(id) as {
      speaker: string;
      split: DatasetSplit;
    }[];
    return new Map(rows.map((r) => [r.speaker, r.split]));
  }

  update(id: string, changes: { name?: string; licence?: string; labelMapping?: LabelMapping }): StoredDataset {
    const current = this.get(id);
    const next = { ...current, ...changes };
    this.db
      .prepare('UPDATE datasets SET name = ?, licence = ?, label_mapping_json = ?, updated_at = ? WHERE id = ?')
      .run(next.name, next.licence, JSON.stringify(next.labelMapping), new Date().toISOString(), id);
    return this.get(id);
  }

  /** Deletes the dataset with its clips, speakers and build state; false when there was none. */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
  }

  build(id: string): StoredBuild | null {
    const row = this.db.prepare('SELECT * FROM dataset_builds WHERE dataset_id = ?').get(id) as BuildRow | undefined;
    if (!row) return null;
    return {
      status: row.status,
      labelMapping: parseJson(row.mapping_json, id, 'build mapping') as LabelMapping,
      records: row.records,
      total: row.total,
      splits: parseJson(row.splits_json, id, 'build splits') as Record<DatasetSplit, number>,
      failures: parseJson(row.failures_json, id, 'build failures') as SkippedItem[],
      error: row.error_json ? (parseJson(row.error_json, id, 'build error') as { code: string; message: string }) : null,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
  }

  /** Writes the whole build state (one row per dataset: the latest build). */
  saveBuild(id: string, build: StoredBuild): void {
    this.db
      .prepare(
        `INSERT INTO dataset_builds (dataset_id, status, mapping_json, records, total, splits_json, failures_json, error_json, started_at, finished_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (dataset_id) DO UPDATE SET status = excluded.status, mapping_json = excluded.mapping_json, records = excluded.records,
          total = excluded.total, splits_json = excluded.splits_json, failures_json = excluded.failures_json, error_json = excluded.error_json,
          started_at = excluded.started_at, finished_at = excluded.finished_at`,
      )
      .run(
        id,
        build.status,
        JSON.stringify(build.labelMapping),
        build.records,
        build.total,
        JSON.stringify(build.splits),
        JSON.stringify(build.failures),
        build.error ? JSON.stringify(build.error) : null,
        build.startedAt,
        build.finishedAt,
      );
  }

  /** Builds left 'running' by an app that stopped (or was killed) become 'interrupted'; returns how many. */
  markRunningInterrupted(): number {
    return this.db
      .prepare("UPDATE dataset_builds SET status = 'interrupted', finished_at = ? WHERE status = 'running'")
      .run(new Date().toISOString()).changes;
  }
}

function toItem(row: ClipRow): DatasetItem {
  return {
    audioPath: row.audio_path,
    speaker: row.speaker,
    gender: row.gender,
    sourceLabel: row.source_label,
    ...(row.transcript !== null ? { transcript: row.transcript } : {}),
  };
}

function parseDataset(row: DatasetRow): StoredDataset {
  return {
    id: row.id,
    name: row.name,
    folder: row.folder,
    format: row.format as DatasetFormat,
    corpus: row.corpus,
    licence: row.licence,
    labelMapping: parseJson(row.label_mapping_json, row.id, 'label mapping') as LabelMapping,
    problems: parseJson(row.problems_json, row.id, 'problems') as SkippedItem[],
    seed: row.seed,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function parseJson(text: string, id: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError('dataset_damaged', `The stored ${what} of dataset ${id} is damaged: ${(error as Error).message}`);
  }
}
