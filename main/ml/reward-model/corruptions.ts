// Controlled corruptions of EmotionCoT traces with known effects on the four reasoning criteria
// (issue 12, reward-model data source (a)): each one damages what one criterion judges and leaves
// the others as they were, so the reward model can learn the criteria apart.
//   contradicted facts   a level / contour word swapped for its opposite   → factual alignment
//   contrary links       the cues linked to an emotion of the other arousal → interpretative quality
//   answer mismatch      the answer is not what the reasoning concludes     → interpretative quality
//   alternative = answer the "nearest alternative" is the answer itself     → interpretative quality
//   dropped cues         cue sentences removed                              → caption completeness
//   shuffled / repeated / padded / truncated / self-contradicting sentences → fluency & structure
// Targets for factual alignment and completeness are then measured by the evidence checker on the
// corrupted text (data source (b)), so they always agree with what the text really claims.
import { shuffled } from '../../../shared/util/maths';
import type { ReasoningCriterion } from '../../../shared/types/grpo';
import type { Random } from '../../../shared/util/random';
import { pick } from '../../../shared/util/random';
import { EMOTION_NOUN } from '../../data/cot/trace-grammar';
import { AROUSAL } from '../../data/cot/phrases';

export type CorruptionName =
  | 'contradicted-facts'
  | 'contrary-link'
  | 'answer-mismatch'
  | 'alternative-is-answer'
  | 'dropped-cues'
  | 'shuffled'
  | 'repeated'
  | 'padded'
  | 'truncated'
  | 'self-contradiction';

export const CORRUPTIONS: readonly CorruptionName[] = [
  'contradicted-facts',
  'contrary-link',
  'answer-mismatch',
  'alternative-is-answer',
  'dropped-cues',
  'shuffled',
  'repeated',
  'padded',
  'truncated',
  'self-contradiction',
];

/** The criterion each corruption is meant to lower (the others should stay where they were). */
export const TARGET_CRITERION: Record<CorruptionName, ReasoningCriterion> = {
  'contradicted-facts': 'factualAlignment',
  'contrary-link': 'interpretativeQuality',
  'answer-mismatch': 'interpretativeQuality',
  'alternative-is-answer': 'interpretativeQuality',
  'dropped-cues': 'captionCompleteness',
  shuffled: 'fluencyStructure',
  repeated: 'fluencyStructure',
  padded: 'fluencyStructure',
  truncated: 'fluencyStructure',
  'self-contradiction': 'fluencyStructure',
};

/** A completion to score: the reasoning inside <think> and the label inside <answer>. */
export interface Completion {
  reasoning: string;
  answer: string;
}

/**
 * What a corruption did, for the targets: the judged interpretative quality and fluency (factual
 * alignment and completeness are measured afterwards by the checker).
 */
export interface Corrupted extends Completion {
  applied: CorruptionName[];
  interpretativeQuality: number;
  fluencyStructure: number;
  /** False facts the corruptions wrote (a swapped level or contour word each). */
  factualErrors: number;
}

// Word pairs the trace grammar uses for levels and contours (phrases.ts), swapped both ways.
const OPPOSITES: ReadonlyArray<readonly [string, string]> = [
  ['low', 'high'],
  ['lowered', 'raised'],
  ['deep', 'high'],
  ['quickly', 'slowly'],
  ['quick', 'slow'],
  ['fast', 'slow'],
  ['rises', 'falls'],
  ['rising', 'falling'],
  ['rise', 'fall'],
  ['wide', 'narrow'],
  ['loud', 'soft'],
  ['loudly', 'softly'],
  ['expressive', 'flat'],
  ['strong', 'weak'],
  ['no pauses', 'two pauses'],
  ['without a pause', 'with two pauses'],
];

/** Arousal groups (Russell 1980's circumplex): a link from low-arousal cues to a high-arousal emotion is contrary. */
const HIGH_AROUSAL = new Set(['angry', 'happy', 'fearful', 'surprised']);
const LOW_AROUSAL = new Set(['neutral', 'calm', 'sad', 'boredom']);

const FILLER = [
  'It is worth listening to the recording as a whole.',
  'Several aspects of the voice can be described.',
  'The recording can be considered from more than one angle.',
  'Each of these observations adds to the picture.',
];

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const noun = (label: string) => EMOTION_NOUN[label] ?? label;

/** Index of the first sentence that is no longer a measured cue (the arousal reading or later). */
function cueSentenceCount(sentences: readonly string[]): number {
  const arousal = Object.values(AROUSAL).flat();
  const at = sentences.findIndex((s) => arousal.some((a) => s.includes(a)));
  return at < 0 ? sentences.length : at;
}

/** `sentence` with one level/contour word replaced by its opposite; null when it has none. */
export function swapOpposite(rng: Random, sentence: string): string | null {
  const found = OPPOSITES.flatMap(
    ([a, b]) =>
      [
        [a, b],
        [b, a],
      ] as const,
  ).filter(([from]) => new RegExp(`\\b${escape(from)}\\b`).test(sentence));
  if (found.length === 0) return null;
  const [from, to] = pick(rng, found);
  return sentence.replace(new RegExp(`\\b${escape(from)}\\b`), to);
}

function replaceLabel(text: string, from: string, to: string): string {
  return text.replace(new RegExp(`\\b${escape(noun(from))}\\b`, 'g'), noun(to));
}

