// Generated test signals with known prosody: harmonic "vowels" with a chosen F0 contour and
// loudness envelope, and the exact pitch track that goes with them.
import { ANALYSIS_SAMPLE_RATE, type MonoAudio } from '../../../shared/types/audio';
import { PROSODY_FRAME_STEP_S, type PitchTrack } from '../../../shared/types/pitch';

/** A voiced stretch: F0 and amplitude as functions of time within the stretch (s → Hz / linear). */
export interface VoicedSpan {
  startS: number;
  endS: number;
  f0Hz: (t: number) => number;
  amplitude?: (t: number) => number;
}

/** Seeded uniform noise so tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Sums the first 10 harmonics (1/k amplitude, a rough glottal spectrum) with a phase that
 * integrates F0, so the contour is exact; 10 ms raised-cosine ramps avoid clicks.
 */
export function synthesize(durationS: number, spans: VoicedSpan[], noiseRms = 0, seed = 1): MonoAudio {
  const sr = ANALYSIS_SAMPLE_RATE;
  const samples = new Float32Array(Math.round(durationS * sr));
  for (const span of spans) {
    let phase = 0;
    const from = Math.round(span.startS * sr);
    const to = Math.min(samples.length, Math.round(span.endS * sr));
    const ramp = 0.01 * sr;
    for (let n = from; n < to; n++) {
      const t = (n - from) / sr;
      const f0 = span.f0Hz(t);
      phase += (2 * Math.PI * f0) / sr;
      let value = 0;
      for (let k = 1; k <= 10 && k * f0 < sr / 2; k++) value += Math.sin(k * phase) / k;
      const edge = Math.min(1, (n - from) / ramp, (to - 1 - n) / ramp);
      const fade = 0.5 - 0.5 * Math.cos(Math.PI * Math.max(0, edge));
      samples[n] = 0.3 * (span.amplitude?.(t) ?? 1) * fade * value;
    }
  }
  const random = seededRandom(seed);
  for (let n = 0; n < samples.length; n++) samples[n]! += noiseRms * Math.sqrt(12) * (random() - 0.5);
  return { samples, sampleRate: sr };
}

/** The exact pitch track of synthesised spans (voiced where a span covers the frame centre). */
export function exactPitchTrack(audio: MonoAudio, spans: VoicedSpan[]): PitchTrack {
  const count = Math.floor((audio.samples.length - 1) / (audio.sampleRate * PROSODY_FRAME_STEP_S)) + 1;
  const f0Hz = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const t = i * PROSODY_FRAME_STEP_S;
    // Frames within 15 ms of a span edge are left unvoiced, as a tracker would.
    const span = spans.find((s) => t >= s.startS + 0.015 && t <= s.endS - 0.015);
    if (span) f0Hz[i] = span.f0Hz(t - span.startS);
  }
  return { frameStepS: PROSODY_FRAME_STEP_S, f0Hz, voicedProbability: Float32Array.from(f0Hz, (f) => (f > 0 ? 0.9 : 0.1)) };
}

/** Syllable-like train: n vowels of syllableS separated by gapS, starting at startS. */
export function syllableTrain(
  n: number,
  startS: number,
  syllableS: number,
  gapS: number,
  f0Hz: (i: number, t: number) => number,
): VoicedSpan[] {
  return Array.from({ length: n }, (_, i) => ({
    startS: startS + i * (syllableS + gapS),
    endS: startS + i * (syllableS + gapS) + syllableS,
    f0Hz: (t: number) => f0Hz(i, t),
    amplitude: (t: number) => Math.sin((Math.PI * t) / syllableS) ** 0.5,
  }));
}
