// Generated test signals with known F0 for the tracker's tests (deterministic: seeded noise).
import { ANALYSIS_SAMPLE_RATE, type MonoAudio } from '../../../shared/types/audio';

const SR = ANALYSIS_SAMPLE_RATE;

export function sine(hz: number, seconds: number, amplitude = 0.5): MonoAudio {
  const samples = new Float32Array(Math.round(seconds * SR));
  for (let i = 0; i < samples.length; i++) samples[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / SR);
  return { samples, sampleRate: SR };
}

/** Exponential sweep from startHz to endHz; returns the audio and the instantaneous F0 at time t. */
export function sweep(startHz: number, endHz: number, seconds: number): { audio: MonoAudio; hzAt: (t: number) => number } {
  const samples = new Float32Array(Math.round(seconds * SR));
  const k = Math.log(endHz / startHz) / seconds;
  for (let i = 0; i < samples.length; i++) {
    const t = i / SR;
    samples[i] = 0.5 * Math.sin((2 * Math.PI * startHz * (Math.exp(k * t) - 1)) / k);
  }
  return { audio: { samples, sampleRate: SR }, hzAt: (t) => startHz * Math.exp(k * t) };
}

/**
 * A synthetic vowel: an exactly periodic Rosenberg-like glottal pulse train at `hz` through three
 * resonators at /a/-like formants (700, 1220, 2600 Hz).
 */
export function vowel(hz: number, seconds: number, formantsHz: readonly number[] = [700, 1220, 2600]): MonoAudio {
  const n = Math.round(seconds * SR);
  const source = new Float64Array(n);
  const period = SR / hz;
  for (let i = 0; i < n; i++) {
    const phase = (i % period) / period; // fraction of the glottal cycle
    // Opening 0..0.4, closing 0.4..0.6, closed after: the derivative gives the excitation.
    const open = phase < 0.4 ? 0.5 * (1 - Math.cos((Math.PI * phase) / 0.4)) : phase < 0.6 ? Math.cos((Math.PI * (phase - 0.4)) / 0.4) : 0;
    source[i] = open;
  }
  let signal: Float64Array<ArrayBufferLike> = new Float64Array(n);
  for (let i = 1; i < n; i++) signal[i] = source[i]! - source[i - 1]!;
  for (const formant of formantsHz) signal = resonate(signal, formant, 80 + formant * 0.05);
  return { samples: normalise(signal, 0.5), sampleRate: SR };
}

/** A harmonic tone whose fundamental is `fundamentalGain` times weaker than its 2nd harmonic. */
export function weakFundamental(hz: number, seconds: number, fundamentalGain: number): MonoAudio {
  const n = Math.round(seconds * SR);
  const signal = new Float64Array(n);
  const gains = [fundamentalGain, 1, 0.6, 0.4, 0.25];
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let h = 0; h < gains.length; h++) v += gains[h]! * Math.sin((2 * Math.PI * hz * (h + 1) * i) / SR + h);
    signal[i] = v;
  }
  return { samples: normalise(signal, 0.5), sampleRate: SR };
}

export function whiteNoise(seconds: number, amplitude = 0.3, seed = 1): MonoAudio {
  const samples = new Float32Array(Math.round(seconds * SR));
  let state = seed >>> 0;
  for (let i = 0; i < samples.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0; // LCG: reproducible noise
    samples[i] = amplitude * (state / 2 ** 31 - 1);
  }
  return { samples, sampleRate: SR };
}

/** Hard-clips at ±limit after amplifying by gain. */
export function clipped(audio: MonoAudio, gain: number, limit = 1): MonoAudio {
  const samples = audio.samples.map((v) => Math.max(-limit, Math.min(limit, v * gain)));
  return { samples, sampleRate: audio.sampleRate };
}

function resonate(x: Float64Array, hz: number, bandwidthHz: number): Float64Array {
  const r = Math.exp((-Math.PI * bandwidthHz) / SR);
  const a1 = 2 * r * Math.cos((2 * Math.PI * hz) / SR);
  const a2 = -r * r;
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = x[i]! + a1 * (i > 0 ? y[i - 1]! : 0) + a2 * (i > 1 ? y[i - 2]! : 0);
  return y;
}

function normalise(x: Float64Array, peak: number): Float32Array {
  let max = 0;
  for (const v of x) max = Math.max(max, Math.abs(v));
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = max > 0 ? (x[i]! * peak) / max : 0;
  return out;
}
