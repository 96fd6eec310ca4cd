// Finds the prosodic claims in a text: value words resolved to an attribute through nearby nouns,
// negation looked up within the clause, stress and pause statements with their times and counts.
// Only claims are produced here; check-claims.ts compares them with the measurement.
import type { ClaimAttribute } from '../../../shared/types/evidence';
import {
  AFFECT_NOUNS,
  ATTRIBUTE_NOUNS,
  COUNT_WORDS,
  FINAL_MARKERS,
  HEDGES,
  NEEDS_NOUN,
  NEGATORS,
  OVERALL_MARKERS,
  PAUSE_WORDS,
  PROSODIC_NOUNS,
  SEVERAL_WORDS,
  STRESS_WORDS,
  VALUE_WORDS,
  type ValueSense,
} from './lexicon';
import { clauses, isSecondsAt, tokenize, type Token } from './tokens';

/** A claim before checking. `value` is canonical ("high", "rise-fall", "breathy"); pauses/stress use the extra fields. */
export interface ParsedClaim {
  attribute: ClaimAttribute;
  value: string;
  negated: boolean;
  start: number;
  end: number;
  /** Stress: the time named; pauses: the time a pause is placed at. */
  timeS?: number;
  /** Pauses: how many are claimed (min..max). */
  count?: { min: number; max: number };
  /** Pauses: a claimed duration (s). */
  durationS?: number;
}

const NOUN_WINDOW = 5;
const MARKER_WINDOW = 4;
const RISE = new Set(['rise', 'rises', 'rising', 'climbs', 'climbing', 'up']);
const FALL = new Set(['fall', 'falls', 'falling', 'drops', 'dropping', 'sinks', 'descends', 'down']);
const LINKS = new Set(['and', 'then', 'before', 'again', 'briefly', 'into', 'a', 'slightly', 'comes', 'goes', 'it']);
const GENERIC_NOUNS = new Set(['voice', 'tone', 'sound', 'delivery', 'speech', 'speaker']);
const COMPARATIVES = new Set(['more', 'less', 'most', 'least']);
const TIME_PREPOSITIONS = new Set(['at', 'around', 'near', 'about', 'by', 'approximately', 'roughly']);

function isNegated(clause: Token[], i: number): boolean {
  for (let k = i - 1, seen = 0; k >= 0 && seen < 4; k--) {
    const w = clause[k]!.word;
    if (NEGATORS.has(w)) return true;
    if (!HEDGES.has(w)) seen++;
  }
  return false;
}

function nearest(clause: Token[], i: number, window: number, test: (t: Token) => boolean): { token: Token; distance: number } | null {
  let best: { token: Token; distance: number } | null = null;
  clause.forEach((t, k) => {
    const distance = Math.abs(k - i);
    if (k !== i && distance <= window && test(t) && (!best || distance < best.distance)) best = { token: t, distance };
  });
  return best;
}

/** Picks the sense of a value word from nearby nouns and markers; null = not a prosodic claim. */
function resolveSense(clause: Token[], i: number, senses: ValueSense[]): { sense: ValueSense | null; noun: Token | null } {
  const word = clause[i]!.word;
  const movement = senses.some((s) => s.attribute === 'intonation-pattern' || s.attribute === 'final-movement');
  const final = movement ? nearest(clause, i, MARKER_WINDOW, (t) => FINAL_MARKERS.has(t.word)) : null;
  const overall = movement ? nearest(clause, i, MARKER_WINDOW, (t) => OVERALL_MARKERS.has(t.word)) : null;
  const found = nearest(clause, i, NOUN_WINDOW, (t) => (ATTRIBUTE_NOUNS[t.word] ?? []).some((a) => senses.some((s) => s.attribute === a)));
  // In a compound ("pitch range") the last noun is the head: "moderate pitch range" is about range.
  const head = found ? clause.find((t) => t.index === found.token.index + 1 && ATTRIBUTE_NOUNS[t.word]) : undefined;
  const noun =
    found && head && (ATTRIBUTE_NOUNS[head.word] ?? []).some((a) => senses.some((s) => s.attribute === a))
      ? { token: head, distance: found.distance + 1 }
      : found;
  let candidates = noun ? senses.filter((s) => ATTRIBUTE_NOUNS[noun.token.word]!.includes(s.attribute)) : senses;
  if (
    movement &&
    candidates.some((s) => s.attribute === 'final-movement') &&
    candidates.some((s) => s.attribute === 'intonation-pattern')
  ) {
    const isFinal = final !== null && (overall === null || final.distance < overall.distance);
    candidates = candidates.filter((s) => s.attribute === (isFinal ? 'final-movement' : 'intonation-pattern'));
  }
  const anchored = noun !== null || final !== null || overall !== null;
  if (!anchored && (NEEDS_NOUN.has(word) || candidates.length > 1)) return { sense: null, noun: null };
  return { sense: candidates[0] ?? null, noun: noun?.token ?? final?.token ?? null };
}

