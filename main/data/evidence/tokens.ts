// Splits a reasoning text into word tokens with character offsets and clause numbers. Clauses end at
// punctuation (a "." between digits is a decimal point) and before contrastive conjunctions, so a
// negation in one clause never reaches a cue named in the next.

export interface Token {
  /** Lower-cased word or number. */
  word: string;
  start: number;
  end: number;
  clause: number;
  /** Index in the whole token list. */
  index: number;
}

const TOKEN = /\d+(?:\.\d+)?|[A-Za-z]+(?:[-'’][A-Za-z]+)*/g;
const CLAUSE_STARTERS = new Set(['but', 'while', 'whereas', 'although', 'though', 'yet', 'however', 'unlike', 'which', 'so']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const between = text.slice(last, m.index);
    if (/[,;:!?()—–]|\.(?!\d)/.test(between) || (tokens.length === 0 && false)) clause++;
    const word = m[0].toLowerCase().replace(/’/g, "'");
    if (CLAUSE_STARTERS.has(word)) clause++;
    tokens.push({ word, start: m.index, end: m.index + m[0].length, clause, index: tokens.length });
    last = m.index + m[0].length;
  }
  return tokens;
}

/** Tokens grouped by clause, in order. */
export function clauses(tokens: Token[]): Token[][] {
  const groups = new Map<number, Token[]>();
  for (const t of tokens) groups.set(t.clause, [...(groups.get(t.clause) ?? []), t]);
  return [...groups.values()];
}

/** True for a number token followed by a seconds unit ("0.42 s", "1.2 seconds"). */
export function isSecondsAt(clause: Token[], i: number): boolean {
  return /^\d/.test(clause[i]!.word) && ['s', 'sec', 'secs', 'second', 'seconds'].includes(clause[i + 1]?.word ?? '');
}
