// The reasoning text cut into plain runs and claim runs, and a claim's region as a time span.
import type { Explanation } from '../../../shared/types/analysis-view';
import type { ClaimRegion } from '../../../shared/types/evidence';
import type { TimeSpan } from '../../lib/charts/timeline';

type Claim = Explanation['claims'][number];

/** A run of the reasoning text; `claim` set where the run is a checked claim. */
export interface TextRun {
  text: string;
  claim: Claim | null;
}

/** Splits the text at claim spans (overlapping or out-of-range spans are skipped). */
export function reasoningRuns(text: string, claims: readonly Claim[]): TextRun[] {
  const runs: TextRun[] = [];
  let at = 0;
  for (const claim of [...claims].sort((a, b) => a.span.start - b.span.start)) {
    const { start, end } = claim.span;
    if (start < at || end > text.length || end <= start) continue;
    if (start > at) runs.push({ text: text.slice(at, start), claim: null });
    runs.push({ text: text.slice(start, end), claim });
    at = end;
  }
  if (at < text.length) runs.push({ text: text.slice(at), claim: null });
  return runs;
}

/** The stretch of the charts a claim refers to; a syllable gets ±80 ms around its nucleus. */
export function regionSpan(region: ClaimRegion): TimeSpan | null {
  switch (region.kind) {
    case 'utterance':
    case 'final':
    case 'pause':
      return { startS: region.startS, endS: region.endS };
    case 'syllable':
      return { startS: Math.max(0, region.timeS - 0.08), endS: region.timeS + 0.08 };
    case 'none':
      return null;
  }
}
