// Every analysis of a recording, newest last. The prosody part is always there; the model's part
// (label, probabilities, reasoning, verdicts) only when an emotion model produced it.
import type { EvidenceClaim } from '../../shared/types/evidence';
import type { ProsodyAnalysis } from '../../shared/types/prosody';
import { AppError } from '../ipc/app-error';
import { prosodyFromJson, prosodyToJson } from '../analysis/prosody-json';
import type { SqliteDatabase } from './database';

/** What an emotion model added to an analysis. */
export interface ModelOutput {
  modelId: string;
  label: string;
  probabilities: Record<string, number>;
  reasoning: string;
  claims: EvidenceClaim[];
}

/** One stored analysis. */
export interface StoredAnalysis {
  id: number;
  recordingId: string;
  prosody: ProsodyAnalysis;
  model: ModelOutput | null;
  /** Milliseconds per stage (decode, prosody, model, …). */
  timings: Record<string, number>;
  createdAt: string;
}

interface AnalysisRow {
  id: number;
  recording_id: string;
  prosody_json: string;
  model_id: string | null;
  label: string | null;
  probabilities_json: string | null;
  reasoning: string | null;
  verdicts_json: string | null;
  timings_json: string;
  created_at: string;
}

export class AnalysisRepository {
  constructor(private readonly db: SqliteDatabase) {}

  add(recordingId: string, prosody: ProsodyAnalysis, model: ModelOutput | null, timings: Record<string, number>, now = new Date()): StoredAnalysis {
    const result = this.db
      .prepare(
        `INSERT INTO analyses (recording_id, prosody_json, model_id, label, probabilities_json, reasoning, verdicts_json, timings_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        recordingId,
        prosodyToJson(prosody),
        model?.modelId ?? null,
        model?.label ?? null,
        model ? JSON.stringify(model.probabilities) : null,
        model?.reasoning ?? null,
        model ? JSON.stringify(model.claims) : null,
        JSON.stringify(timings),
        now.toISOString(),
      );
    return this.byId(Number(result.lastInsertRowid));
  }

  /** The newest analysis of a recording, or not_found when it has none. */
  latest(recordingId: string): StoredAnalysis {
    const row = this.db.prepare('SELECT * FROM analyses WHERE recording_id = ? ORDER BY id DESC LIMIT 1').get(recordingId) as AnalysisRow | undefined;
    if (!row) throw new AppError('not_found', `Recording ${recordingId} has not been analysed yet.`);
    return toAnalysis(row);
  }

  count(recordingId: string): number {
    return this.db.prepare('SELECT count(*) FROM analyses WHERE recording_id = ?').pluck().get(recordingId) as number;
  }

  private byId(id: number): StoredAnalysis {
    return toAnalysis(this.db.prepare('SELECT * FROM analyses WHERE id = ?').get(id) as AnalysisRow);
  }
}

function toAnalysis(row: AnalysisRow): StoredAnalysis {
  const model: ModelOutput | null =
    row.model_id && row.label
      ? {
          modelId: row.model_id,
          label: row.label,
          probabilities: JSON.parse(row.probabilities_json ?? '{}') as Record<string, number>,
          reasoning: row.reasoning ?? '',
          claims: JSON.parse(row.verdicts_json ?? '[]') as EvidenceClaim[],
        }
      : null;
  return {
    id: row.id,
    recordingId: row.recording_id,
    prosody: prosodyFromJson(row.prosody_json),
    model,
    timings: JSON.parse(row.timings_json) as Record<string, number>,
    createdAt: row.created_at,
  };
}
