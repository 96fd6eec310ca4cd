// An evaluation as CSV, for a spreadsheet: sections separated by a blank line, each starting with a
// row naming it — the systems side by side (accuracy, CI, UAR, ECE, per-class recall), each
// system's confusion matrix, the per-corpus table and each reliability diagram. Numbers are plain
// (shares 0–1, not percentages); an undefined figure is an empty cell.
import type { EvaluationResult } from '../../shared/types/evaluation';

const cell = (value: string | number | null | undefined): string => {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(Number(value.toFixed(6))) : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const line = (cells: (string | number | null | undefined)[]) => cells.map(cell).join(',');

export function evaluationCsv(result: EvaluationResult): string {
  const classes = [...new Set(result.systems.flatMap((s) => Object.keys(s.perClassRecall)))].sort();
  const out: string[] = [];
  out.push(line([`systems: ${result.model.name}, ${result.clips.evaluated} clips`]));
  out.push(
    line([
      'system',
      'role',
      'clips',
      'accuracy',
      'accuracy_ci95_low',
      'accuracy_ci95_high',
      'uar',
      'ece',
      'most_frequent_answer',
      'most_frequent_share',
      ...classes.map((c) => `recall_${c}`),
    ]),
  );
  for (const s of result.systems) {
    out.push(
      line([
        s.name,
        s.role,
        s.clips,
        s.accuracy,
        s.accuracyCi95.low,
        s.accuracyCi95.high,
        s.unweightedAverageRecall,
        s.expectedCalibrationError,
        s.collapse.label ?? 'none',
        s.collapse.share,
        ...classes.map((c) => s.perClassRecall[c] ?? null),
      ]),
    );
  }
  for (const s of result.systems) {
    out.push('', line([`confusion: ${s.name} (rows true, columns predicted)`]));
    out.push(line(['true \\ predicted', ...s.confusion.classes, 'no answer']));
    s.confusion.classes.forEach((c, i) => out.push(line([c, ...s.confusion.counts[i]!, s.confusion.unanswered[i]])));
  }
  out.push('', line(['per corpus']));
  out.push(line(['corpus', 'clips', 'system', 'role', 'accuracy', 'uar']));
  for (const c of result.corpora)
    for (const s of c.systems) out.push(line([c.name, c.clips, s.name, s.role, s.accuracy, s.unweightedAverageRecall]));
  for (const s of result.systems) {
    out.push('', line([`reliability: ${s.name}`]));
    out.push(line(['confidence_low', 'confidence_high', 'clips', 'mean_confidence', 'accuracy']));
    for (const b of s.reliability) out.push(line([b.low, b.high, b.clips, b.meanConfidence, b.accuracy]));
  }
  out.push('', line(['explanations and latency']));
  out.push(
    line([
      'claims_verified_share',
      'model_written_claims_verified_share',
      'well_formed_share',
      'latency_per_clip_median_ms',
      'latency_4s_median_ms',
    ]),
  );
  out.push(
    line([
      result.claims.verifiedShare,
      result.claims.modelWrittenVerifiedShare,
      result.wellFormedShare,
      result.latency.perClipMedianMs,
      result.latency.fourSecondMedianMs,
    ]),
  );
  return `${out.join('\n')}\n`;
}
