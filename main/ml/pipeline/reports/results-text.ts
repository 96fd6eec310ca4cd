// Human-readable text of a clip's result for a terminal: the answer (or why there is none: malformed,
// or a clip the model cannot judge), an input-quality warning and measures, the top probabilities,
// the evidence verdicts, the prosody caption and the reasoning wrapped to a width.
import type { ClipAnalysisResult, FailedClip } from '../../../../shared/types/analysis-result';
import type { InputQuality } from '../../../../shared/types/input-quality';
import { cannotJudgeText, inputWarningText } from '../../../../shared/util/input-quality-words';
import { ACTIVE_SPEECH_MAX_DB } from '../../../prosody';

/** Words of `text` packed into lines of at most `width` characters, each prefixed by `indent`. */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

/** The `n` most probable labels as "angry 0.62 · fearful 0.12 · …". */
export function topProbabilities(probabilities: Record<string, number>, n = 3): string {
  return Object.entries(probabilities)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([label, p]) => `${label} ${p.toFixed(2)}`)
    .join(' · ');
}

const ms = (x: number) => `${Math.round(x)}`;

/** Control characters (an untrained model writes them) would ring bells or move the cursor. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const printable = (text: string): string => text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');

/** The input measures in one line: SNR, bandwidth, speech, clipping, distance from the training clips. */
export function inputMeasuresText(quality: InputQuality): string {
  const m = quality.measures;
  const parts = [
    `SNR ${m.snrDb === null ? '—' : m.snrDb >= ACTIVE_SPEECH_MAX_DB ? `≥ ${ACTIVE_SPEECH_MAX_DB} dB` : `${m.snrDb.toFixed(1)} dB`}`,
    `bandwidth ${m.bandwidthHz === null ? '—' : `${(m.bandwidthHz / 1000).toFixed(1)} kHz`}`,
    `speech ${m.speechS.toFixed(2)} of ${m.durationS.toFixed(2)} s`,
    `clipped ${(m.clippedShare * 100).toFixed(2)} %`,
    ...(m.rmsZ === null ? [] : [`distance from training RMS ${m.rmsZ.toFixed(2)} SD`]),
  ];
  return parts.join(', ');
}

export function formatClipText(result: ClipAnalysisResult, name: string, width = 100): string {
  const { evidence: e, timings: t, inputQuality: quality } = result;
  const p = (probabilities: Record<string, number>) => (probabilities[result.label!] ?? 0).toFixed(2);
  // A clip the model cannot judge gets no label: its answer is secondary text, never the headline.
  const answer = !quality.judgeable
    ? `${cannotJudgeText(quality)}${result.label ? `  (the model answered ${result.label}, p ${p(result.rawProbabilities)}: not a judgement)` : ''}`
    : result.wellFormed
      ? `${result.label} (p ${p(result.probabilities)}${quality.outOfRange ? `, lowered from ${p(result.rawProbabilities)}: input out of range` : ''})`
      : `no valid answer after ${result.attempts.length} attempt(s): ${printable(result.problems.slice(0, 3).join('; '))}${result.problems.length > 3 ? '; …' : ''}`;
  const lines = [
    `${name}  →  ${answer}`,
    ...(quality.judgeable && quality.outOfRange
      ? wrapText(`WARNING: ${inputWarningText(quality)}`, width, '             ').map((l, i) =>
          i === 0 ? `  input:     ${l.trimStart()}` : l,
        )
      : []),
    `  measured:  ${inputMeasuresText(quality)}`,
    `  top:       ${topProbabilities(result.probabilities)}${result.probabilitySource === 'forced-answer' ? '  (read after the reasoning; no <answer> was written)' : ''}`,
    `  evidence:  ${e.verified} verified, ${e.contradicted} contradicted, ${e.unverifiable} unverifiable` +
      (e.verified + e.contradicted > 0 ? ` (${Math.round(e.verifiedShare * 100)} % of checkable claims hold)` : ''),
    ...wrapText(result.caption, width, '             ').map((l, i) => (i === 0 ? `  prosody:   ${l.trimStart()}` : l)),
    ...(result.reasoning
      ? wrapText(printable(result.reasoning), width, '             ').map((l, i) => (i === 0 ? `  reasoning: ${l.trimStart()}` : l))
      : ['  reasoning: (none)']),
    ...result.warnings.map((w) => `  warning:   ${w.message}`),
    `  time:      ${ms(t.total)} ms (decode ${ms(t.decode)}, prosody ${ms(t.prosody)}, features ${ms(t.features)}, encode ${ms(t.encode)}, generate ${ms(t.generate)}, check ${ms(t.check)})`,
  ];
  return lines.join('\n');
}

export function formatFailureText(failure: FailedClip, name: string): string {
  return `${name}  →  FAILED [${failure.code}] ${failure.message}`;
}
