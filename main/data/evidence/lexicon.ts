// The vocabulary the evidence checker understands: value words with the attributes they can describe,
// and the nouns that say which attribute an ambiguous value word ("high", "moderate") belongs to.
// It covers the builder's grammar (main/data/cot/phrases.ts) plus common paraphrases a model may use.
// Phrasing outside it is reported "unverifiable", never verified.
import type { ClaimAttribute } from '../../../shared/types/evidence';

/** A reading of a value word: which attribute it describes and the canonical value it claims. */
export interface ValueSense {
  attribute: Exclude<ClaimAttribute, 'stress' | 'pauses' | 'unparsed'>;
  value: string;
}

const sense = (attribute: ValueSense['attribute'], value: string): ValueSense => ({ attribute, value });
const words = (list: string, senses: ValueSense[]): [string, ValueSense[]][] => list.split(' ').map((w) => [w, senses]);

/** Value word → its possible senses. Single-sense words need no noun to be read. */
export const VALUE_WORDS = new Map<string, ValueSense[]>([
  ...words('high raised elevated heightened higher', [sense('pitch-level', 'high'), sense('energy-level', 'high')]),
  ...words('high-pitched shrill', [sense('pitch-level', 'high')]),
  ...words('low lowered lower', [sense('pitch-level', 'low'), sense('energy-level', 'low')]),
  ...words('low-pitched deep', [sense('pitch-level', 'low')]),
  ...words('moderate medium average mid-range middle normal ordinary typical unremarkable intermediate', [
    sense('pitch-level', 'normal'),
    sense('energy-level', 'normal'),
    sense('speed-level', 'normal'),
    sense('pitch-range', 'normal'),
  ]),
  ...words('mid-level', [sense('pitch-level', 'normal'), sense('energy-level', 'normal')]),
  ...words('loud loudly forceful forcefully intense powerful booming strong', [sense('energy-level', 'high')]),
  ...words('soft softly quiet quietly subdued weak faint hushed muted', [sense('energy-level', 'low')]),
  ...words('fast quick quickly rapid rapidly hurried brisk swift', [sense('speed-level', 'fast')]),
  ...words('slow slowly unhurried leisurely drawn-out sluggish dragging', [sense('speed-level', 'slow')]),
  ...words('even-paced', [sense('speed-level', 'normal')]),
  ...words('wide broad expressive lively animated varied', [sense('pitch-range', 'expressive')]),
  ...words('narrow flat monotone monotonous compressed restricted', [sense('pitch-range', 'flat')]),
  ...words('rising rises rise climbs climbing lifts rising-pitch upward', [
    sense('intonation-pattern', 'rising'),
    sense('final-movement', 'rising'),
  ]),
  ...words('falling falls fall drops dropping drop sinks sinking descends descending downward', [
    sense('intonation-pattern', 'falling'),
    sense('final-movement', 'falling'),
  ]),
  ...words('level levels', [sense('intonation-pattern', 'level'), sense('final-movement', 'level')]),
  ...words('rise-fall', [sense('intonation-pattern', 'rise-fall')]),
  ...words('fall-rise', [sense('intonation-pattern', 'fall-rise')]),
  ...words('breathy airy', [sense('voice-quality', 'breathy')]),
  ...words('rough hoarse harsh irregular', [sense('voice-quality', 'rough')]),
  ...words('clear clean', [sense('voice-quality', 'clear')]),
  ...words('tense pressed strained creaky', [sense('voice-quality', 'tense')]),
]);

/** Words that need a noun of their own attribute nearby (they are common outside prosody). */
export const NEEDS_NOUN = new Set([
  'high',
  'raised',
  'elevated',
  'heightened',
  'higher',
  'low',
  'lowered',
  'lower',
  'deep',
  'moderate',
  'medium',
  'average',
  'mid-range',
  'middle',
  'normal',
  'ordinary',
  'typical',
  'unremarkable',
  'intermediate',
  'mid-level',
  'strong',
  'intense',
  'powerful',
  'weak',
  'wide',
  'broad',
  'varied',
  'lively',
  'animated',
  'level',
  'levels',
  'clear',
  'clean',
  'narrow',
  'flat',
  'compressed',
  'restricted',
  'rise',
  'fall',
  'drop',
  'upward',
  'downward',
  'lifts',
  'even-paced',
  'muted',
  'faint',
]);

