// The builder's wording: several realisations of every cue, so traces vary (the model learns the
// cues, not one template). Every phrase here must read as exactly its cue to the evidence checker
// (main/data/evidence/lexicon.ts); trace-grammar.test.ts checks that for every realisation.
import type { FinalMovement, IntonationPattern, PitchRangeClass, ProsodyLevel, SpeedLevel } from '../../../shared/types/prosody';

export const PITCH_CLAUSE: Record<ProsodyLevel, string[]> = {
  high: [
    'the pitch is high',
    'the pitch sits high',
    'the speaker uses a raised pitch',
    'the pitch is clearly elevated',
    'the voice is high-pitched',
    'the pitch is rather high',
  ],
  normal: [
    'the pitch is moderate',
    'the pitch is average',
    'the speaker keeps a medium pitch',
    'the pitch stays moderate',
    'the pitch is unremarkable in height',
  ],
  low: [
    'the pitch is low',
    'the pitch sits low',
    'the speaker uses a lowered pitch',
    'the voice is low-pitched',
    'the pitch is fairly low',
    'the pitch is deep',
  ],
};

export const RANGE_TAIL: Record<PitchRangeClass, string[]> = {
  expressive: ['with a wide pitch range', 'across a broad pitch range', 'with lively and expressive variation', 'moving over a wide range'],
  normal: ['within an ordinary range', 'with a moderate pitch range', 'with a normal amount of pitch variation', 'within a typical range'],
  flat: ['over a narrow pitch range', 'within a narrow range', 'with a flat and monotone melody', 'in a rather monotonous melody'],
};

export const PATTERN_CLAUSE: Record<IntonationPattern, string[]> = {
  rising: [
    'the intonation rises overall',
    'the overall contour is rising',
    'the melody climbs across the utterance',
    'the pitch rises across the phrase as a whole',
  ],
  falling: [
    'the intonation falls overall',
    'the overall contour is falling',
    'the melody descends across the utterance',
    'the pitch falls across the phrase as a whole',
  ],
  'rise-fall': [
    'the contour rises and then falls',
    'the melody follows a rise-fall shape',
    'the intonation climbs and then falls',
    'the pitch goes up and then comes down',
  ],
  'fall-rise': ['the contour falls and then rises again', 'the melody follows a fall-rise shape', 'the intonation drops and then rises'],
  level: [
    'the intonation stays level overall',
    'the overall contour is level',
    'the melody stays level across the utterance',
    'the contour is level across the phrase as a whole',
  ],
};

export const FINAL_TAIL: Record<FinalMovement, string[]> = {
  rising: ['with a final rise', 'ending on a rise', 'and it rises at the end', 'with a rising movement at the end'],
  falling: ['with a final fall', 'ending on a fall', 'and it falls at the end', 'with a falling movement at the close'],
  level: ['and it stays level at the end', 'with a level ending', 'ending level'],
};

export const ENERGY_CLAUSE: Record<ProsodyLevel, string[]> = {
  high: [
    'the voice is loud',
    'the energy is high',
    'the delivery is loud and forceful',
    'the speaker talks loudly',
    'the loudness is high',
  ],
  normal: [
    'the loudness is moderate',
    'the energy is moderate',
    'the volume is average',
    'the energy is at a normal loudness',
    'the volume is medium',
  ],
  low: ['the voice is soft', 'the energy is low', 'the speaker talks quietly', 'the delivery is quiet and subdued', 'the loudness is low'],
};

export const SPEED_CLAUSE: Record<SpeedLevel, string[]> = {
  fast: ['the speech is fast', 'the tempo is quick', 'the pace is rapid', 'the words come quickly', 'the speaking rate is fast'],
  normal: [
    'the tempo is moderate',
    'the pace is ordinary',
    'the speaking rate is average',
    'the speech moves at a normal pace',
    'the tempo is medium',
  ],
  slow: ['the speech is slow', 'the tempo is slow', 'the pace is unhurried', 'the words come slowly', 'the speaking rate is slow'],
};

/** Noun phrases naming a clip's cue, for the interpretation and the alternative ("the raised pitch"). */
export const CUE_NP = {
  pitch: {
    high: ['the raised pitch', 'the high pitch'],
    normal: ['the moderate pitch', 'the average pitch'],
    low: ['the low pitch', 'the lowered pitch'],
  },
  energy: {
    high: ['the loud voice', 'the high energy'],
    normal: ['the moderate energy', 'the average loudness'],
    low: ['the soft voice', 'the low energy'],
  },
  speed: {
    fast: ['the fast tempo', 'the quick pace'],
    normal: ['the moderate tempo', 'the ordinary pace'],
    slow: ['the slow tempo', 'the unhurried pace'],
  },
  range: {
    expressive: ['the wide pitch range', 'the expressive melody'],
    normal: ['the ordinary pitch range', 'the moderate pitch range'],
    flat: ['the narrow pitch range', 'the monotone melody'],
  },
  pattern: {
    rising: ['the rising overall contour'],
    falling: ['the falling overall contour'],
    'rise-fall': ['the rise-fall contour'],
    'fall-rise': ['the fall-rise contour'],
    level: ['the level overall contour'],
  },
  final: { rising: ['the final rise'], falling: ['the final fall'], level: ['the level ending'] },
} as const;

export const NO_PAUSE = [
  'there are no pauses',
  'the phrase runs without a pause',
  'it is spoken in one stretch with no pauses',
  'no pause interrupts the phrase',
];
export const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six'];

export const STRESS_ONE = [
  'the main stress falls at {t}',
  'the most prominent syllable is at {t}',
  'emphasis lands on the syllable at {t}',
  'a stressed syllable stands out at {t}',
];
export const STRESS_MANY = [
  'stressed syllables stand out at {t}',
  'the emphasis falls on the syllables at {t}',
  'prominent syllables occur at {t}',
];
export const STRESS_NONE = ['no syllable is clearly stressed', 'no syllable stands out as stressed'];

export const VOICE_QUALITY = {
  breathy: ['the voice sounds breathy', 'the phonation is breathy'],
  rough: ['the voice sounds rough', 'the voice has a rough quality'],
  clear: ['the voice quality is clear', 'the phonation is clear'],
} as const;

export const OPENERS = [
  '',
  'First, ',
  'To begin with the acoustics, ',
  'Looking at the prosody first, ',
  'Acoustically, ',
  'Starting with what can be measured, ',
];
export const LINKERS = ['', 'Also, ', 'In addition, ', 'Beyond that, ', 'Meanwhile, ', 'Further, '];

export const AROUSAL = {
  high: ['high arousal', 'strong activation', 'an aroused, activated state'],
  moderate: ['moderate arousal', 'a middling degree of activation', 'neither strong nor weak activation'],
  low: ['low arousal', 'weak activation', 'a deactivated state'],
};
export const AROUSAL_LEADS = [
  'Taken together, these cues point to {a}',
  'This combination suggests {a}',
  'Overall, the acoustic picture indicates {a}',
  'Read together, the measurements imply {a}',
];
export const CONCLUSIONS = [
  'So the most likely emotion is {e}.',
  'On balance, this is {e}.',
  'The best reading is therefore {e}.',
  'The conclusion is {e}.',
  'All things considered, the answer is {e}.',
];
