import { describe, expect, it } from 'vitest';
import { measureProsody } from './measure';
import { scoreStress } from './stress';
import { exactPitchTrack, synthesize, type VoicedSpan } from './testing/signals';

describe('stress', () => {
  it('marks the one syllable that is higher, louder and longer as stressed, at its time', () => {
    const spans: VoicedSpan[] = [];
    let t = 0.3;
    for (let i = 0; i < 6; i++) {
      const emphasised = i === 3;
      const length = emphasised ? 0.28 : 0.18;
      spans.push({
        startS: t,
        endS: t + length,
        f0Hz: (u) => (emphasised ? 190 : 140) - 10 * (u / length),
        amplitude: (u) => (emphasised ? 1.6 : 1) * Math.sin((Math.PI * u) / length) ** 0.5,
      });
      t += length + 0.07;
    }
    const audio = synthesize(t + 0.3, spans, 3e-4);
    const { syllables } = measureProsody(audio, exactPitchTrack(audio, spans));
    expect(syllables).toHaveLength(6);
    const stressed = syllables.filter((s) => s.stressed);
    expect(stressed).toHaveLength(1);
    expect(stressed[0]!.timeS).toBeGreaterThan(spans[3]!.startS);
    expect(stressed[0]!.timeS).toBeLessThan(spans[3]!.endS);
    expect(stressed[0]!.stressStrength).toBeGreaterThan(0.8);
  });

  it('marks nothing in a single syllable or an utterance of identical syllables', () => {
    expect(scoreStress([{ pitchSt: 0, intensityDb: 70, durationS: 0.2 }]).some((s) => s.stressed)).toBe(false);
    const same = Array.from({ length: 5 }, () => ({ pitchSt: 1, intensityDb: 70, durationS: 0.2 }));
    expect(scoreStress(same).some((s) => s.stressed)).toBe(false);
  });
});
