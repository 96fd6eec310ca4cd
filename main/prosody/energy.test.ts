import { describe, expect, it } from 'vitest';
import { measureProsody } from './measure';
import { exactPitchTrack, synthesize, syllableTrain } from './testing/signals';

describe('energy level measure', () => {
  const spans = syllableTrain(8, 0.4, 0.2, 0.08, () => 160);
  // Room noise at -60 dBFS RMS: a gain change scales it with the speech, as a real recording's does.
  const audio = synthesize(3, spans, 1e-3);
  const pitch = exactPitchTrack(audio, spans);

  it('moves absolute dBFS by the gain but the noise-floor-relative level by under 1 dB (-12 dB and +6 dB)', () => {
    const base = measureProsody(audio, pitch).energy;
    for (const gainDb of [-12, 6]) {
      const gain = 10 ** (gainDb / 20);
      const scaled = measureProsody({ samples: audio.samples.map((v) => v * gain), sampleRate: audio.sampleRate }, pitch).energy;
      expect(scaled.speechRmsDbfs - base.speechRmsDbfs).toBeCloseTo(gainDb, 0);
      expect(Math.abs(scaled.speechLevelReFloorDb - base.speechLevelReFloorDb)).toBeLessThan(1);
    }
  });

  it('reads louder speech over the same room noise as a higher level', () => {
    // Rebuild: louder speech (x2) plus the same noise level as the original.
    const speechOnly = synthesize(3, spans, 0);
    const noiseOnly = synthesize(3, [], 1e-3);
    const loud = speechOnly.samples.map((v, n) => 2 * v + noiseOnly.samples[n]!);
    const quiet = measureProsody(audio, pitch).energy.speechLevelReFloorDb;
    const loudLevel = measureProsody({ samples: loud, sampleRate: audio.sampleRate }, pitch).energy.speechLevelReFloorDb;
    expect(loudLevel - quiet).toBeCloseTo(6, 0);
  });
});
