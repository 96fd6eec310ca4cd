// Generates realistic EmotionCoT-style reasoning traces (acoustic cues first, then the label, per the
// EmotionThinker output format in DESIGN.md) to train the *test* model's tokenizer before issue 5's
// corpus builder exists. Deterministic: the same seed gives the same corpus.

import { seededRandom } from '../../shared/util/random';

const LEVELS = ['low', 'normal', 'high'] as const;
const RATES = ['slow', 'normal', 'fast'] as const;
const INTONATION = ['rising', 'falling', 'rise-fall', 'fall-rise', 'flat'] as const;

/** Per-emotion tendencies used to pick plausible cue combinations. */
const EMOTION_CUES: Record<string, { pitch: string[]; energy: string[]; rate: string[]; why: string[] }> = {
  neutral: {
    pitch: ['normal', 'low'],
    energy: ['normal'],
    rate: ['normal'],
    why: ['nothing in the voice departs from a calm baseline', 'the delivery is even and matter-of-fact'],
  },
  calm: {
    pitch: ['low', 'normal'],
    energy: ['low', 'normal'],
    rate: ['slow', 'normal'],
    why: ['the soft, steady delivery suggests relaxation', 'the slow pace and gentle level sound at ease'],
  },
  happy: {
    pitch: ['high'],
    energy: ['high', 'normal'],
    rate: ['fast', 'normal'],
    why: ['the bright, lively contour sounds cheerful', 'the raised pitch and energy convey joy'],
  },
  sad: {
    pitch: ['low'],
    energy: ['low'],
    rate: ['slow'],
    why: ['the low, subdued voice sounds downcast', 'the falling, quiet delivery conveys sadness'],
  },
  angry: {
    pitch: ['high', 'normal'],
    energy: ['high'],
    rate: ['fast', 'normal'],
    why: ['the loud, tense delivery signals anger', 'the forceful stress and high energy sound hostile'],
  },
  fearful: {
    pitch: ['high'],
    energy: ['normal', 'low'],
    rate: ['fast'],
    why: ['the high, unsteady pitch sounds anxious', 'the hurried, trembling delivery suggests fear'],
  },
  disgust: {
    pitch: ['low', 'normal'],
    energy: ['normal'],
    rate: ['slow'],
    why: ['the drawn-out, flat delivery conveys distaste', 'the lowered pitch and slow pace sound repelled'],
  },
  surprised: {
    pitch: ['high'],
    energy: ['high', 'normal'],
    rate: ['normal', 'fast'],
    why: ['the sharp rise in pitch sounds astonished', 'the sudden wide pitch excursion signals surprise'],
  },
};

export const CORPUS_LABELS = Object.keys(EMOTION_CUES);

const SENTENCES = [
  'Kids are talking by the door.',
  'Dogs are sitting by the door.',
  'I never said she stole my money.',
  'The train leaves at seven tomorrow.',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** One trace: `<think>…</think><answer>label</answer>`. */
export function reasoningTrace(random: () => number): string {
  const label = pick(random, CORPUS_LABELS);
  const cues = EMOTION_CUES[label]!;
  const pitch = random() < 0.8 ? pick(random, cues.pitch) : pick(random, LEVELS);
  const energy = random() < 0.8 ? pick(random, cues.energy) : pick(random, LEVELS);
  const rate = random() < 0.8 ? pick(random, cues.rate) : pick(random, RATES);
  const contour = pick(random, INTONATION);
  const medianHz = Math.round(pitch === 'high' ? 220 + random() * 80 : pitch === 'low' ? 90 + random() * 40 : 140 + random() * 50);
  const rangeSt = (2 + random() * 12).toFixed(1);
  const dbfs = (-(12 + random() * 20)).toFixed(1);
  const syllables = (2.5 + random() * 4).toFixed(1);
  const sentence = pick(random, SENTENCES);
  const words = sentence.replace('.', '').split(' ');
  const stressed = pick(random, words);
  const parts = [
    `The speaker says "${sentence}"`,
    `Pitch is ${pitch} for this speaker, with a median of ${medianHz} Hz and a range of ${rangeSt} semitones.`,
    `The contour is ${contour}${contour === 'flat' ? ', with little movement' : ''}.`,
    `Energy is ${energy}, around ${dbfs} dBFS over speech frames.`,
    `Speaking rate is ${rate} at ${syllables} syllables per second.`,
    `The word "${stressed}" carries the main stress.`,
    `Taken together, ${pick(random, cues.why)}.`,
  ];
  return `<think>${parts.join(' ')}</think><answer>${label}</answer>`;
}

export function reasoningCorpus(traces: number, seed = 1): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: traces }, () => reasoningTrace(random));
}
