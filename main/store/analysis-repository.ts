// Every analysis of a recording, newest last. The prosody part is always there; the model's part
// (label, probabilities, reasoning, verdicts) only when an emotion model produced it.
import type { CalibrationRef } from '../../shared/types/calibration';
import type { EvidenceClaim } from '../../shared/types/evidence';
import type { InputQuality } from '../../shared/types/input-quality';
import type { ProsodyAnalysis } from '../../shared/types/prosody';
import { AppError } from '../ipc/app-error';
import { prosodyFromJson, prosodyToJson } from '../analysis/prosody-json';
import type { SqliteDatabase } from './database';

/** What an emotion model added to an analysis. */
export interface ModelOutput {
  modelId: string;
  /** The emotion judgement; '' when the output is not one (malformed, or a test model's). */
  label: string;
  probabilities: Record<string, number>;
  reasoning: string;
  claims: EvidenceClaim[];
  /** Details beyond the label; absent on analyses stored before schema version 3. */
  details?: ModelOutputDetails;
}

/** The model's answer beyond its label (kept as JSON in analyses.model_json). */
export interface ModelOutputDetails {
  modelKey: string;
  modelName: string;
  testModel: boolean;
  /** The label the model wrote in <answer>, whatever it was. */
  answered: string | null;
  wellFormed: boolean;
  problems: string[];
  probabilitySource: 'generated-answer' | 'forced-answer';
  /** The measured-cue line the model was given; absent in rows from before prompts existed. */
  modelPrompt?: string | null;
  /** The reasoning's opening the app wrote from the measurements; absent in older rows. */
  reasoningPrefix?: string | null;
  /** How like the training data the clip was (issue 11); absent in older rows. */
  inputQuality?: InputQuality;
  /** The model's probabilities before the input-quality blending; absent in older rows. */
  rawProbabilities?: Record<string, number>;
}

/** One stored analysis. */
export interface StoredAnalysis {
  id: number;
  recordingId: string;
  prosody: ProsodyAnalysis;
  model: ModelOutput | null;
  /** Milliseconds per stage (decode, prosody, model, …). */
  timings: Record<string, number>;
  /** The user calibration the levels (and the model's inputs) were relative to; null: the training corpora's. */
  calibration: CalibrationRef | null;
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
  model_json: string | null;
  calibration_json: string | null;
}

export class AnalysisRepository {
  constructor(private readonly db: SqliteDatabase) {}

  add(
    recordingId: string, prosody: ProsodyAnalysis, model: ModelOutput | null, timings: Record<string, number>,
    { calibration = null, now = new Date() }: { calibration?: CalibrationRef | null; now?: Date } = {},
  ): StoredAnalysis {
    const result = this.db
      .prepare(
        `INSERT INTO analyses (recording_id, prosody_json, model_id, label, probabilities_json, reasoning, verdicts_json, timings_json, created_at, model_json, calibration_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        recordingId,
        prosodyToJson(prosody),
        model?.modelId ?? null,
        // Only a real judgement goes in the label column (listings and filters read it).
        model?.label ? model.label : null,
        model ? JSON.stringify(model.probabilities) : null,
        model?.reasoning ?? null,
        model ? JSON.stringify(model.claims) : null,
        JSON.stringify(timings),
        now.toISOString(),
        model?.details ? JSON.stringify(model.details) : null,
        calibration ? JSON.stringify({ id: calibration.id, name: calibration.name, clips: calibration.clips }) : null,
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
    row.model_id
      ? {
          modelId: row.model_id,
          label: row.label ?? '',
          probabilities: JSON.parse(row.probabilities_json ?? '{}') as Record<string, number>,
          reasoning: row.reasoning ?? '',
          claims: JSON.parse(row.verdicts_json ?? '[]') as EvidenceClaim[],
          ...(row.model_json ? { details: JSON.parse(row.model_json) as ModelOutputDetails } : {}),
        }
      : null;
  return {
    id: row.id,
    recordingId: row.recording_id,
    prosody: prosodyFromJson(row.prosody_json),
    model,
    timings: JSON.parse(row.timings_json) as Record<string, number>,
    calibration: row.calibration_json ? (JSON.parse(row.calibration_json) as CalibrationRef) : null,
    createdAt: row.created_at,
  };
}
