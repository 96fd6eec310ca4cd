// The emotion a reasoning trace concludes, read from its closing sentence (the EmotionCoT grammar's
// CONCLUSIONS, main/data/cot/phrases.ts). A generation whose reasoning argues for one emotion and
// whose <answer> names another is not a valid explanation of that answer: the analyze pipeline
// treats the mismatch like a malformed answer (retried, then flagged), never shows it as agreeing.
import { CONCLUSIONS } from '../cot/phrases';
import { EMOTION_NOUN } from '../cot/trace-grammar';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One pattern per conclusion template, capturing the emotion phrase. */
const PATTERNS = CONCLUSIONS.map((template) => new RegExp(`${escape(template).replace('\\{e\\}', '(.+?)')}\\s*$`, 'i'));

/** The label whose trace noun or name the first matching pattern captures; null when none matches. */
function labelNamedBy(patterns: readonly RegExp[], text: string, labels: readonly string[]): string | null {
  for (const pattern of patterns) {
    const phrase = pattern.exec(text)?.[1]?.trim().toLowerCase();
    if (phrase === undefined) continue;
    return labels.find((label) => phrase === (EMOTION_NOUN[label] ?? label).toLowerCase() || phrase === label.toLowerCase()) ?? null;
  }
  return null;
}

/**
 * The label the last sentence concludes, or null when the reasoning has no recognisable conclusion
 * (free wording is not second-guessed). Labels are matched by their trace noun or by name.
 */
export function concludedLabel(reasoning: string, labels: readonly string[]): string | null {
  return labelNamedBy(PATTERNS, reasoning.trim(), labels);
}

/** The heads the trace grammar opens its nearest-alternative sentence with (trace-grammar.ts). */
const ALTERNATIVE_PATTERNS = [
  /The closest alternative is (.+?),/,
  /(?:^|\.\s+)([A-Z][^.,]*?) is the nearest competitor,/,
  /One could also think of (.+?),/,
];

/**
 * The label the reasoning names as its nearest alternative, or null when it names none (or none of
 * the labels). A coherent trace names another emotion than its conclusion; evaluation counts how
 * often a model's alternative is its own answer.
 */
export function alternativeLabel(reasoning: string, labels: readonly string[]): string | null {
  return labelNamedBy(ALTERNATIVE_PATTERNS, reasoning, labels);
}

/** How a mismatch problem line starts (reports count them by it). */
export const CONCLUSION_MISMATCH_PREFIX = 'the reasoning concludes';

/** A problem line when the conclusion names another label than the answer; null when they agree or either is unknown. */
export function conclusionMismatch(reasoning: string, answer: string | null, labels: readonly string[]): string | null {
  const concluded = concludedLabel(reasoning, labels);
  return concluded !== null && answer !== null && concluded !== answer
    ? `${CONCLUSION_MISMATCH_PREFIX} "${concluded}" but the answer is "${answer}"`
    : null;
}