function movementCombos(clause: Token[], used: Set<number>, out: ParsedClaim[]): void {
  for (let i = 0; i < clause.length; i++) {
    const first = clause[i]!.word;
    const up = RISE.has(first);
    if (!up && !FALL.has(first)) continue;
    for (let j = i + 1; j < clause.length && j <= i + 4; j++) {
      const w = clause[j]!.word;
      if ((up && FALL.has(w)) || (!up && RISE.has(w))) {
        for (let k = i; k <= j; k++) used.add(clause[k]!.index);
        out.push({
          attribute: 'intonation-pattern',
          value: up ? 'rise-fall' : 'fall-rise',
          negated: isNegated(clause, i),
          start: clause[i]!.start,
          end: clause[j]!.end,
        });
        break;
      }
      if (!LINKS.has(w)) break;
    }
  }
}

function stressClaims(clause: Token[], out: ParsedClaim[]): void {
  const at = clause.findIndex((t) => STRESS_WORDS.has(t.word));
  if (at < 0) return;
  let timed = false;
  clause.forEach((t, k) => {
    if (!isSecondsAt(clause, k)) return;
    timed = true;
    out.push({ attribute: 'stress', value: 'at', negated: false, start: t.start, end: clause[k + 1]!.end, timeS: Number(t.word) });
  });
  if (timed) return;
  const negated = clause.slice(0, at + 1).some((t) => NEGATORS.has(t.word) || t.word === 'none');
  out.push({ attribute: 'stress', value: negated ? 'none' : 'present', negated: false, start: clause[0]!.start, end: clause[at]!.end });
}

function pauseClaims(clause: Token[], out: ParsedClaim[], timesOnly = false): void {
  if (timesOnly) return pauseTimes(clause, out);
  const at = clause.findIndex((t) => PAUSE_WORDS.has(t.word));
  if (at < 0) return;
  const before = clause.slice(Math.max(0, at - 3), at).map((t) => t.word);
  const plural = clause[at]!.word.endsWith('s');
  let count = { min: plural ? 2 : 1, max: Infinity };
  if (clause.slice(0, at).some((t) => ['no', 'without', 'never', 'none', 'uninterrupted', 'unbroken'].includes(t.word)))
    count = { min: 0, max: 0 };
  else {
    const numeric = before.map((w) => COUNT_WORDS[w] ?? (/^\d+$/.test(w) ? Number(w) : NaN)).find(Number.isFinite);
    if (numeric !== undefined) count = { min: numeric, max: numeric };
    else if (before.some((w) => SEVERAL_WORDS.has(w))) count = { min: 2, max: Infinity };
  }
  const startTok = clause[Math.max(0, at - before.length)]!;
  out.push({ attribute: 'pauses', value: 'count', negated: false, start: startTok.start, end: clause[at]!.end, count });
  if (before.includes('long') || before.includes('lengthy'))
    out.push({ attribute: 'pauses', value: 'long', negated: false, start: startTok.start, end: clause[at]!.end });
  if (before.includes('short') || before.includes('brief'))
    out.push({ attribute: 'pauses', value: 'short', negated: false, start: startTok.start, end: clause[at]!.end });
  pauseTimes(clause, out);
}

