// Reviews: one current row per recording plus an append-only history of every change, written in
// the same transaction so the history can never miss a change the current state shows.
import type { Ratings, Review, ReviewChanges, ReviewEvent } from '../../shared/types/review';
import type { SqliteDatabase } from './database';

interface ReviewRow {
  recording_id: string;
  label: string | null;
  label_decision: 'accepted' | 'corrected' | null;
  factual_alignment: number | null;
  interpretative_quality: number | null;
  caption_completeness: number | null;
  fluency: number | null;
  notes: string;
  reviewer: string;
  patient: string;
  session_date: string;
  session_details: string;
  created_at: string;
  updated_at: string;
}

const RATING_COLUMNS: Record<keyof Ratings, keyof ReviewRow> = {
  factualAlignment: 'factual_alignment',
  interpretativeQuality: 'interpretative_quality',
  captionCompleteness: 'caption_completeness',
  fluency: 'fluency',
};

export class ReviewRepository {
  constructor(private readonly db: SqliteDatabase) {}

  get(recordingId: string): Review | null {
    const row = this.db.prepare('SELECT * FROM reviews WHERE recording_id = ?').get(recordingId) as ReviewRow | undefined;
    return row ? toReview(row) : null;
  }

  /** The current reviews of many recordings in one query; recordings without one are absent. */
  getMany(recordingIds: readonly string[]): Map<string, Review> {
    const rows = this.db
      .prepare('SELECT * FROM reviews WHERE recording_id IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(recordingIds)) as ReviewRow[];
    return new Map(rows.map((row) => [row.recording_id, toReview(row)]));
  }

  /** Newest change first. */
  history(recordingId: string, limit = 200): ReviewEvent[] {
    const rows = this.db
      .prepare('SELECT id, at, reviewer, changes_json FROM review_events WHERE recording_id = ? ORDER BY id DESC LIMIT ?')
      .all(recordingId, limit) as { id: number; at: string; reviewer: string; changes_json: string }[];
    return rows.map((row) => ({ id: row.id, at: row.at, reviewer: row.reviewer, changes: JSON.parse(row.changes_json) as ReviewChanges }));
  }

  /** Applies a change to the current review (creating it) and appends it to the history. */
  update(recordingId: string, changes: ReviewChanges, now = new Date()): Review {
    const at = now.toISOString();
    return this.db.transaction(() => {
      const current = this.get(recordingId);
      const next: Review = {
        recordingId,
        label: changes.label !== undefined ? changes.label : (current?.label ?? null),
        labelDecision: changes.labelDecision !== undefined ? changes.labelDecision : (current?.labelDecision ?? null),
        ratings: { ...emptyRatings(), ...current?.ratings, ...changes.ratings },
        notes: changes.notes ?? current?.notes ?? '',
        reviewer: changes.reviewer ?? current?.reviewer ?? '',
        patient: changes.patient ?? current?.patient ?? '',
        sessionDate: changes.sessionDate ?? current?.sessionDate ?? '',
        sessionDetails: changes.sessionDetails ?? current?.sessionDetails ?? '',
        createdAt: current?.createdAt ?? at,
        updatedAt: at,
      };
      this.db
        .prepare(
          `INSERT INTO reviews (recording_id, label, label_decision, factual_alignment, interpretative_quality,
             caption_completeness, fluency, notes, reviewer, patient, session_date, session_details, created_at, updated_at)
           VALUES (@recordingId, @label, @labelDecision, @factualAlignment, @interpretativeQuality,
             @captionCompleteness, @fluency, @notes, @reviewer, @patient, @sessionDate, @sessionDetails, @createdAt, @updatedAt)
           ON CONFLICT (recording_id) DO UPDATE SET label = excluded.label, label_decision = excluded.label_decision,
             factual_alignment = excluded.factual_alignment, interpretative_quality = excluded.interpretative_quality,
             caption_completeness = excluded.caption_completeness, fluency = excluded.fluency, notes = excluded.notes,
             reviewer = excluded.reviewer, patient = excluded.patient, session_date = excluded.session_date,
             session_details = excluded.session_details, updated_at = excluded.updated_at`,
        )
        .run({ ...next, ...next.ratings });
      this.db
        .prepare('INSERT INTO review_events (recording_id, at, reviewer, changes_json) VALUES (?, ?, ?, ?)')
        .run(recordingId, at, next.reviewer, JSON.stringify(changes));
      return next;
    })();
  }
}

function emptyRatings(): Ratings {
  return { factualAlignment: null, interpretativeQuality: null, captionCompleteness: null, fluency: null };
}

function toReview(row: ReviewRow): Review {
  const ratings = emptyRatings();
  for (const [aspect, column] of Object.entries(RATING_COLUMNS) as [keyof Ratings, keyof ReviewRow][]) {
    ratings[aspect] = row[column] as number | null;
  }
  return {
    recordingId: row.recording_id,
    label: row.label,
    labelDecision: row.label_decision,
    ratings,
    notes: row.notes,
    reviewer: row.reviewer,
    patient: row.patient,
    sessionDate: row.session_date,
    sessionDetails: row.session_details,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
