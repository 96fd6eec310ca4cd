// One row per recording for spreadsheets and scripts: measures, levels, caption, label and review.
import type { InputQuality } from '../../shared/types/input-quality';
import type { RecordingSummary } from '../../shared/types/library';
import type { Review } from '../../shared/types/review';
import { RATING_ASPECTS } from '../../shared/types/review-fields';
import type { AnalysisHeadline } from '../store/analysis-repository';
import { csvCell } from './csv-cell';

/**
 * What a table row is built from; analysis is null for a recording not analyzed yet. Only the
 * analysis's headline is read, so a large export need not load frames (an AnalysisView is one too).
 */
export interface TableEntry {
  recording: RecordingSummary;
  analysis: AnalysisHeadline | null;
  review: Review | null;
}

/**
 * One row per recording; a long recording explained as an emotion timeline is followed by one row
 * per utterance (the same id and name, its stretch, caption, label and input quality; the
 * recording-wide measures and the review stay on the recording's row).
 */
export function tableRows(entries: readonly TableEntry[]): Record<string, string | number | null>[] {
  return entries.flatMap(({ recording, analysis, review }) => {
    const row = {
      id: recording.id,
      name: recording.originalName,
      created_at: recording.createdAt,
      format: recording.format,
      duration_s: round(recording.durationS, 3),
      pitch_level: analysis?.levels.pitch ?? null,
      energy_level: analysis?.levels.energy ?? null,
      speed_level: analysis?.levels.speed ?? null,
      intonation: analysis?.summary.intonation ?? null,
      median_f0_hz: round(analysis?.summary.medianF0Hz ?? null, 1),
      pitch_range_st: round(analysis?.summary.pitchRangeSt ?? null, 2),
      articulation_rate_syl_per_s: round(analysis?.summary.articulationRateSylPerS ?? null, 3),
      pause_count: analysis?.summary.pauseCount ?? null,
      caption: analysis?.caption ?? null,
      model_id: analysis?.explanation?.modelId ?? null,
      model_label: analysis?.explanation?.label ?? null,
      ...inputQualityColumns(analysis?.explanation?.inputQuality),
      // Levels and model inputs are relative to this: the user's calibration, or the training corpora's tables.
      calibration: analysis ? (analysis.calibration?.name ?? 'training corpora') : null,
      review_label: review?.label ?? null,
      label_decision: review?.labelDecision ?? null,
      ...Object.fromEntries(RATING_ASPECTS.map((aspect) => [`rating_${snake(aspect)}`, review?.ratings[aspect] ?? null])),
      reviewer: review?.reviewer ?? null,
      notes: review?.notes ?? null,
      utterance: null as string | null,
      utterance_start_s: null as number | null,
      utterance_end_s: null as number | null,
    };
    const segments = analysis?.explanation?.segments ?? [];
    const empty = Object.fromEntries(Object.keys(row).map((key) => [key, null]));
    return [
      row,
      ...segments.map((segment, index) => ({
        ...empty,
        id: row.id,
        name: row.name,
        created_at: row.created_at,
        format: row.format,
        duration_s: round(segment.endS - segment.startS, 3),
        caption: segment.caption,
        model_id: row.model_id,
        model_label: segment.label,
        ...inputQualityColumns(segment.inputQuality),
        calibration: row.calibration,
        utterance: `${index + 1} of ${segments.length}`,
        utterance_start_s: round(segment.startS, 3),
        utterance_end_s: round(segment.endS, 3),
      })),
    ];
  });
}

/** RFC 4180 CSV, CRLF line ends; text that a spreadsheet would run as a formula is neutralised (csv-cell.ts). */
export function toCsv(rows: readonly Record<string, string | number | null>[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]!);
  return (
    [columns.map(csvCell).join(','), ...rows.map((row) => columns.map((c) => csvCell(row[c] ?? null)).join(','))].join('\r\n') + '\r\n'
  );
}

/**
 * Whether the model could judge the recording and why not / why out of range (issue 11); model_label
 * is empty for a recording it cannot judge. Null where no model ran (or the analysis predates this).
 */
function inputQualityColumns(quality: InputQuality | undefined): Record<string, string | number | null> {
  return {
    input_judgeable: quality ? (quality.judgeable ? 'yes' : 'no') : null,
    input_warning: quality?.outOfRange ? quality.reasons.map((r) => `${r.code}: ${r.message}`).join(' ') : quality ? '' : null,
    snr_db: round(quality?.measures.snrDb ?? null, 1),
    bandwidth_hz: round(quality?.measures.bandwidthHz ?? null, 0),
    speech_s: round(quality?.measures.speechS ?? null, 2),
    clipped_share: round(quality?.measures.clippedShare ?? null, 5),
    utterance_rms_z: round(quality?.measures.rmsZ ?? null, 3),
  };
}

/** Rounded; null for a measure that is undefined (NaN/±Infinity: an unvoiced or silent clip), never NaN in an export. */
function round(value: number | null, digits: number): number | null {
  return value === null || !Number.isFinite(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
