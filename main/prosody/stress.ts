// Syllable prominence from pitch, intensity and duration relative to the utterance and neighbours.
import { zScores } from './stats';

/** Acoustic correlates of one nucleus. */
export interface NucleusCues {
  /** Highest pitch over the nucleus (st re speaker median; NaN if no F0). */
  pitchSt: number;
  intensityDb: number;
  durationS: number;
}

export interface StressScore {
  /** 0..1; 0.5 is an average syllable of this utterance. */
  strength: number;
  stressed: boolean;
}

// Pitch and loudness carry most of perceived prominence in English; duration less reliably
// (Kochanski et al. 2005, JASA 118:1038, find loudness and duration beat F0 in read speech, but
// acted emotional speech leans on F0). Equal-ish weights, pitch first: our choice, documented.
const CUE_WEIGHTS = { pitch: 0.4, intensity: 0.35, duration: 0.25 } as const;
/** Share of syllables that may be marked stressed (roughly one per foot of 3–4 syllables). */
const MAX_STRESSED_SHARE = 0.25;
/** Strength a syllable needs to be marked stressed. */
const MIN_STRESSED_STRENGTH = 0.6;

/** Each value minus the mean of its immediate neighbours (0 for a lone value). */
function neighbourContrast(values: number[]): number[] {
  return values.map((v, i) => {
    const around = [values[i - 1], values[i + 1]].filter((x): x is number => x !== undefined);
    return around.length === 0 ? 0 : v - around.reduce((a, b) => a + b, 0) / around.length;
  });
}

/** Combined z-score of a cue: half level within the utterance, half contrast with neighbours. */
function cueScore(values: number[]): number[] {
  const level = zScores(values);
  const contrast = zScores(neighbourContrast(values));
  return values.map((_, i) => (level[i]! + contrast[i]!) / 2);
}

/** Scores every nucleus and marks the most prominent ones as stressed. */
export function scoreStress(cues: NucleusCues[]): StressScore[] {
  if (cues.length === 0) return [];
  // A nucleus without F0 gets the utterance's mean pitch so it is neither helped nor hurt.
  const pitched = cues.filter((c) => Number.isFinite(c.pitchSt));
  const meanPitch = pitched.length ? pitched.reduce((a, c) => a + c.pitchSt, 0) / pitched.length : 0;
  const pitch = cueScore(cues.map((c) => (Number.isFinite(c.pitchSt) ? c.pitchSt : meanPitch)));
  const intensity = cueScore(cues.map((c) => c.intensityDb));
  const duration = cueScore(cues.map((c) => c.durationS));
  const strengths = cues.map((_, i) => {
    const score = CUE_WEIGHTS.pitch * pitch[i]! + CUE_WEIGHTS.intensity * intensity[i]! + CUE_WEIGHTS.duration * duration[i]!;
    return 1 / (1 + Math.exp(-2 * score));
  });
  const maxStressed = cues.length < 2 ? 0 : Math.max(1, Math.round(cues.length * MAX_STRESSED_SHARE));
  const ranked = strengths.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s);
  const stressedSet = new Set(
    ranked
      .slice(0, maxStressed)
      .filter((r) => r.s >= MIN_STRESSED_STRENGTH)
      .map((r) => r.i),
  );
  return strengths.map((strength, i) => ({ strength, stressed: stressedSet.has(i) }));
}
