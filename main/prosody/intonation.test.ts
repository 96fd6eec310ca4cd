import { describe, expect, it } from 'vitest';
import { PROSODY_FRAME_STEP_S } from '../../shared/types/pitch';
import { measureProsody } from './measure';
import { exactPitchTrack, synthesize, type VoicedSpan } from './testing/signals';

/** A 1.2 s voiced glide from 0.2 s whose F0 follows semitone offsets re 150 Hz over relative time 0..1. */
function glide(semitonesAt: (u: number) => number) {
  const spans: VoicedSpan[] = [{ startS: 0.2, endS: 1.4, f0Hz: (t) => 150 * 2 ** (semitonesAt(t / 1.2) / 12) }];
  const audio = synthesize(1.6, spans, 1e-4);
  return measureProsody(audio, exactPitchTrack(audio, spans)).intonation;
}

describe('intonation (EmotionCoT rules)', () => {
  it('calls a 6-semitone upward glide rising, rising at the end too', () => {
    const result = glide((u) => 6 * u);
    expect(result.pattern).toBe('rising');
    expect(result.finalMovement).toBe('rising');
  });

  it('calls a 6-semitone downward glide falling', () => {
    const result = glide((u) => -6 * u);
    expect(result.pattern).toBe('falling');
    expect(result.finalMovement).toBe('falling');
  });

  it('calls an up-then-down contour rise-fall with its turning point mid-utterance', () => {
    const result = glide((u) => 6 * Math.sin(Math.PI * u));
    expect(result.pattern).toBe('rise-fall');
    expect(result.turningPoint!.timeS).toBeCloseTo(0.8, 1);
    expect(result.turningPoint!.depthSt).toBeGreaterThan(2);
  });

  it('calls a down-then-up contour fall-rise', () => {
    expect(glide((u) => -6 * Math.sin(Math.PI * u)).pattern).toBe('fall-rise');
  });

  it('calls a ±0.5-semitone wobble level and flat', () => {
    const result = glide((u) => 0.5 * Math.sin(4 * Math.PI * u));
    expect(result.pattern).toBe('level');
    expect(result.rangeClass).toBe('flat');
    expect(result.finalMovement).toBe('level');
  });

  it('calls a contour spanning 12 semitones expressive and 5 semitones normal', () => {
    expect(glide((u) => 12 * u).rangeClass).toBe('expressive');
    expect(glide((u) => 5 * u).rangeClass).toBe('normal');
  });

  it('does not call a 1.5-semitone rise rising (below the 2 st threshold)', () => {
    expect(glide((u) => 1.5 * u).pattern).toBe('level');
  });

  it('bridges a 100 ms unvoiced gap but not a 400 ms pause', () => {
    const spans: VoicedSpan[] = [
      { startS: 0.1, endS: 0.6, f0Hz: () => 150 },
      { startS: 0.7, endS: 1.2, f0Hz: () => 150 },
      { startS: 1.6, endS: 2.0, f0Hz: () => 150 },
    ];
    const audio = synthesize(2.2, spans, 1e-4);
    const { semitones } = measureProsody(audio, exactPitchTrack(audio, spans)).frames;
    expect(semitones[Math.round(0.65 / PROSODY_FRAME_STEP_S)]).toBeCloseTo(0, 3);
    expect(semitones[Math.round(1.4 / PROSODY_FRAME_STEP_S)]).toBeNaN();
  });
});
