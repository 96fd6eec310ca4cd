// One CSV row per file of an analysis run (RFC 4180 quoting), for spreadsheets and R/pandas: the
// label, every label's probability, the input quality (a clip the model cannot judge has no label,
// its answer only in model_answer), evidence counts, levels, timings, and the failure code of a
// file that could not be analyzed. Columns are fixed by the model's label list, in its order.
import type { ClipAnalysisResult, FailedClip } from '../../../../shared/types/analysis-result';
import { neutraliseFormula, quoteCsv } from '../../../reports/csv-cell';

/** RFC 4180 quoting, with text a spreadsheet would run as a formula neutralised (issue 14). */
const quote = (value: string): string => quoteCsv(neutraliseFormula(value));
const num = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '');

/** 'ok' (well formed), 'malformed' (flagged, no label), 'cannot_judge' (input unjudgeable, no label) or 'failed' (no result at all). */
export type RowStatus = 'ok' | 'malformed' | 'cannot_judge' | 'failed';

function statusOf(r: ClipAnalysisResult): RowStatus {
  if (!r.inputQuality.judgeable) return 'cannot_judge';
  return r.wellFormed ? 'ok' : 'malformed';
}

export function resultsToCsv(labels: readonly string[], results: ClipAnalysisResult[], failed: FailedClip[] = []): string {
  const header = [
    'file',
    'status',
    'label',
    'label_probability',
    ...labels.map((l) => `p_${l}`),
    'probability_source',
    'model_answer',
    'model_answer_raw_probability',
    'input_out_of_range',
    'input_reasons',
    'input_severity',
    'snr_db',
    'bandwidth_hz',
    'speech_s',
    'clipped_share',
    'utterance_rms_z',
    'claims_verified',
    'claims_contradicted',
    'claims_unverifiable',
    'verified_share',
    'pitch_level',
    'energy_level',
    'speed_level',
    'caption',
    'attempts',
    'total_ms',
    'error_code',
    'problems',
    'reasoning',
  ];
  const rows: string[][] = results.map((r) => {
    const q = r.inputQuality;
    const judged = q.judgeable ? r.label : null;
    const measure = (value: number | null, digits: number) => (value === null ? '' : num(value, digits));
    return [
      r.file,
      statusOf(r),
      judged ?? '',
      judged ? num(r.probabilities[judged] ?? NaN, 4) : '',
      ...labels.map((l) => num(r.probabilities[l] ?? NaN, 4)),
      r.probabilitySource,
      r.label ?? '',
      r.label ? num(r.rawProbabilities[r.label] ?? NaN, 4) : '',
      q.outOfRange ? 'yes' : 'no',
      q.reasons.map((x) => `${x.code}: ${x.message}`).join(' '),
      num(q.severity, 3),
      measure(q.measures.snrDb, 1),
      measure(q.measures.bandwidthHz, 0),
      num(q.measures.speechS, 2),
      num(q.measures.clippedShare, 5),
      measure(q.measures.rmsZ, 3),
      String(r.evidence.verified),
      String(r.evidence.contradicted),
      String(r.evidence.unverifiable),
      num(r.evidence.verifiedShare, 3),
      r.levels.pitch,
      r.levels.energy,
      r.levels.speed,
      r.caption,
      String(r.attempts.length),
      num(r.timings.total, 1),
      '',
      r.problems.join('; '),
      r.reasoning,
    ];
  });
  for (const f of failed) {
    const row = header.map(() => '');
    const set = (column: string, value: string) => (row[header.indexOf(column)] = value);
    set('file', f.file);
    set('status', 'failed');
    set('error_code', f.code);
    set('problems', f.message);
    rows.push(row);
  }
  return [header, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

/** JSON text of any result object; NaN and ±Infinity (undefined measures) become null. */
export function resultsToJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n';
}
