// The reasoning reward model's view of a clip: one fixed-length vector from the clip's measurement —
// what the four criteria are about (the levels, contour classes, pauses and stress times a trace
// claims, and the functionals behind them). tools/model/reward_model.py takes PROSODY_VECTOR_DIMS
// numbers; this is the one definition of their order.
import type { FinalMovement, IntonationPattern, PitchRangeClass, ProsodyLevel, SpeedLevel } from '../../../shared/types/prosody';
import type { EvidenceProsody } from '../../data/evidence/check-evidence';

const LEVELS: readonly ProsodyLevel[] = ['low', 'normal', 'high'];
const SPEEDS: readonly SpeedLevel[] = ['slow', 'normal', 'fast'];
const RANGES: readonly PitchRangeClass[] = ['flat', 'normal', 'expressive'];
const PATTERNS: readonly IntonationPattern[] = ['rising', 'falling', 'rise-fall', 'fall-rise', 'level'];
const FINALS: readonly FinalMovement[] = ['rising', 'falling', 'level'];
/** Stress and pause timelines: 24 bins of 0.25 s cover the first 6 s (EmotionCoT clips are 1–5 s). */
const TIMELINE_BINS = 24;
const BIN_S = 0.25;
/**
 * The z-scored utterance functionals come first: the reward model's own list of fields and
 * statistics (its manifest's prosodyVector, copied from the speech model it was trained beside), so
 * it reads every clip on one scale whatever policy wrote the completion.
 */
export const FUNCTIONAL_DIMS = 31;

export const PROSODY_VECTOR_DIMS = FUNCTIONAL_DIMS + 9 + 11 + 5 + 2 * TIMELINE_BINS + 1;

function oneHot<T>(out: Float32Array, at: number, values: readonly T[], value: T): number {
  const i = values.indexOf(value);
  if (i >= 0) out[at + i] = 1;
  return at + values.length;
}

/** Which functionals, z-scored with which statistics (a reward-model manifest's `prosodyVector`). */
export interface FunctionalScale {
  fields: readonly string[];
  mean: readonly number[];
  std: readonly number[];
}

/** The functionals of `scale.fields`, by name, z-scored and clipped to ±5; undefined (NaN/null) → 0. */
export function functionalZScores(
  functionals: { names: readonly string[]; values: readonly (number | null)[] },
  scale: FunctionalScale,
): Float32Array {
  if (scale.fields.length !== FUNCTIONAL_DIMS || scale.mean.length !== FUNCTIONAL_DIMS || scale.std.length !== FUNCTIONAL_DIMS) {
    throw new RangeError(
      `the reward model reads ${FUNCTIONAL_DIMS} functionals; the scale lists ${scale.fields.length}/${scale.mean.length}/${scale.std.length}`,
    );
  }
  return Float32Array.from(scale.fields, (name, i) => {
    const at = functionals.names.indexOf(name);
    if (at < 0) throw new RangeError(`the reward model reads the functional "${name}", which the measurement does not have`);
    const v = functionals.values[at];
    const z = v === null || v === undefined ? 0 : (v - scale.mean[i]!) / (scale.std[i]! > 0 ? scale.std[i]! : 1);
    return Number.isFinite(z) ? Math.max(-5, Math.min(5, z)) : 0;
  });
}

/** The vector of one clip; `utteranceZ` from functionalZScores. */
export function prosodyVector(prosody: EvidenceProsody, utteranceZ: ArrayLike<number>): Float32Array {
  if (utteranceZ.length !== FUNCTIONAL_DIMS)
    throw new RangeError(`utterance prosody has ${utteranceZ.length} values; the reward model reads ${FUNCTIONAL_DIMS}`);
  const out = new Float32Array(PROSODY_VECTOR_DIMS);
  for (let i = 0; i < FUNCTIONAL_DIMS; i++) out[i] = Number.isFinite(utteranceZ[i]!) ? utteranceZ[i]! : 0;
  let at = FUNCTIONAL_DIMS;
  at = oneHot(out, at, LEVELS, prosody.levels.pitch);
  at = oneHot(out, at, LEVELS, prosody.levels.energy);
  at = oneHot(out, at, SPEEDS, prosody.levels.speed);
  at = oneHot(out, at, RANGES, prosody.intonation.rangeClass);
  at = oneHot(out, at, PATTERNS, prosody.intonation.pattern);
  at = oneHot(out, at, FINALS, prosody.intonation.finalMovement);
  const pauses = prosody.segmentation.pauses;
  out[at + Math.min(pauses.length, 3)] = 1;
  at += 4;
  const speech = prosody.segmentation.speech;
  const duration = prosody.durationS ?? (speech.length ? speech[speech.length - 1]!.endS : 0);
  const paused = pauses.reduce((sum, p) => sum + Math.max(0, p.endS - p.startS), 0);
  out[at++] = duration > 0 ? Math.min(1, paused / duration) : 0;
  for (const s of prosody.syllables) {
    if (!s.stressed) continue;
    const bin = Math.floor(s.timeS / BIN_S);
    if (bin >= 0 && bin < TIMELINE_BINS) out[at + bin] = Math.max(out[at + bin]!, Math.min(1, s.stressStrength));
  }
  at += TIMELINE_BINS;
  for (const p of pauses) {
    for (let bin = Math.max(0, Math.floor(p.startS / BIN_S)); bin < TIMELINE_BINS && bin * BIN_S < p.endS; bin++) {
      const overlap = Math.min(p.endS, (bin + 1) * BIN_S) - Math.max(p.startS, bin * BIN_S);
      out[at + bin] = Math.min(1, out[at + bin]! + Math.max(0, overlap) / BIN_S);
    }
  }
  at += TIMELINE_BINS;
  out[at++] = Math.min(2, duration / 5);
  return out;
}
