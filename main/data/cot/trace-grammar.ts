// The reasoning trace of one clip: acoustic cues first (pitch level and range, intonation and its
// end, energy, speed, pauses, stress, voice quality), then interpretation (arousal from the cues,
// valence and dominance of the emotion), then the nearest alternative weighed against a measured
// cue, then the conclusion. It never opens with the label. Wording is drawn from phrases.ts with a
// seeded generator, so a record's text depends only on (seed, clip).
import { shuffled } from '../../../shared/util/maths';
import type { ProsodySummary } from '../../../shared/types/dataset';
import type { VoiceQualityNorms } from '../evidence/check-evidence';
import { LONG_PAUSE_S } from '../evidence/check-evidence';
import { pick, seededRandom, type Random } from '../../../shared/util/random';
import { categorical, logLikelihood, nearestAlternative, ordinal, ORDINAL_CUES, type CategoricalCue, type CueProfile } from './cue-profile';
import {
  AROUSAL,
  AROUSAL_LEADS,
  CONCLUSIONS,
  CUE_NP,
  ENERGY_CLAUSE,
  FINAL_TAIL,
  LINKERS,
  NO_PAUSE,
  NUMBER_WORDS,
  OPENERS,
  PATTERN_CLAUSE,
  PITCH_CLAUSE,
  RANGE_TAIL,
  SPEED_CLAUSE,
  STRESS_MANY,
  STRESS_NONE,
  STRESS_ONE,
  VOICE_QUALITY,
} from './phrases';
import { voiceQualityWord } from './voice-quality-words';
import { stressTimes } from './cue-prompt';

/** Words the trace uses for an emotion label; unknown labels are used as written. */
export const EMOTION_NOUN: Record<string, string> = {
  angry: 'anger',
  happy: 'happiness',
  sad: 'sadness',
  fearful: 'fear',
  disgust: 'disgust',
  surprised: 'surprise',
  neutral: 'a neutral state',
  calm: 'calm',
  boredom: 'boredom',
  contempt: 'contempt',
};
/** Valence and dominance readings (Russell & Mehrabian 1977 PAD placements of the categories). */
const AFFECT: Record<string, { valence: string[]; dominance: string[] }> = {
  angry: {
    valence: ['the feeling comes across as negative', 'the impression is clearly unpleasant'],
    dominance: ['the speaker sounds assertive and in control', 'the stance is confrontational'],
  },
  happy: {
    valence: ['the feeling comes across as positive', 'the impression is pleasant'],
    dominance: ['the speaker sounds confident', 'the stance is open and engaged'],
  },
  sad: {
    valence: ['the feeling comes across as negative', 'the impression is unhappy'],
    dominance: ['the speaker sounds withdrawn', 'the stance is resigned rather than assertive'],
  },
  fearful: {
    valence: ['the feeling comes across as negative', 'the impression is uneasy'],
    dominance: ['the speaker sounds unsure and lacking control', 'the stance is defensive'],
  },
  disgust: {
    valence: ['the feeling comes across as negative', 'the impression is one of aversion'],
    dominance: ['the speaker sounds dismissive', 'the stance is rejecting'],
  },
  surprised: {
    valence: ['the feeling seems mixed to mildly positive', 'the impression is of something unexpected'],
    dominance: ['the speaker sounds caught off guard', 'the stance is reactive'],
  },
  neutral: {
    valence: ['the feeling is neither positive nor negative', 'the impression is matter-of-fact'],
    dominance: ['the speaker sounds composed', 'the stance is even'],
  },
  calm: {
    valence: ['the feeling is mildly positive', 'the impression is relaxed'],
    dominance: ['the speaker sounds settled', 'the stance is composed'],
  },
  boredom: {
    valence: ['the feeling is mildly negative', 'the impression is disengaged'],
    dominance: ['the speaker sounds detached', 'the stance is indifferent'],
  },
};
const GENERIC_AFFECT = {
  valence: ['the emotional colouring has to be judged from the combination'],
  dominance: ['the stance is not obvious from one cue'],
};

