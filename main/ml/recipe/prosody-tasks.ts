// Stage 1 of the EmotionThinker recipe (DESIGN.md, "prosody-enhanced base"): supervised prompt → answer
// tasks that teach the model to perceive prosody before it is asked about emotion. Each task is a
// multiple-choice question whose answer is one word; the answers come from the app's own prosody
// analysis of the clip (the same ProsodySummary the EmotionCoT records carry), so the model learns to
// hear what the reasoning traces later cite.
import type { ProsodySummary } from '../../../shared/types/dataset';

/** The attributes stage 1 teaches; comparative ones are asked about a two-version input (comparative-pairs.ts). */
export type ProsodyAttribute =
  | 'pitch-level'
  | 'energy-level'
  | 'speed-level'
  | 'intonation'
  | 'range'
  | 'final-movement'
  | 'stress-position'
  | 'compare-pitch'
  | 'compare-speed'
  | 'compare-loudness';

export interface ProsodyTask {
  attribute: ProsodyAttribute;
  /** Decoder prompt (fed as input_ids, weight 0). */
  prompt: string;
  /** The one correct option. */
  answer: string;
  /** Every option the prompt offers; each is one tokenizer token (added to the vocabulary). */
  options: readonly string[];
}

/** The option words of every task, in prompt order; the tokenizer adds each as one token. */
export const TASK_OPTIONS: Record<ProsodyAttribute, readonly string[]> = {
  'pitch-level': ['low', 'normal', 'high'],
  'energy-level': ['low', 'normal', 'high'],
  'speed-level': ['slow', 'normal', 'fast'],
  intonation: ['rising', 'falling', 'rise-fall', 'fall-rise', 'level'],
  range: ['flat', 'normal', 'expressive'],
  'final-movement': ['rising', 'falling', 'level'],
  'stress-position': ['beginning', 'middle', 'end'],
  'compare-pitch': ['first', 'second'],
  'compare-speed': ['first', 'second'],
  'compare-loudness': ['first', 'second'],
};

const QUESTIONS: Record<ProsodyAttribute, string> = {
  'pitch-level': "Is the speaker's pitch low, normal or high?",
  'energy-level': "Is the speaker's loudness low, normal or high?",
  'speed-level': 'Is the speech slow, normal or fast?',
  intonation: 'Is the overall intonation rising, falling, rise-fall, fall-rise or level?',
  range: 'Is the pitch range flat, normal or expressive?',
  'final-movement': 'At the end of the phrase, is the pitch rising, falling or level?',
  'stress-position': 'Is the most stressed syllable at the beginning, middle or end of the phrase?',
  'compare-pitch': 'You hear the same phrase twice. Is the first or the second version higher in pitch?',
  'compare-speed': 'You hear the same phrase twice. Is the first or the second version faster?',
  'compare-loudness': 'You hear the same phrase twice. Is the first or the second version louder?',
};

/** Every distinct option word, for the tokenizer's added tokens. */
export const ALL_TASK_OPTIONS: readonly string[] = [...new Set(Object.values(TASK_OPTIONS).flat())];

/** Decoder target of a task: the answer word in the answer tags (no reasoning: these are perception drills). */
export const taskTarget = (answer: string) => `<answer>${answer}</answer>`;

export function taskPrompt(attribute: ProsodyAttribute): string {
  return `Prosody: ${QUESTIONS[attribute]}`;
}

export function makeTask(attribute: ProsodyAttribute, answer: string): ProsodyTask {
  const options = TASK_OPTIONS[attribute];
  if (!options.includes(answer)) throw new Error(`"${answer}" is not an option of the ${attribute} task (${options.join(', ')})`);
  return { attribute, prompt: taskPrompt(attribute), answer, options };
}

/**
 * Which third of the speech span holds the most strongly stressed syllable; null when no syllable
 * is marked stressed (a monotone or one-syllable clip has no stress to locate).
 */
export function stressThird(summary: ProsodySummary): 'beginning' | 'middle' | 'end' | null {
  const stressed = summary.syllables.filter((s) => s.stressed);
  const speech = summary.segmentation.speech;
  if (stressed.length === 0 || speech.length === 0) return null;
  const strongest = stressed.reduce((a, b) => (b.stressStrength > a.stressStrength ? b : a));
  const start = speech[0]!.startS;
  const span = speech.at(-1)!.endS - start;
  if (!(span > 0)) return null;
  const position = (strongest.timeS - start) / span;
  return position < 1 / 3 ? 'beginning' : position < 2 / 3 ? 'middle' : 'end';
}

/** The absolute (single-clip) tasks the analysis of one clip supports, answers read from the summary. */
export function singleClipTasks(summary: ProsodySummary): ProsodyTask[] {
  const tasks = [
    makeTask('pitch-level', summary.levels.pitch),
    makeTask('energy-level', summary.levels.energy),
    makeTask('speed-level', summary.levels.speed),
    makeTask('intonation', summary.intonation.pattern),
    makeTask('range', summary.intonation.rangeClass),
    makeTask('final-movement', summary.intonation.finalMovement),
  ];
  const third = stressThird(summary);
  if (third !== null) tasks.push(makeTask('stress-position', third));
  return tasks;
}

/** Every prompt and target text stage 1 can produce: material for the tokenizer's corpus. */
export function taskTexts(): string[] {
  return (Object.keys(TASK_OPTIONS) as ProsodyAttribute[]).flatMap((attribute) =>
    TASK_OPTIONS[attribute].map((option) => `${taskPrompt(attribute)} ${taskTarget(option)}`),
  );
}
