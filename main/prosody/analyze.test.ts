import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeProsody } from './analyze';
import { ProsodyError } from './errors';
import { PROSODY_FUNCTIONAL_NAMES } from './functionals';
import { readWav16k, SHARED_DATA_DIR } from './testing/audio-files';

// RAVDESS Actor 01 (male), angry, strong intensity, "Kids are talking by the door" (7 syllables).
const ANGRY_CLIP = path.join(SHARED_DATA_DIR, 'ravdess/Actor_01/03-01-05-02-01-01-01.wav');

describe('analyzeProsody', () => {
  it.skipIf(!existsSync(ANGRY_CLIP))(
    'analyzes a real RAVDESS clip: speech after the leading silence, ~7 syllables, a male caption',
    async () => {
      const audio = await readWav16k(ANGRY_CLIP);
      const analysis = analyzeProsody(audio, { gender: 'male' });
      expect(analysis.segmentation.speech[0]!.startS).toBeGreaterThan(0.5);
      expect(analysis.rate.syllableCount).toBeGreaterThanOrEqual(5);
      expect(analysis.rate.syllableCount).toBeLessThanOrEqual(10);
      expect(analysis.pitch.medianHz).toBeGreaterThan(80);
      expect(analysis.pitch.medianHz).toBeLessThan(400);
      expect(analysis.voiceQuality.hnrDb).toBeGreaterThan(0);
      expect(analysis.energy.speechLevelReFloorDb).toBeGreaterThan(30);
      expect(analysis.caption).toMatch(/^A male speaker with .* pitch.*energy and .* speech/);
      expect(analysis.functionals.values).toHaveLength(PROSODY_FUNCTIONAL_NAMES.length);
      expect(analysis.levels.calibration).toBe('ravdess+nemo');
    },
  );

  it('refuses empty audio, a rate off the 10 ms grid and NaN samples with typed errors', () => {
    const codeOf = (run: () => unknown): string | undefined => {
      try {
        run();
      } catch (error) {
        return error instanceof ProsodyError ? error.code : 'untyped';
      }
      return undefined;
    };
    expect(codeOf(() => analyzeProsody({ samples: new Float32Array(0), sampleRate: 16000 }))).toBe('empty_audio');
    expect(codeOf(() => analyzeProsody({ samples: new Float32Array(1000), sampleRate: 11025 }))).toBe('bad_sample_rate');
    expect(codeOf(() => analyzeProsody({ samples: Float32Array.of(...new Array(400).fill(0), NaN), sampleRate: 16000 }))).toBe(
      'non_finite_samples',
    );
  });

  it('analyzes a second of silence without crashing: no speech, no syllables', () => {
    const analysis = analyzeProsody({ samples: new Float32Array(16000), sampleRate: 16000 });
    expect(analysis.syllables).toHaveLength(0);
    expect(analysis.intonation.pattern).toBe('level');
    expect(typeof analysis.caption).toBe('string');
  });
});