export interface TraceContext {
  profile: CueProfile;
  voiceQualityNorms: VoiceQualityNorms | null;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const seconds = (t: number): string => `${t.toFixed(2)} s`;
const emotionNoun = (label: string): string => EMOTION_NOUN[label] ?? label;

function listTimes(times: string[]): string {
  return times.length <= 1 ? (times[0] ?? '') : `${times.slice(0, -1).join(', ')} and ${times[times.length - 1]}`;
}

function pauseSentence(rng: Random, s: ProsodySummary): string {
  const pauses = s.segmentation.pauses;
  if (!pauses.length) return pick(rng, NO_PAUSE);
  const mid = (i: number): string => seconds((pauses[i]!.startS + pauses[i]!.endS) / 2);
  const long = pauses.some((p) => p.endS - p.startS >= LONG_PAUSE_S);
  if (pauses.length === 1) {
    const kind = long ? 'long ' : '';
    return pick(rng, [`there is one ${kind}pause at about ${mid(0)}`, `a single ${kind}pause breaks the phrase near ${mid(0)}`]);
  }
  const n = NUMBER_WORDS[pauses.length] ?? String(pauses.length);
  const longNote = long ? pick(rng, ['; one of them is a long pause', '; among them is a long pause']) : '';
  return pick(rng, [`there are ${n} pauses`, `${n} pauses break up the phrase`]) + longNote;
}

function stressSentence(rng: Random, s: ProsodySummary): string {
  const times = stressTimes(s).map(seconds);
  if (!times.length) return pick(rng, STRESS_NONE);
  return pick(rng, times.length === 1 ? STRESS_ONE : STRESS_MANY).replace('{t}', listTimes(times));
}

/** The cue sentences, in a varied order after the pitch sentence. */
function cueSentences(rng: Random, s: ProsodySummary, ctx: Pick<TraceContext, 'voiceQualityNorms'>): string[] {
  const gender = s.gender && rng() < 0.35 ? ` for a ${s.gender} voice` : '';
  const pitch = `${pick(rng, PITCH_CLAUSE[s.levels.pitch])}${gender}, ${pick(rng, RANGE_TAIL[s.intonation.rangeClass])}`;
  const contour = `${pick(rng, PATTERN_CLAUSE[s.intonation.pattern])}, ${pick(rng, FINAL_TAIL[s.intonation.finalMovement])}`;
  const energySpeed =
    rng() < 0.5
      ? `${pick(rng, ENERGY_CLAUSE[s.levels.energy])}, and ${pick(rng, SPEED_CLAUSE[s.levels.speed])}`
      : `${pick(rng, SPEED_CLAUSE[s.levels.speed])}, while ${pick(rng, ENERGY_CLAUSE[s.levels.energy])}`;
  const timing = `${pick(rng, [pauseSentence(rng, s)])}; ${stressSentence(rng, s)}`;
  const quality = voiceQualityWord(s, ctx.voiceQualityNorms);
  const rest = shuffled(rng, [contour, energySpeed, timing]);
  if (quality && rng() < 0.7) rest.push(pick(rng, VOICE_QUALITY[quality]));
  const opener = pick(rng, OPENERS);
  return [
    `${opener}${opener ? pitch : cap(pitch)}.`,
    ...rest.map((r, i) => {
      const linker = i > 0 ? pick(rng, LINKERS) : '';
      return `${linker}${linker ? r : cap(r)}.`;
    }),
  ];
}

function arousalOf(s: ProsodySummary): keyof typeof AROUSAL {
  const score = ORDINAL_CUES.reduce((sum, cue) => sum + ordinal(s, cue), 0);
  return score >= 2 ? 'high' : score <= -2 ? 'low' : 'moderate';
}

const NP_CUES = ['pitch', 'energy', 'speed', 'range', 'pattern', 'final'] as const satisfies readonly CategoricalCue[];

function cueNp(rng: Random, s: ProsodySummary, cue: (typeof NP_CUES)[number]): string {
  const value =
    cue === 'pitch'
      ? s.levels.pitch
      : cue === 'energy'
        ? s.levels.energy
        : cue === 'speed'
          ? s.levels.speed
          : cue === 'range'
            ? s.intonation.rangeClass
            : cue === 'pattern'
              ? s.intonation.pattern
              : s.intonation.finalMovement;
  return pick(rng, (CUE_NP[cue] as Record<string, readonly string[]>)[value]!);
}

function interpretation(rng: Random, s: ProsodySummary, label: string, ctx: TraceContext): string {
  const affect = AFFECT[label] ?? GENERIC_AFFECT;
  const lead = pick(rng, AROUSAL_LEADS).replace('{a}', pick(rng, AROUSAL[arousalOf(s)]));
  const effective = ctx.profile.effective[label];
  const supporting = effective ? ORDINAL_CUES.filter((cue) => effective[cue] === ordinal(s, cue) && effective[cue] !== 0) : [];
  const support = supporting.length
    ? ` ${cap(
        supporting
          .slice(0, 2)
          .map((cue) => cueNp(rng, s, cue))
          .join(' and '),
      )} ${pick(rng, ['fit', 'match', 'are in line with'])} ${emotionNoun(label)} as this corpus voices it.`
    : '';
  return `${lead}; ${pick(rng, affect.valence)}, and ${pick(rng, affect.dominance)}.${support}`;
}

function alternative(rng: Random, s: ProsodySummary, label: string, ctx: TraceContext): string {
  const alt = nearestAlternative(ctx.profile, label, s);
  if (!alt) return '';
  const score = (emotion: string, cue: CategoricalCue): number => logLikelihood(ctx.profile, emotion, cue, categorical(s, cue));
  const shared = [...NP_CUES].sort((a, b) => score(alt, b) - score(alt, a))[0]!;
  const distinct = [...NP_CUES].map((cue) => ({ cue, gain: score(label, cue) - score(alt, cue) })).sort((a, b) => b.gain - a.gain)[0]!;
  const altName = emotionNoun(alt);
  const head = pick(rng, [
    `The closest alternative is ${altName}`,
    `${cap(altName)} is the nearest competitor`,
    `One could also think of ${altName}`,
  ]);
  if (distinct.gain <= 0.05 || distinct.cue === shared) {
    return `${head}, which the prosody alone hardly rules out; the overall combination still favours ${emotionNoun(label)}.`;
  }
  return `${head}, ${pick(rng, ['since it would also fit', 'which could explain'])} ${cueNp(rng, s, shared)}, but ${cueNp(rng, s, distinct.cue)} ${pick(rng, ['is more typical of', 'speaks rather for', 'points instead to'])} ${emotionNoun(label)}.`;
}

/**
 * The cue sentences a trace opens with, written from the measurements alone (no label, no profile):
 * the reasoning prefix the analyze pipeline gives a model whose manifest asks for it, so the model
 * continues with the interpretation exactly as in training, from cues that are right by construction.
 */
export function measuredCueSentences(s: ProsodySummary, voiceQualityNorms: VoiceQualityNorms | null, seed: number | string): string {
  return cueSentences(seededRandom(seed), s, { voiceQualityNorms }).join(' ');
}

const wordCount = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** A reasoning trace of 40–150 words for the clip; tries a few drafts until the length fits. */
export function buildTrace(rng: Random, s: ProsodySummary, label: string, ctx: TraceContext): string {
  let best = '';
  for (let attempt = 0; attempt < 8; attempt++) {
    const cues = cueSentences(rng, s, ctx);
    const parts = [
      ...cues,
      interpretation(rng, s, label, ctx),
      alternative(rng, s, label, ctx),
      pick(rng, CONCLUSIONS).replace('{e}', emotionNoun(label)),
    ];
    const text = parts.filter(Boolean).join(' ');
    const words = wordCount(text);
    if (words >= 40 && words <= 150) return text;
    if (!best || Math.abs(words - 95) < Math.abs(wordCount(best) - 95)) best = text;
  }
  return best;
}
