import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../audio';
import { applyChannelTransform, transformName } from '../audio/channel-transforms';
import { trackPitch } from './pitch/track-pitch';
import { hasTool } from './testing/audio-files';
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

describe('vocal effort (the energy level measure) on real speech', () => {
  const ravdess = path.resolve(import.meta.dirname, '../../../shared/data/ravdess');
  const clip = (name: string) => path.join(ravdess, 'Actor_01', name);
  const neutral = clip('03-01-01-01-01-01-01.wav');
  const angry = clip('03-01-05-02-01-01-01.wav');
  const haveTools = hasTool('sox') && hasTool('ffmpeg');
  const effortOf = async (file: string) => {
    const { audio } = await decodeAudioFile(file);
    return measureProsody(audio, trackPitch(audio)).energy;
  };

  it.skipIf(!existsSync(angry))(
    'reads a strong angry take as more effortful than the neutral take of the same actor and sentence',
    async () => {
      expect((await effortOf(angry)).effortDb - (await effortOf(neutral)).effortDb).toBeGreaterThan(3);
    },
  );

  it.skipIf(!existsSync(angry) || !haveTools)(
    'moves under 1.5 dB with gain, telephone band, Opus 24k and white noise at 20 dB SNR, where the level re floor drops',
    async () => {
      const base = await effortOf(angry);
      const dir = mkdtempSync(path.join(tmpdir(), 'et-effort-'));
      try {
        for (const t of [
          { kind: 'gain', db: -12 },
          { kind: 'telephone' },
          { kind: 'opus', kbps: 24 },
          { kind: 'white-noise', snrDb: 20, seed: 3 },
        ] as const) {
          const out = path.join(dir, 'out.wav');
          await applyChannelTransform(angry, t, out);
          const changed = await effortOf(out);
          expect(Math.abs(changed.effortDb - base.effortDb), transformName(t)).toBeLessThan(1.5);
          if (t.kind === 'white-noise') expect(base.speechLevelReFloorDb - changed.speechLevelReFloorDb).toBeGreaterThan(10);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
