// An utterance's answer moved onto its recording's time axis (issue 15's emotion timeline): each
// utterance is measured and explained on its own, so its times count from the utterance's start.
// The claims' regions move (the charts show them), and so do the times the reader sees — the
// reasoning's "stress at 1.13 s", the caption's stress times, what each claim was checked against —
// or the words would point 25 s away from the mark on the chart. Durations ("a pause lasting
// 0.42 s") are not times on the axis and stay as they are.
import type { ClaimRegion, EvidenceClaim } from '../../../shared/types/evidence';
import type { ClipAnalysisResult } from '../../../shared/types/analysis-result';

/** A number of seconds as the texts write it ("1.13 s"), the number captured. */
const SECONDS = /(\d+(?:\.\d+)?)(?=\s?s\b)/g;
/** Any decimal number (the pause ranges "0.50–0.90 s" of a measured text). */
const DECIMAL = /\d+\.\d+/g;

/** `result` with every time on the utterance's axis moved by `offsetS` onto the recording's. */
export function onRecordingTime(result: ClipAnalysisResult, offsetS: number): ClipAnalysisResult {
  if (offsetS === 0) return result;
  const { text: reasoning, mapIndex } = moveClaimTimes(result.reasoning, result.evidence.claims, offsetS);
  const prefix = result.reasoningPrefix;
  return {
    ...result,
    reasoning,
    // The app-written opening is the reasoning's beginning: it is what the moved text begins with.
    reasoningPrefix: prefix !== null && result.reasoning.startsWith(prefix) ? reasoning.slice(0, mapIndex(prefix.length)) : prefix,
    // A caption names times only where it lists stressed syllables.
    caption: result.caption.replace(SECONDS, (n) => moved(n, offsetS)),
    evidence: {
      ...result.evidence,
      claims: result.evidence.claims.map((claim) => ({
        ...claim,
        span: { start: mapIndex(claim.span.start), end: mapIndex(claim.span.end) },
        text: isTimeClaim(claim) ? claim.text.replace(SECONDS, (n) => moved(n, offsetS)) : claim.text,
        claim: isTimeClaim(claim) ? claim.claim.replace(SECONDS, (n) => moved(n, offsetS)) : claim.claim,
        measured: isTimedAttribute(claim) ? claim.measured.replace(DECIMAL, (n) => moved(n, offsetS)) : claim.measured,
        region: moveRegion(claim.region, offsetS),
      })),
    },
  };
}

/** A claim about a point in time ("stress at 1.13 s", "pause at 0.80 s"), not a duration or a count. */
function isTimeClaim(claim: EvidenceClaim): boolean {
  return /^(stress|pause) at /.test(claim.claim);
}

/** Claims whose measurement lists times: the stressed syllables, the pauses (start–end). */
function isTimedAttribute(claim: EvidenceClaim): boolean {
  return claim.attribute === 'stress' || claim.attribute === 'pauses';
}

/**
 * The text with the time of each time claim moved (the number inside the claim's span), and where
 * an index of the old text lies in the new one (for the claims' spans).
 */
function moveClaimTimes(
  text: string,
  claims: readonly EvidenceClaim[],
  offsetS: number,
): { text: string; mapIndex: (index: number) => number } {
  const edits = new Map<number, { end: number; replacement: string }>();
  for (const claim of claims) {
    if (!isTimeClaim(claim)) continue;
    const within = text.slice(claim.span.start, claim.span.end);
    for (const match of within.matchAll(SECONDS)) {
      const start = claim.span.start + match.index;
      edits.set(start, { end: start + match[0].length, replacement: moved(match[0], offsetS) });
    }
  }
  const ordered = [...edits.entries()].sort(([a], [b]) => a - b);
  let out = '';
  let from = 0;
  const shifts: { at: number; delta: number }[] = [];
  let delta = 0;
  for (const [start, { end, replacement }] of ordered) {
    if (start < from) continue; // overlapping spans: the first edit holds
    out += text.slice(from, start) + replacement;
    delta += replacement.length - (end - start);
    shifts.push({ at: end, delta });
    from = end;
  }
  out += text.slice(from);
  const mapIndex = (index: number): number => {
    let shift = 0;
    for (const s of shifts) if (index >= s.at) shift = s.delta;
    return index + shift;
  };
  return { text: out, mapIndex };
}

/** "1.13" moved by `offsetS`, written with as many decimals as it had (at least two). */
function moved(number: string, offsetS: number): string {
  const decimals = Math.max(2, number.split('.')[1]?.length ?? 0);
  return (Number(number) + offsetS).toFixed(decimals);
}

function moveRegion(region: ClaimRegion, offsetS: number): ClaimRegion {
  switch (region.kind) {
    case 'syllable':
      return { kind: 'syllable', timeS: region.timeS + offsetS };
    case 'none':
      return region;
    default:
      return { ...region, startS: region.startS + offsetS, endS: region.endS + offsetS };
  }
}
