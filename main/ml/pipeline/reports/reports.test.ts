import { describe, expect, it } from 'vitest';
import { resultsToCsv, resultsToJson } from './results-csv';
import { topProbabilities, wrapText } from './results-text';

describe('text and file reports', () => {
  it('wraps words to the width with the indent and never splits a word', () => {
    expect(wrapText('the pitch is high and the energy is loud', 16, '  ')).toEqual([
      '  the pitch is',
      '  high and the',
      '  energy is loud',
    ]);
  });

  it('lists the most probable labels first', () => {
    expect(topProbabilities({ sad: 0.1, angry: 0.6, calm: 0.3 }, 2)).toBe('angry 0.60 · calm 0.30');
  });

  it('quotes CSV fields holding commas, quotes or line breaks, and lists failed files with their code', () => {
    const csv = resultsToCsv(['a', 'b'], [], [{ file: 'x,y.wav', code: 'corrupt', message: 'has a "bad"\\nheader' }]);
    const [header, row] = csv.trim().split('\r\n');
    expect(header).toContain('p_a,p_b');
    expect(row).toMatch(/^"x,y.wav",failed,/);
    expect(row).toContain(',corrupt,"has a ""bad""\\nheader",');
  });

  it('writes undefined measures (NaN) as null in JSON', () => {
    expect(JSON.parse(resultsToJson({ medianHz: NaN, x: 1 }))).toEqual({ medianHz: null, x: 1 });
  });
});
