// Recordings of the library and their listing (search, filters, sort). Rows are soft-deleted so a
// delete can be undone; listings and lookups never show deleted rows.
import type { LibraryListing, LibraryQuery, RecordingSummary } from '../../shared/types/library';
import { AppError } from '../../shared/errors/app-error';
import type { SqliteDatabase } from './database';

/** What a new recording row needs (the file already sits in the data folder). */
export interface NewRecording {
  id: string;
  fileName: string;
  originalName: string;
  source: 'import' | 'recording';
  format: string;
  durationS: number;
  sizeBytes: number;
  contentHash: string;
}

/** A recording row with where its file lies (relative to the recordings folder). */
export interface StoredRecording extends RecordingSummary {
  fileName: string;
}

interface SummaryRow {
  id: string;
  file_name: string;
  original_name: string;
  source: 'import' | 'recording';
  format: string;
  duration_s: number;
  size_bytes: number;
  content_hash: string;
  created_at: string;
  model_label: string | null;
  model_id: string | null;
  analyzed_at: string | null;
  prosody_caption: string | null;
  review_label: string | null;
  reviewed: number;
}

// The latest analysis per recording joined once; the review label wins over the model's.
const SUMMARY_SELECT = `
  SELECT r.id, r.file_name, r.original_name, r.source, r.format, r.duration_s, r.size_bytes, r.content_hash, r.created_at,
         a.label AS model_label, a.model_id, a.created_at AS analyzed_at,
         json_extract(a.prosody_json, '$.caption') AS prosody_caption,
         v.label AS review_label, (v.recording_id IS NOT NULL) AS reviewed
  FROM recordings r
  LEFT JOIN analyses a ON a.id = (SELECT max(id) FROM analyses WHERE recording_id = r.id)
  LEFT JOIN reviews v ON v.recording_id = r.id`;

const ORDER_BY: Record<NonNullable<LibraryQuery['sort']>, string> = {
  newest: 'r.created_at DESC, r.rowid DESC',
  oldest: 'r.created_at ASC, r.rowid ASC',
  name: 'r.original_name COLLATE NOCASE ASC',
  longest: 'r.duration_s DESC',
  shortest: 'r.duration_s ASC',
};

export class RecordingRepository {
  constructor(private readonly db: SqliteDatabase) {}

  add(recording: NewRecording, now = new Date()): StoredRecording {
    this.db
      .prepare(
        `INSERT INTO recordings (id, file_name, original_name, source, format, duration_s, size_bytes, content_hash, created_at)
         VALUES (@id, @fileName, @originalName, @source, @format, @durationS, @sizeBytes, @contentHash, @createdAt)`,
      )
      .run({ ...recording, createdAt: now.toISOString() });
    return this.get(recording.id);
  }

  /** The recording, or not_found when it does not exist or is deleted. */
  get(id: string): StoredRecording {
    const row = this.db.prepare(`${SUMMARY_SELECT} WHERE r.id = ? AND r.deleted_at IS NULL`).get(id) as SummaryRow | undefined;
    if (!row) throw new AppError('not_found', `No recording with id ${id} in the library.`);
    return toSummary(row);
  }

  /**
   * Many recordings in one query, in the order asked (repeats included); not_found names the first
   * id that does not exist or is deleted. For exports of a large selection, a batch at a time.
   */
  getMany(ids: readonly string[]): StoredRecording[] {
    const rows = this.db
      .prepare(`${SUMMARY_SELECT} WHERE r.id IN (SELECT value FROM json_each(?)) AND r.deleted_at IS NULL`)
      .all(JSON.stringify(ids)) as SummaryRow[];
    const byId = new Map(rows.map((row) => [row.id, toSummary(row)]));
    return ids.map((id) => {
      const found = byId.get(id);
      if (!found) throw new AppError('not_found', `No recording with id ${id} in the library.`);
      return found;
    });
  }