function contraryLabel(rng: Random, label: string, labels: readonly string[]): string | null {
  const opposite = HIGH_AROUSAL.has(label) ? LOW_AROUSAL : LOW_AROUSAL.has(label) ? HIGH_AROUSAL : null;
  const options = labels.filter((l) => (opposite ? opposite.has(l) : l !== label));
  return options.length ? pick(rng, options) : null;
}

/**
 * Applies one corruption to a completion; null when it cannot apply (e.g. no swappable word). The
 * completion is assumed to be a clean EmotionCoT trace whose answer is its own conclusion.
 */
export function corrupt(rng: Random, base: Corrupted, name: CorruptionName, labels: readonly string[]): Corrupted | null {
  const sentences = splitSentences(base.reasoning);
  if (sentences.length < 2) return null;
  const cues = cueSentenceCount(sentences);
  const next = (reasoning: string, changes: Partial<Corrupted>): Corrupted => ({
    ...base,
    ...changes,
    reasoning,
    applied: [...base.applied, name],
  });
  switch (name) {
    case 'contradicted-facts': {
      const candidates = sentences
        .slice(0, cues)
        .map((s, i) => [i, swapOpposite(rng, s)] as const)
        .filter(([, s]) => s !== null);
      if (!candidates.length) return null;
      const out = [...sentences];
      const chosen = shuffled(rng, candidates).slice(0, 1 + Math.floor(rng() * 2));
      for (const [i, swapped] of chosen) out[i] = swapped!;
      return next(out.join(' '), { factualErrors: base.factualErrors + chosen.length });
    }
    case 'contrary-link': {
      const to = contraryLabel(rng, base.answer, labels);
      if (to === null || !base.reasoning.includes(noun(base.answer))) return null;
      return next(replaceLabel(base.reasoning, base.answer, to), {
        answer: to,
        interpretativeQuality: Math.min(base.interpretativeQuality, 1.5),
      });
    }
    case 'answer-mismatch': {
      const to = pick(
        rng,
        labels.filter((l) => l !== base.answer),
      );
      return next(base.reasoning, { answer: to, interpretativeQuality: 1 });
    }
    case 'alternative-is-answer': {
      const at = sentences.findIndex((s) => /closest alternative|nearest competitor|One could also think of/.test(s));
      if (at < 0) return null;
      const named = labels.find((l) => l !== base.answer && new RegExp(`\\b${escape(noun(l))}\\b`, 'i').test(sentences[at]!));
      if (!named) return null;
      const out = [...sentences];
      out[at] = out[at]!.replace(new RegExp(`\\b${escape(noun(named))}\\b`, 'i'), (m) =>
        m[0] === m[0]!.toUpperCase() ? noun(base.answer)[0]!.toUpperCase() + noun(base.answer).slice(1) : noun(base.answer),
      );
      return next(out.join(' '), { interpretativeQuality: Math.min(base.interpretativeQuality, 2) });
    }
    case 'dropped-cues': {
      if (cues < 2) return null;
      const drop = new Set(shuffled(rng, [...Array(cues).keys()]).slice(0, 1 + Math.floor(rng() * Math.min(3, cues - 1))));
      return next(sentences.filter((_, i) => !drop.has(i)).join(' '), {});
    }
    case 'shuffled':
      return next(shuffled(rng, sentences).join(' '), { fluencyStructure: Math.min(base.fluencyStructure, 2.5) });
    case 'repeated': {
      const copies = 1 + Math.floor(rng() * 3);
      const out = [...sentences];
      for (let k = 0; k < copies; k++) {
        const i = Math.floor(rng() * out.length);
        out.splice(i + 1, 0, out[i]!);
      }
      const share = copies / out.length;
      return next(out.join(' '), { fluencyStructure: Math.min(base.fluencyStructure, Math.max(1, 5 - 6 * share)) });
    }
    case 'padded': {
      const out = [...sentences];
      for (let k = 0; k < 1 + Math.floor(rng() * 2); k++) out.splice(Math.floor(rng() * out.length), 0, pick(rng, FILLER));
      return next(out.join(' '), { fluencyStructure: Math.min(base.fluencyStructure, 3.5) });
    }
    case 'truncated': {
      const words = base.reasoning.split(' ');
      const keep = Math.max(3, Math.floor(words.length * (0.3 + 0.5 * rng())));
      if (keep >= words.length - 1) return null;
      return next(words.slice(0, keep).join(' '), {
        fluencyStructure: Math.min(base.fluencyStructure, 2),
        interpretativeQuality: Math.min(base.interpretativeQuality, 3),
      });
    }
    case 'self-contradiction': {
      const candidates = sentences
        .slice(0, cues)
        .map((s, i) => [i, swapOpposite(rng, s)] as const)
        .filter(([, s]) => s !== null);
      if (!candidates.length) return null;
      const [i, swapped] = pick(rng, candidates);
      const out = [...sentences];
      out.splice(Math.min(out.length - 1, i + 1 + Math.floor(rng() * 2)), 0, `However, ${swapped![0]!.toLowerCase()}${swapped!.slice(1)}`);
      return next(out.join(' '), { fluencyStructure: Math.min(base.fluencyStructure, 2), factualErrors: base.factualErrors + 1 });
    }
  }
}

/** The clean trace as a starting point: its answer is its conclusion, nothing is damaged. */
export function clean(reasoning: string, answer: string): Corrupted {
  return { reasoning, answer, applied: [], interpretativeQuality: 5, fluencyStructure: 5, factualErrors: 0 };
}
