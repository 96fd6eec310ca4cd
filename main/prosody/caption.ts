// One-sentence prosody caption from the levels and patterns (the EmotionCoT caption's role:
// the reasoning trace cites these cues first).
import type { Intonation, ProsodyLevels, SpeakerGender, SyllableNucleus } from '../../shared/types/prosody';

const PITCH_WORD = { low: 'low', normal: 'moderate', high: 'high' } as const;
const ENERGY_WORD = { low: 'soft', normal: 'moderate', high: 'loud' } as const;
const SPEED_WORD = { slow: 'slow', normal: 'normal-paced', fast: 'fast' } as const;
const PATTERN_WORDS = {
  rising: 'rising',
  falling: 'falling',
  'rise-fall': 'rising then falling',
  'fall-rise': 'falling then rising',
  level: '',
} as const;

/** Joins words as "a", "a and b", "a, b and c". */
function listWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** Stressed syllables a caption lists by time; beyond that it counts them. */
const MAX_LISTED_STRESS = 6;

export function prosodyCaption(
  levels: ProsodyLevels,
  intonation: Intonation,
  syllables: SyllableNucleus[],
  gender: SpeakerGender | null,
): string {
  const pitchAdjectives: string[] = [PITCH_WORD[levels.pitch]];
  if (intonation.rangeClass !== 'normal') pitchAdjectives.push(intonation.rangeClass);
  const movements: string[] = [];
  if (intonation.pattern !== 'level') movements.push(`${PATTERN_WORDS[intonation.pattern]} overall`);
  if (intonation.finalMovement !== 'level') movements.push(`${intonation.finalMovement} at the end`);
  const pitch = `${pitchAdjectives.join(', ')} pitch${movements.length ? ` ${movements.join(' and ')}` : ''}`;
  const speaker = gender ? `A ${gender} speaker` : 'A speaker';
  const stressed = syllables.filter((s) => s.stressed).map((s) => `${s.timeS.toFixed(2)} s`);
  // A long recording has hundreds of stressed syllables: the sentence names the first few, the charts mark them all.
  const stress =
    stressed.length === 0
      ? ''
      : stressed.length > MAX_LISTED_STRESS
        ? `; stress on ${stressed.length} syllables (marked on the charts), the first at ${listWords(stressed.slice(0, 3))}`
        : `; stress on the ${stressed.length === 1 ? 'syllable' : 'syllables'} at ${listWords(stressed)}`;
  return `${speaker} with ${pitch}, ${ENERGY_WORD[levels.energy]} energy and ${SPEED_WORD[levels.speed]} speech${stress}.`;
}