/** Nouns (and noun-like words) that tie a value word to an attribute. */
export const ATTRIBUTE_NOUNS: Record<string, ValueSense['attribute'][]> = {
  pitch: ['pitch-level', 'pitch-range', 'intonation-pattern', 'final-movement'],
  f0: ['pitch-level'],
  register: ['pitch-level'],
  voice: ['pitch-level', 'energy-level', 'voice-quality'],
  energy: ['energy-level'],
  loudness: ['energy-level'],
  volume: ['energy-level'],
  intensity: ['energy-level'],
  delivery: ['energy-level', 'speed-level'],
  tempo: ['speed-level'],
  pace: ['speed-level'],
  paced: ['speed-level'],
  rate: ['speed-level'],
  speed: ['speed-level'],
  speech: ['speed-level'],
  articulation: ['speed-level'],
  range: ['pitch-range'],
  variation: ['pitch-range'],
  excursions: ['pitch-range'],
  intonation: ['intonation-pattern', 'pitch-range', 'final-movement'],
  contour: ['intonation-pattern', 'pitch-range', 'final-movement'],
  melody: ['intonation-pattern', 'pitch-range', 'final-movement'],
  inflection: ['intonation-pattern', 'final-movement'],
  quality: ['voice-quality'],
  phonation: ['voice-quality'],
  timbre: ['voice-quality'],
};

/** Words that place a pitch movement at the end of the utterance. */
export const FINAL_MARKERS = new Set(['end', 'ending', 'ends', 'final', 'finally', 'close', 'last', 'closing', 'terminal']);
/** Words that make a pitch movement the whole utterance's pattern. */
export const OVERALL_MARKERS = new Set(['overall', 'across', 'throughout', 'whole', 'entire', 'globally', 'general']);

/** Negators: the claim that follows is denied. */
export const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'hardly',
  'barely',
  'neither',
  'nor',
  "isn't",
  "aren't",
  "wasn't",
  "doesn't",
  'without',
  'than',
]);
/** Hedges and intensifiers skipped when looking back from a value word for a negator. */
export const HEDGES = new Set([
  'particularly',
  'especially',
  'very',
  'overly',
  'that',
  'really',
  'quite',
  'too',
  'fairly',
  'rather',
  'somewhat',
  'slightly',
  'relatively',
  'clearly',
  'noticeably',
  'distinctly',
  'markedly',
  'a',
  'an',
  'the',
  'at',
  'all',
  'by',
  'any',
  'means',
  'is',
  'are',
  'was',
  'sound',
  'sounds',
  'seem',
  'seems',
  'so',
  'unusually',
  'remarkably',
  'notably',
  'it',
  'especially',
]);

/** Affect words: a level word right before them ("high arousal") is not a prosodic claim. */
export const AFFECT_NOUNS = new Set([
  'arousal',
  'activation',
  'valence',
  'dominance',
  'control',
  'confidence',
  'emotion',
  'emotional',
  'likelihood',
  'probability',
  'certainty',
  'chance',
  'degree',
  'agitation',
  'tension',
  'stakes',
]);

/** Nouns whose mention without any readable value is reported as an unverifiable claim. */
export const PROSODIC_NOUNS = new Set(['pitch', 'f0', 'intonation', 'contour', 'melody', 'tempo', 'pace', 'loudness', 'volume', 'energy']);

export const STRESS_WORDS = new Set([
  'stress',
  'stressed',
  'stresses',
  'emphasis',
  'emphasised',
  'emphasized',
  'accent',
  'accented',
  'accents',
  'prominence',
  'prominent',
  'accentuated',
]);
export const PAUSE_WORDS = new Set(['pause', 'pauses', 'paused', 'pausing', 'break', 'breaks', 'silence', 'silences', 'gap', 'gaps']);

/** Counting words for pauses. */
export const COUNT_WORDS: Record<string, number> = { one: 1, single: 1, two: 2, three: 3, four: 4, five: 5, six: 6 };
/** "several pauses" = at least two. */
export const SEVERAL_WORDS = new Set(['several', 'multiple', 'many', 'numerous', 'repeated', 'frequent']);