  /** A live recording with the same bytes, if one exists. */
  findByHash(contentHash: string): StoredRecording | null {
    const row = this.db
      .prepare(`${SUMMARY_SELECT} WHERE r.content_hash = ? AND r.deleted_at IS NULL ORDER BY r.created_at LIMIT 1`)
      .get(contentHash) as SummaryRow | undefined;
    return row ? toSummary(row) : null;
  }

  list(query: LibraryQuery = {}): LibraryListing {
    const where = ['r.deleted_at IS NULL'];
    const params: Record<string, string> = {};
    if (query.search?.trim()) {
      where.push(
        `(instr(lower(r.original_name), @search) > 0 OR instr(lower(coalesce(json_extract(a.prosody_json, '$.caption'), '')), @search) > 0)`,
      );
      params.search = query.search.trim().toLowerCase();
    }
    if (query.label) {
      where.push('coalesce(v.label, a.label) = @label');
      params.label = query.label;
    }
    if (query.reviewed === 'reviewed') where.push('v.recording_id IS NOT NULL');
    if (query.reviewed === 'unreviewed') where.push('v.recording_id IS NULL');
    if (query.from) {
      where.push('r.created_at >= @from');
      params.from = query.from;
    }
    if (query.to) {
      // An inclusive date: everything before the start of the next day.
      where.push('r.created_at < @to');
      params.to = query.to.length === 10 ? nextDay(query.to) : query.to;
    }
    if (query.model === 'none') where.push('a.model_id IS NULL');
    else if (query.model) {
      where.push('a.model_id = @model');
      params.model = query.model;
    }
    const rows = this.db
      .prepare(`${SUMMARY_SELECT} WHERE ${where.join(' AND ')} ORDER BY ${ORDER_BY[query.sort ?? 'newest']}`)
      .all(params) as SummaryRow[];
    return { items: rows.map(toSummary), facets: this.facets() };
  }

  /** Soft-deletes; returns how many live rows were deleted. */
  softDelete(ids: readonly string[], now = new Date()): number {
    const statement = this.db.prepare('UPDATE recordings SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL');
    return this.db.transaction(() => ids.reduce((n, id) => n + statement.run(now.toISOString(), id).changes, 0))();
  }

  restore(ids: readonly string[]): number {
    const statement = this.db.prepare('UPDATE recordings SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL');
    return this.db.transaction(() => ids.reduce((n, id) => n + statement.run(id).changes, 0))();
  }

  private facets(): LibraryListing['facets'] {
    const labels = this.db
      .prepare(
        `SELECT DISTINCT coalesce(v.label, a.label) AS label FROM recordings r
         LEFT JOIN analyses a ON a.id = (SELECT max(id) FROM analyses WHERE recording_id = r.id)
         LEFT JOIN reviews v ON v.recording_id = r.id
         WHERE r.deleted_at IS NULL AND coalesce(v.label, a.label) IS NOT NULL ORDER BY 1`,
      )
      .pluck()
      .all() as string[];
    const models = this.db
      .prepare('SELECT DISTINCT model_id FROM analyses WHERE model_id IS NOT NULL ORDER BY 1')
      .pluck()
      .all() as string[];
    return { labels, models };
  }
}

function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00.000Z`);
  if (Number.isNaN(day.getTime())) throw new AppError('invalid_payload', `"${date}" is not a date (YYYY-MM-DD).`);
  return new Date(day.getTime() + 86_400_000).toISOString();
}

function toSummary(row: SummaryRow): StoredRecording {
  return {
    id: row.id,
    fileName: row.file_name,
    originalName: row.original_name,
    source: row.source,
    format: row.format,
    durationS: row.duration_s,
    sizeBytes: row.size_bytes,
    contentHash: row.content_hash,
    createdAt: row.created_at,
    label: row.review_label ?? row.model_label,
    modelId: row.model_id,
    reviewed: row.reviewed === 1,
    analyzedAt: row.analyzed_at,
    caption: row.prosody_caption,
  };
}