function pauseTimes(clause: Token[], out: ParsedClaim[]): void {
  clause.forEach((t, k) => {
    if (!isSecondsAt(clause, k)) return;
    const prep = clause[k - 1]?.word ?? '';
    const span = { start: (clause[k - 1] ?? t).start, end: clause[k + 1]!.end };
    if (TIME_PREPOSITIONS.has(prep)) out.push({ attribute: 'pauses', value: 'at', negated: false, ...span, timeS: Number(t.word) });
    else if (prep === 'of' || prep === 'lasting')
      out.push({ attribute: 'pauses', value: 'duration', negated: false, ...span, durationS: Number(t.word) });
  });
}

/** Every claim in `text`, in text order. */
export function parseClaims(text: string): ParsedClaim[] {
  const out: ParsedClaim[] = [];
  let previous: 'stress' | 'pause' | null = null;
  for (const clause of clauses(tokenize(text))) {
    const found: ParsedClaim[] = [];
    const used = new Set<number>();
    // "stress at 1.10 s, 1.50 s and 1.87 s": a clause of bare times continues the previous list.
    const timesOnly = clause.every((t) => /^\d/.test(t.word) || ['s', 'and', 'at'].includes(t.word));
    const hasStress: boolean = clause.some((t) => STRESS_WORDS.has(t.word)) || (timesOnly && previous === 'stress');
    const hasPause: boolean = clause.some((t) => PAUSE_WORDS.has(t.word)) || (timesOnly && previous === 'pause');
    if (hasStress) stressClaims(timesOnly ? [{ ...clause[0]!, word: 'stress' }, ...clause] : clause, found);
    else if (hasPause) pauseClaims(timesOnly ? [{ ...clause[0]!, word: 'at' }, ...clause] : clause, found, timesOnly);
    if (!timesOnly) previous = hasStress ? 'stress' : hasPause ? 'pause' : null;
    movementCombos(clause, used, found);
    clause.forEach((t, i) => {
      const senses = VALUE_WORDS.get(t.word);
      if (!senses || used.has(t.index)) return;
      if (AFFECT_NOUNS.has(clause[i + 1]?.word ?? '') || AFFECT_NOUNS.has(clause[i + 2]?.word ?? '')) return;
      if ((t.word === 'level' || t.word === 'levels') && ATTRIBUTE_NOUNS[clause[i - 1]?.word ?? '']) return;
      // "typical of anger", "more typical": comparisons with an emotion, not a claim about the clip.
      if (clause[i + 1]?.word === 'of' || COMPARATIVES.has(clause[i - 1]?.word ?? '')) return;
      if (hasStress || hasPause) return;
      const { sense, noun } = resolveSense(clause, i, senses);
      if (!sense) {
        const generic = nearest(clause, i, NOUN_WINDOW, (n) => GENERIC_NOUNS.has(n.word));
        if (generic && !AFFECT_NOUNS.has(generic.token.word)) {
          found.push({
            attribute: 'unparsed',
            value: t.word,
            negated: false,
            start: Math.min(t.start, generic.token.start),
            end: Math.max(t.end, generic.token.end),
          });
        }
        return;
      }
      const negated = isNegated(clause, i);
      const first = negated
        ? clause
            .slice(0, i)
            .reverse()
            .find((n) => NEGATORS.has(n.word))
        : undefined;
      const tokensInSpan = [t, noun, first].filter(
        (x): x is Token => x !== null && x !== undefined && Math.abs(x.index - t.index) <= NOUN_WINDOW,
      );
      found.push({
        attribute: sense.attribute,
        value: sense.value,
        negated,
        start: Math.min(...tokensInSpan.map((x) => x.start)),
        end: Math.max(...tokensInSpan.map((x) => x.end)),
      });
    });
    if (found.length === 0) {
      for (const t of clause)
        if (PROSODIC_NOUNS.has(t.word)) found.push({ attribute: 'unparsed', value: t.word, negated: false, start: t.start, end: t.end });
    }
    out.push(...found);
  }
  return out.sort((a, b) => a.start - b.start);
}
