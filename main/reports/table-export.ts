// One row per recording for spreadsheets and scripts: measures, levels, caption, label and review.
import type { AnalysisView } from '../../shared/types/analysis-view';
import type { RecordingSummary } from '../../shared/types/library';
import { RATING_ASPECTS, type Review } from '../../shared/types/review';

/** What a table row is built from; analysis is null for a recording not analysed yet. */
export interface TableEntry {
  recording: RecordingSummary;
  analysis: AnalysisView | null;
  review: Review | null;
}

export function tableRows(entries: readonly TableEntry[]): Record<string, string | number | null>[] {
  return entries.map(({ recording, analysis, review }) => ({
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
    review_label: review?.label ?? null,
    label_decision: review?.labelDecision ?? null,
    ...Object.fromEntries(RATING_ASPECTS.map((aspect) => [`rating_${snake(aspect)}`, review?.ratings[aspect] ?? null])),
    reviewer: review?.reviewer ?? null,
    notes: review?.notes ?? null,
  }));
}

/** RFC 4180 CSV: quoted where needed, CRLF line ends. */
export function toCsv(rows: readonly Record<string, string | number | null>[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]!);
  const cell = (value: string | number | null) => {
    if (value === null) return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c] ?? null)).join(','))].join('\r\n') + '\r\n';
}

function round(value: number | null, digits: number): number | null {
  return value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
