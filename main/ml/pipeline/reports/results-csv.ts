// One CSV row per file of an analysis run (RFC 4180 quoting), for spreadsheets and R/pandas: the
// label, every label's probability, evidence counts, levels, timings, and the failure code of a
// file that could not be analysed. Columns are fixed by the model's label list, in its order.
import type { ClipAnalysisResult, FailedClip } from '../../../../shared/types/analysis-result';

const quote = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const num = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '');

/** 'ok' (well formed), 'malformed' (flagged, no label) or 'failed' (no result at all). */
export type RowStatus = 'ok' | 'malformed' | 'failed';

export function resultsToCsv(labels: readonly string[], results: ClipAnalysisResult[], failed: FailedClip[] = []): string {
  const header = [
    'file', 'status', 'label', 'label_probability', ...labels.map((l) => `p_${l}`), 'probability_source',
    'claims_verified', 'claims_contradicted', 'claims_unverifiable', 'verified_share',
    'pitch_level', 'energy_level', 'speed_level', 'caption', 'attempts', 'total_ms', 'error_code', 'problems', 'reasoning',
  ];
  const rows: string[][] = results.map((r) => [
    r.file, r.wellFormed ? 'ok' : 'malformed', r.label ?? '', r.label ? num(r.probabilities[r.label] ?? NaN, 4) : '',
    ...labels.map((l) => num(r.probabilities[l] ?? NaN, 4)), r.probabilitySource,
    String(r.evidence.verified), String(r.evidence.contradicted), String(r.evidence.unverifiable), num(r.evidence.verifiedShare, 3),
    r.levels.pitch, r.levels.energy, r.levels.speed, r.caption, String(r.attempts.length), num(r.timings.total, 1), '',
    r.problems.join('; '), r.reasoning,
  ]);
  for (const f of failed) {
    rows.push([f.file, 'failed', '', '', ...labels.map(() => ''), '', '', '', '', '', '', '', '', '', '', '', f.code, f.message, '']);
  }
  return [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** JSON text of any result object; NaN and ±Infinity (undefined measures) become null. */
export function resultsToJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
