import { describe, expect, it } from 'vitest';
import type { PitchTrack } from '../../../shared/types/pitch';
import { PitchError, trackPitch } from './index';
import { clipped, sine, sweep, vowel, weakFundamental, whiteNoise } from './test-signals';

/** Cents error of each voiced frame against the true F0, skipping `edge` frames at each end. */
function centsErrors(track: PitchTrack, hzAt: (t: number) => number, edge = 3): number[] {
  const errors: number[] = [];
  for (let f = edge; f < track.f0Hz.length - edge; f++) {
    if (track.f0Hz[f]! > 0) errors.push(Math.abs(1200 * Math.log2(track.f0Hz[f]! / hzAt(f * track.frameStepS))));
  }
  return errors;
}

function voicedShare(track: PitchTrack, edge = 3): number {
  let voiced = 0;
  for (let f = edge; f < track.f0Hz.length - edge; f++) if (track.f0Hz[f]! > 0) voiced++;
  return voiced / Math.max(1, track.f0Hz.length - 2 * edge);
}

describe('trackPitch on generated signals', () => {
  it('puts frame i at i·10 ms and covers the whole signal', () => {
    const track = trackPitch(sine(200, 1));
    expect(track.frameStepS).toBe(0.01);
    expect(track.f0Hz.length).toBe(100);
    expect(track.voicedProbability.length).toBe(100);
  });

  it.each([60, 100, 220, 440, 495])('tracks a %d Hz sine within 5 cents in every frame', (hz) => {
    const track = trackPitch(sine(hz, 1));
    expect(voicedShare(track)).toBe(1);
    expect(Math.max(...centsErrors(track, () => hz))).toBeLessThan(5);
  });

  it('follows a 60 → 480 Hz sweep within 20 cents over the full range (first pass only)', () => {
    const { audio, hzAt } = sweep(60, 480, 2);
    const track = trackPitch(audio, { secondPass: false });
    expect(voicedShare(track)).toBeGreaterThan(0.97);
    expect(Math.max(...centsErrors(track, hzAt))).toBeLessThan(20);
  });

  it('follows a speaker-like 120 → 240 Hz sweep with the second pass on', () => {
    const { audio, hzAt } = sweep(120, 240, 2);
    const track = trackPitch(audio);
    expect(voicedShare(track)).toBeGreaterThan(0.97);
    expect(Math.max(...centsErrors(track, hzAt))).toBeLessThan(20);
  });

  it('second pass keeps only 0.6×–2× the median F0, as EmotionCoT does', () => {
    // 1 s at 100 Hz then 0.3 s at 400 Hz: median 100 Hz, so the 400 Hz part is out of range.
    const low = vowel(100, 1).samples;
    const high = vowel(400, 0.3).samples;
    const samples = new Float32Array(low.length + high.length);
    samples.set(low);
    samples.set(high, low.length);
    const both = trackPitch({ samples, sampleRate: 16_000 }, { secondPass: false });
    const restricted = trackPitch({ samples, sampleRate: 16_000 });
    expect(Math.abs(both.f0Hz[115]! - 400)).toBeLessThan(5);
    expect(restricted.f0Hz.slice(105).every((hz) => hz === 0 || hz <= 200)).toBe(true);
    expect(Math.abs(restricted.f0Hz[50]! - 100)).toBeLessThan(1);
  });

  it.each([80, 150, 300, 450])('tracks a synthetic vowel at %d Hz without octave errors', (hz) => {
    const track = trackPitch(vowel(hz, 1));
    const errors = centsErrors(track, () => hz);
    expect(voicedShare(track)).toBe(1);
    expect(Math.max(...errors)).toBeLessThan(10);
    expect(track.voicedProbability.slice(3, -3).every((p) => p > 0.9)).toBe(true);
  });

  it('reports the fundamental, not the 2nd harmonic, when the fundamental is 10x weaker', () => {
    const track = trackPitch(weakFundamental(120, 1, 0.1));
    expect(voicedShare(track)).toBe(1);
    expect(Math.max(...centsErrors(track, () => 120))).toBeLessThan(10);
  });

  it('marks digital silence as unvoiced in every frame', () => {
    const track = trackPitch({ samples: new Float32Array(16_000), sampleRate: 16_000 });
    expect(track.f0Hz.every((hz) => hz === 0)).toBe(true);
    expect(track.voicedProbability.every((p) => p < 0.5)).toBe(true);
  });

  it('marks white noise as (almost) all unvoiced', () => {
    const track = trackPitch(whiteNoise(2));
    expect(voicedShare(track, 0)).toBeLessThan(0.05);
  });

  it('still tracks a vowel clipped at a quarter of its peak', () => {
    const track = trackPitch(clipped(vowel(150, 1), 4, 0.5));
    expect(voicedShare(track)).toBe(1);
    expect(Math.max(...centsErrors(track, () => 150))).toBeLessThan(20);
  });

  it('finds 300 Hz speech-like pitch at a 20 kHz sample rate too', () => {
    const audio = vowel(300, 0.5);
    const at20k = new Float32Array(Math.floor((audio.samples.length * 20) / 16));
    for (let i = 0; i < at20k.length; i++) at20k[i] = audio.samples[Math.floor((i * 16) / 20)]!;
    const track = trackPitch({ samples: at20k, sampleRate: 20_000 });
    expect(voicedShare(track)).toBeGreaterThan(0.9);
    expect(Math.max(...centsErrors(track, () => 300))).toBeLessThan(60); // sample-and-hold upsampling jitters
  });

  it('returns no frames for empty input and one unvoiced frame for input shorter than a frame', () => {
    expect(trackPitch({ samples: new Float32Array(0), sampleRate: 16_000 }).f0Hz.length).toBe(0);
    const short = trackPitch(sine(200, 0.005));
    expect(short.f0Hz.length).toBe(1);
    expect(short.f0Hz[0]).toBe(0);
  });

  it('keeps the first-pass range when the second pass is switched off', () => {
    const track = trackPitch(vowel(450, 0.5), { secondPass: false });
    expect(Math.max(...centsErrors(track, () => 450))).toBeLessThan(10);
  });
});

describe('trackPitch input checks', () => {
  it('rejects non-finite samples with a typed error', () => {
    const samples = new Float32Array(1000);
    samples[500] = NaN;
    expect(() => trackPitch({ samples, sampleRate: 16_000 })).toThrow(expect.objectContaining({ code: 'non_finite_samples' }));
  });

  it('rejects a bad sample rate and an inverted pitch range', () => {
    expect(() => trackPitch({ samples: new Float32Array(10), sampleRate: 0 })).toThrow(PitchError);
    expect(() => trackPitch(sine(100, 0.1), { minHz: 300, maxHz: 200 })).toThrow(expect.objectContaining({ code: 'bad_pitch_range' }));
  });
});
