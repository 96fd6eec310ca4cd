// Emotion ↔ cue knowledge: a literature prior, per-emotion statistics from the training split, and an
// effective profile where the data overrides the prior when the corpus disagrees.
//
// Literature directions (pitch level, loudness, speaking rate, pitch variability), from
// Banse & Scherer 1996 (JPSP 70:614, acoustic profiles of 14 emotions), Juslin & Laukka 2003
// (Psychol. Bull. 129:770, Table 7, cross-study summary) and Scherer 2003 (Speech Commun. 40:227,
// Table 1): anger and joy high/loud/fast/wide; sadness and boredom low/soft/slow/narrow; fear high
// and fast with low variability; tenderness/calm low, soft, slow, narrow; disgust low and slow;
// surprise high and wide. Neutral is the reference (0 everywhere).
import type { ProsodySummary } from '../../../shared/types/dataset';

/** Cue dimensions on an ordinal −1 / 0 / +1 scale. */
export const ORDINAL_CUES = ['pitch', 'energy', 'speed', 'range'] as const;
export type OrdinalCue = (typeof ORDINAL_CUES)[number];
/** Categorical cue dimensions used for the nearest-alternative likelihoods. */
export const CATEGORICAL_CUES = ['pitch', 'energy', 'speed', 'range', 'pattern', 'final', 'pausing'] as const;
export type CategoricalCue = (typeof CATEGORICAL_CUES)[number];

export type Direction = -1 | 0 | 1;

export const LITERATURE_PROFILE: Record<string, Record<OrdinalCue, Direction>> = {
  angry: { pitch: 1, energy: 1, speed: 1, range: 1 },
  happy: { pitch: 1, energy: 1, speed: 1, range: 1 },
  sad: { pitch: -1, energy: -1, speed: -1, range: -1 },
  fearful: { pitch: 1, energy: 0, speed: 1, range: -1 },
  surprised: { pitch: 1, energy: 1, speed: 0, range: 1 },
  disgust: { pitch: -1, energy: 0, speed: -1, range: 0 },
  calm: { pitch: -1, energy: -1, speed: -1, range: -1 },
  boredom: { pitch: -1, energy: -1, speed: -1, range: -1 },
  contempt: { pitch: -1, energy: 0, speed: -1, range: 0 },
  neutral: { pitch: 0, energy: 0, speed: 0, range: 0 },
};

/** Ordinal value of a clip's cue. */
export function ordinal(s: ProsodySummary, cue: OrdinalCue): Direction {
  const value =
    cue === 'pitch' ? s.levels.pitch : cue === 'energy' ? s.levels.energy : cue === 'speed' ? s.levels.speed : s.intonation.rangeClass;
  return value === 'high' || value === 'fast' || value === 'expressive'
    ? 1
    : value === 'low' || value === 'slow' || value === 'flat'
      ? -1
      : 0;
}

/** Categorical value of a clip's cue. */
export function categorical(s: ProsodySummary, cue: CategoricalCue): string {
  if (cue === 'pattern') return s.intonation.pattern;
  if (cue === 'final') return s.intonation.finalMovement;
  if (cue === 'pausing') return s.segmentation.pauses.length ? 'some' : 'none';
  return String(ordinal(s, cue));
}

/** Per-emotion statistics and the effective directions. */
export interface CueProfile {
  emotions: string[];
  /** Training clips per emotion. */
  counts: Record<string, number>;
  /** Mean ordinal value per emotion and cue (−1..1). */
  means: Record<string, Record<OrdinalCue, number>>;
  /** Category counts per emotion, cue and value (for likelihoods). */
  categories: Record<string, Record<CategoricalCue, Record<string, number>>>;
  /** Direction the builder treats as characteristic. */
  effective: Record<string, Record<OrdinalCue, Direction>>;
  /** Where the data overrode the literature (or had no prior). */
  disagreements: { emotion: string; cue: OrdinalCue; literature: Direction | null; data: Direction; meanOrdinal: number }[];
}

/** A data mean counts as a direction beyond this (a third of the way to the extreme). */
const DIRECTION_THRESHOLD = 0.33;
/** Fewer training clips than this and the literature is kept. */
const MIN_CLIPS_TO_OVERRIDE = 15;

const directionOf = (mean: number): Direction => (mean > DIRECTION_THRESHOLD ? 1 : mean < -DIRECTION_THRESHOLD ? -1 : 0);

/** Builds the profile from labelled training clips. */
export function computeCueProfile(clips: { label: string; summary: ProsodySummary }[]): CueProfile {
  const emotions = [...new Set(clips.map((c) => c.label))].sort();
  const profile: CueProfile = { emotions, counts: {}, means: {}, categories: {}, effective: {}, disagreements: [] };
  for (const emotion of emotions) {
    const own = clips.filter((c) => c.label === emotion).map((c) => c.summary);
    profile.counts[emotion] = own.length;
    const means = {} as Record<OrdinalCue, number>;
    const effective = {} as Record<OrdinalCue, Direction>;
    const prior = LITERATURE_PROFILE[emotion];
    for (const cue of ORDINAL_CUES) {
      means[cue] = own.reduce((sum, s) => sum + ordinal(s, cue), 0) / Math.max(1, own.length);
      const data = directionOf(means[cue]);
      const literature = prior ? prior[cue] : null;
      const trustData = literature === null || own.length >= MIN_CLIPS_TO_OVERRIDE;
      effective[cue] = trustData ? data : literature!;
      if (trustData && data !== literature)
        profile.disagreements.push({ emotion, cue, literature, data, meanOrdinal: Number(means[cue].toFixed(3)) });
    }
    profile.means[emotion] = means;
    profile.effective[emotion] = effective;
    const categories = {} as Record<CategoricalCue, Record<string, number>>;
    for (const cue of CATEGORICAL_CUES) {
      categories[cue] = {};
      for (const s of own) categories[cue][categorical(s, cue)] = (categories[cue][categorical(s, cue)] ?? 0) + 1;
    }
    profile.categories[emotion] = categories;
  }
  return profile;
}

const CATEGORY_SIZES: Record<CategoricalCue, number> = { pitch: 3, energy: 3, speed: 3, range: 3, pattern: 5, final: 3, pausing: 2 };

/** log P(value | emotion) with add-one smoothing. */
export function logLikelihood(profile: CueProfile, emotion: string, cue: CategoricalCue, value: string): number {
  const counts = profile.categories[emotion]?.[cue] ?? {};
  const n = profile.counts[emotion] ?? 0;
  return Math.log(((counts[value] ?? 0) + 1) / (n + CATEGORY_SIZES[cue]));
}

/** The emotion other than `label` whose cue distribution explains this clip best (naive Bayes). */
export function nearestAlternative(profile: CueProfile, label: string, s: ProsodySummary): string | null {
  let best: string | null = null;
  let bestScore = -Infinity;
  for (const emotion of profile.emotions) {
    if (emotion === label) continue;
    const score = CATEGORICAL_CUES.reduce((sum, cue) => sum + logLikelihood(profile, emotion, cue, categorical(s, cue)), 0);
    if (score > bestScore) [best, bestScore] = [emotion, score];
  }
  return best;
}
