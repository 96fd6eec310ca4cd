// Every analysis of a recording, newest last. The prosody part is always there; the model's part
// (label, probabilities, reasoning, verdicts) only when an emotion model produced it.
import type { CalibrationRef } from '../../shared/types/calibration';
import type { EvidenceClaim } from '../../shared/types/evidence';
import type { InputQuality } from '../../shared/types/input-quality';
import type { AnalysisView, TimelineSegment } from '../../shared/types/analysis-view';
import type { ProsodyAnalysis } from '../../shared/types/prosody';
import { AppError } from '../../shared/errors/app-error';
import { prosodyFromJson, prosodyToJson } from './prosody-json';
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
  /** A long recording's utterances and the answer on each (issue 15's emotion timeline); absent for a single clip. */
  segments?: TimelineSegment[];
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

/**
 * The headline of an analysis without its frames: what one row of a table export shows. Numbers a
 * clip leaves undefined (an unvoiced clip's pitch) are null.
 */
export interface AnalysisHeadline {
  levels: Pick<AnalysisView['levels'], 'pitch' | 'energy' | 'speed'>;
  caption: string | null;
  summary: {
    medianF0Hz: number | null;
    pitchRangeSt: number | null;
    intonation: AnalysisView['summary']['intonation'] | null;
    articulationRateSylPerS: number | null;
    pauseCount: number | null;
  };
  /**
   * The model's part, when a model ran: its id, label ('' when not a judgement) and input quality,
   * and for a long recording its utterances' (the emotion timeline).
   */
  explanation: { modelId: string; label: string; inputQuality?: InputQuality; segments?: SegmentHeadline[] } | null;
  /** The user calibration the levels and model inputs were relative to; null: the training corpora's. */
  calibration: CalibrationRef | null;
}

/** One utterance of a long recording as a table row shows it. */
export type SegmentHeadline = Pick<TimelineSegment, 'startS' | 'endS' | 'label' | 'caption' | 'inputQuality'>;

/** The headline's fields, read by SQLite from the stored JSON (one parse per row, in C, no frames). */
const HEADLINE_PATHS = [
  '$.levels.pitch',
  '$.levels.energy',
  '$.levels.speed',
  '$.caption',
  '$.pitch.medianHz',
  '$.intonation.rangeSt',
  '$.intonation.pattern',
  '$.rate.articulationRateSylPerS',
  '$.rate.pauseCount',
];

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
    recordingId: string,
    prosody: ProsodyAnalysis,
    model: ModelOutput | null,
    timings: Record<string, number>,
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
    const row = this.db.prepare('SELECT * FROM analyses WHERE recording_id = ? ORDER BY id DESC LIMIT 1').get(recordingId) as
      | AnalysisRow
      | undefined;
    if (!row) throw new AppError('not_found', `Recording ${recordingId} has not been analyzed yet.`);
    return toAnalysis(row);
  }

  /** The id of a recording's newest analysis, or null when it has none (no row parsed). */
  latestId(recordingId: string): number | null {
    const id = this.db.prepare('SELECT max(id) FROM analyses WHERE recording_id = ?').pluck().get(recordingId) as number | null;
    return id ?? null;
  }

  /** The headlines of the newest analyses of many recordings in one query; recordings never analyzed are absent. */
  latestHeadlines(recordingIds: readonly string[]): Map<string, AnalysisHeadline> {
    const rows = this.db
      .prepare(
        `SELECT a.recording_id, a.model_id, a.label,
                json_extract(a.prosody_json, ${HEADLINE_PATHS.map((p) => `'${p}'`).join(', ')}) AS headline_json,
                json_extract(a.model_json, '$.inputQuality') AS input_quality_json, a.calibration_json,
                (SELECT json_group_array(json_object('startS', json_extract(value, '$.startS'), 'endS', json_extract(value, '$.endS'),
                        'label', json_extract(value, '$.label'), 'caption', json_extract(value, '$.caption'),
                        'inputQuality', json_extract(value, '$.inputQuality')))
                 FROM json_each(a.model_json, '$.segments')) AS segments_json
         FROM analyses a
         WHERE a.id IN (SELECT max(id) FROM analyses WHERE recording_id IN (SELECT value FROM json_each(?)) GROUP BY recording_id)`,
      )
      .all(JSON.stringify(recordingIds)) as {
      recording_id: string;
      model_id: string | null;
      label: string | null;
      headline_json: string;
      input_quality_json: string | null;
      calibration_json: string | null;
      segments_json: string | null;
    }[];
    return new Map(
      rows.map((row) => [
        row.recording_id,
        {
          ...toHeadline(row.headline_json, row.model_id, row.label, row.input_quality_json, row.segments_json),
          calibration: row.calibration_json ? (JSON.parse(row.calibration_json) as CalibrationRef) : null,
        },
      ]),
    );
  }

  count(recordingId: string): number {
    return this.db.prepare('SELECT count(*) FROM analyses WHERE recording_id = ?').pluck().get(recordingId) as number;
  }

  private byId(id: number): StoredAnalysis {
    return toAnalysis(this.db.prepare('SELECT * FROM analyses WHERE id = ?').get(id) as AnalysisRow);
  }
}

function toHeadline(
  headlineJson: string,
  modelId: string | null,
  label: string | null,
  inputQualityJson: string | null,
  segmentsJson: string | null,
): Omit<AnalysisHeadline, 'calibration'> {
  const segments = segmentsJson ? (JSON.parse(segmentsJson) as SegmentHeadline[]) : [];
  const [pitch, energy, speed, caption, medianF0Hz, pitchRangeSt, intonation, articulationRateSylPerS, pauseCount] = JSON.parse(
    headlineJson,
  ) as unknown[];
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  return {
    levels: { pitch, energy, speed } as AnalysisHeadline['levels'],
    caption: typeof caption === 'string' ? caption : null,
    summary: {
      medianF0Hz: num(medianF0Hz),
      pitchRangeSt: num(pitchRangeSt),
      intonation: typeof intonation === 'string' ? (intonation as AnalysisHeadline['summary']['intonation']) : null,
      articulationRateSylPerS: num(articulationRateSylPerS),
      pauseCount: num(pauseCount),
    },
    explanation: modelId
      ? {
          modelId,
          label: label ?? '',
          ...(inputQualityJson ? { inputQuality: JSON.parse(inputQualityJson) as InputQuality } : {}),
          ...(segments.length ? { segments } : {}),
        }
      : null,
  };
}

function toAnalysis(row: AnalysisRow): StoredAnalysis {
  const model: ModelOutput | null = row.model_id
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
