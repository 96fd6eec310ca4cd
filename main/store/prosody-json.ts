// A ProsodyAnalysis to JSON and back, typed arrays and NaN included: stored analyses must come back
// exactly as analyzeProsody made them so the Praat and CSV exporters work on them unchanged.
import type { ProsodyAnalysis, ProsodyFrames } from '../../shared/types/prosody';

const FLOAT_TRACKS = ['f0Hz', 'voicedProbability', 'intensityDb', 'rmsDbfs', 'semitones'] as const;

/** Compact JSON (no indentation): typed arrays as arrays, NaN/±Infinity as null. */
export function prosodyToJson(analysis: ProsodyAnalysis): string {
  return JSON.stringify(analysis, (_key, value: unknown) => {
    if (value instanceof Float32Array) return Array.from(value, (v) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null));
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>);
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    return value;
  });
}

/** The analysis back with typed arrays; null becomes NaN where the type holds a number. */
export function prosodyFromJson(text: string): ProsodyAnalysis {
  const parsed = JSON.parse(text, (_key, value: unknown) => (value === null ? Number.NaN : value)) as ProsodyAnalysis & {
    frames: Record<string, unknown>;
  };
  const raw = parsed.frames as unknown as Record<string, number[]> & { frameStepS: number };
  const frames: ProsodyFrames = {
    frameStepS: raw.frameStepS,
    f0Hz: new Float32Array(0),
    voicedProbability: new Float32Array(0),
    intensityDb: new Float32Array(0),
    rmsDbfs: new Float32Array(0),
    semitones: new Float32Array(0),
    isSpeech: Uint8Array.from(raw.isSpeech ?? []),
  };
  for (const track of FLOAT_TRACKS) frames[track] = Float32Array.from(raw[track] ?? []);
  // Fields that are legitimately null (turningPoint, gender) must not become NaN.
  const intonation = parsed.intonation as { turningPoint: unknown };
  if (typeof intonation.turningPoint === 'number') intonation.turningPoint = null;
  if (typeof parsed.gender === 'number') parsed.gender = null;
  return { ...parsed, frames };
}
