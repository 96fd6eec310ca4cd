// Praat text formats: TextGrid (speech/pause intervals, syllable and stress points) and PitchTier.
// Format: Praat manual, "TextGrid file formats" and "PitchTier" (long text form, "ooTextFile").
import type { ProsodyAnalysis, TimeInterval } from '../../../shared/types/prosody';

/** Praat strings are double-quoted with inner quotes doubled. */
function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

/** Intervals covering [0, duration] with no gaps: speech, pause, or '' for leading/trailing silence. */
function speechTier(analysis: ProsodyAnalysis): { start: number; end: number; label: string }[] {
  const marks: { start: number; end: number; label: string }[] = [];
  const { speech, pauses } = analysis.segmentation;
  const labelled: (TimeInterval & { label: string })[] = [
    ...speech.map((s) => ({ ...s, label: 'speech' })),
    ...pauses.map((p) => ({ ...p, label: 'pause' })),
  ].sort((a, b) => a.startS - b.startS);
  let cursor = 0;
  for (const interval of labelled) {
    if (interval.endS <= interval.startS) continue;
    if (interval.startS > cursor + 1e-9) marks.push({ start: cursor, end: interval.startS, label: '' });
    marks.push({ start: Math.max(cursor, interval.startS), end: interval.endS, label: interval.label });
    cursor = interval.endS;
  }
  if (cursor < analysis.durationS - 1e-9 || marks.length === 0) marks.push({ start: cursor, end: analysis.durationS, label: '' });
  return marks;
}

export function analysisToTextGrid(analysis: ProsodyAnalysis): string {
  const xmax = analysis.durationS;
  const intervals = speechTier(analysis);
  const syllables = analysis.syllables;
  const stressed = syllables.filter((s) => s.stressed);
  const lines = [
    'File type = "ooTextFile"',
    'Object class = "TextGrid"',
    '',
    'xmin = 0',
    `xmax = ${xmax}`,
    'tiers? <exists>',
    'size = 3',
    'item []:',
  ];
  lines.push(
    '    item [1]:',
    '        class = "IntervalTier"',
    '        name = "speech"',
    '        xmin = 0',
    `        xmax = ${xmax}`,
    `        intervals: size = ${intervals.length}`,
  );
  intervals.forEach((iv, k) =>
    lines.push(
      `        intervals [${k + 1}]:`,
      `            xmin = ${iv.start}`,
      `            xmax = ${iv.end}`,
      `            text = ${quote(iv.label)}`,
    ),
  );
  const pointTier = (index: number, name: string, points: { time: number; mark: string }[]): void => {
    lines.push(
      `    item [${index}]:`,
      '        class = "TextTier"',
      `        name = ${quote(name)}`,
      '        xmin = 0',
      `        xmax = ${xmax}`,
      `        points: size = ${points.length}`,
    );
    points.forEach((p, k) =>
      lines.push(`        points [${k + 1}]:`, `            number = ${p.time}`, `            mark = ${quote(p.mark)}`),
    );
  };
  pointTier(
    2,
    'syllables',
    syllables.map((s) => ({ time: s.timeS, mark: s.stressStrength.toFixed(2) })),
  );
  pointTier(
    3,
    'stress',
    stressed.map((s) => ({ time: s.timeS, mark: 'stressed' })),
  );
  return `${lines.join('\n')}\n`;
}

/** PitchTier of the voiced frames (Hz), for Praat's manipulation editor. */
export function analysisToPitchTier(analysis: ProsodyAnalysis): string {
  const { f0Hz, frameStepS } = analysis.frames;
  const points: string[] = [];
  let count = 0;
  for (let i = 0; i < f0Hz.length; i++) {
    if (!(f0Hz[i]! > 0)) continue;
    count++;
    points.push(`points [${count}]:`, `    number = ${(i * frameStepS).toFixed(3)}`, `    value = ${f0Hz[i]!.toFixed(3)}`);
  }
  return [
    'File type = "ooTextFile"',
    'Object class = "PitchTier"',
    '',
    'xmin = 0',
    `xmax = ${analysis.durationS}`,
    `points: size = ${count}`,
    ...points,
    '',
  ].join('\n');
}
