import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROSODY_FUNCTIONAL_NAMES } from '../../prosody/functionals';
import type { FeatureParams, ModelConfig } from '../../../shared/types/model';
import { clipFeatures, FeatureError, fitFrames } from './clip-features';

const FEATURES: FeatureParams = {
  sampleRate: 16000,
  nFft: 512,
  winLength: 400,
  hopLength: 160,
  nMels: 80,
  fMin: 0,
  fMax: 8000,
  melScale: 'htk',
  logFloor: 1e-10,
  center: true,
  normalisation: 'utterance-mean',
  prosodyFrameChannels: ['f0', 'voicing', 'intensity'],
  utteranceProsodyFields: ['a', 'b', 'c'],
  utteranceProsodyMean: [1, 0, 0],
  utteranceProsodyStd: [2, 1, 1],
};
const CONFIG = { mel_bins: 80, subsampling: 4, max_frames: 3000, utterance_prosody_dims: 3 } as ModelConfig;
// In another order than the manifest's fields, with one the model does not read.
const FUNCTIONALS = { names: ['c', 'a', 'b', 'unused'], values: [Number.NaN, 5, 100, 1] };

/** A 200 → 300 Hz glide lasting 0.5 s, then 0.2 s of silence, with a matching 10 ms pitch track. */
function glide() {
  const samples = Float32Array.from({ length: 11_200 }, (_, i) => {
    const t = i / 16000;
    return t < 0.5 ? 0.3 * Math.sin(2 * Math.PI * (200 * t + 100 * t * t)) : 0;
  });
  const frames = 113;
  const f0Hz = Float32Array.from({ length: frames }, (_, f) => (f * 0.01 < 0.5 ? 200 + 200 * f * 0.01 : 0));
  return {
    audio: { samples, sampleRate: 16000 },
    pitch: { frameStepS: 0.01, f0Hz, voicedProbability: f0Hz.map((hz) => (hz > 0 ? 1 : 0)) },
  };
}

describe('clip features for the encoder', () => {
  it('pads to a multiple of the subsampling with masked frames', () => {
    const { audio, pitch } = glide();
    const clip = clipFeatures(audio, pitch, FUNCTIONALS, FEATURES, CONFIG);
    expect(clip.frames).toBe(72); // 71 real frames (0.7 s) -> 72
    expect(clip.frameMask[70]).toBe(1);
    expect(clip.frameMask[71]).toBe(0);
    expect(clip.mel.length).toBe(72 * 80);
    expect(clip.utteranceProsody).toHaveLength(3);
  });

  it('gives log-F0 relative to the clip median, voicing, and a level that drops in the silence', () => {
    const { audio, pitch } = glide();
    const clip = clipFeatures(audio, pitch, FUNCTIONALS, FEATURES, CONFIG);
    const st = (f: number) => clip.prosodyFrames[f * 3]! * 12;
    expect(st(49) - st(0)).toBeCloseTo(12 * Math.log2(298 / 200), 1); // a rising glide, in semitones
    expect(clip.prosodyFrames[60 * 3 + 1]).toBe(0); // unvoiced silence
    expect(clip.prosodyFrames[60 * 3 + 2]!).toBeLessThan(clip.prosodyFrames[20 * 3 + 2]! - 1);
  });

  it('z-scores the functionals in the manifest order, clipping outliers and zeroing undefined values', () => {
    const { audio, pitch } = glide();
    const clip = clipFeatures(audio, pitch, FUNCTIONALS, FEATURES, CONFIG);
    expect(Array.from(clip.utteranceProsody)).toEqual([2, 5, 0]);
  });

  it('names a functional the model reads that the analysis does not measure', () => {
    const { audio, pitch } = glide();
    const missing = { names: ['a', 'b'], values: [1, 2] };
    expect(() => clipFeatures(audio, pitch, missing, FEATURES, CONFIG)).toThrow(/"c"/);
  });

  it('fits a clip to the fixed training shape', () => {
    const { audio, pitch } = glide();
    const fitted = fitFrames(clipFeatures(audio, pitch, FUNCTIONALS, FEATURES, CONFIG), 400, 80);
    expect(fitted.mel.length).toBe(400 * 80);
    expect(fitted.frameMask.reduce((a, b) => a + b, 0)).toBe(71);
  });

  it('refuses audio at the wrong rate or longer than the model takes', () => {
    const { pitch } = glide();
    expect(() => clipFeatures({ samples: new Float32Array(100), sampleRate: 8000 }, pitch, FUNCTIONALS, FEATURES, CONFIG)).toThrow(
      FeatureError,
    );
    expect(() => clipFeatures({ samples: new Float32Array(16000 * 31), sampleRate: 16000 }, pitch, FUNCTIONALS, FEATURES, CONFIG)).toThrow(
      /at most 30 s/,
    );
  });
});

describe('the shipped models read the functionals this app measures', () => {
  // tools/model/config.py lists the names for the exporter; the analysis names them in functionals.ts.
  for (const folder of ['tiny', 'default']) {
    const file = path.join(import.meta.dirname, '../../../resources/models', folder, 'manifest.json');
    it.skipIf(!existsSync(file))(
      `${folder}: every utteranceProsodyField is one of PROSODY_FUNCTIONAL_NAMES, with a positive deviation each`,
      () => {
        const { features } = JSON.parse(readFileSync(file, 'utf8')) as { features: FeatureParams };
        expect(features.utteranceProsodyFields.length).toBeGreaterThan(10);
        expect([...PROSODY_FUNCTIONAL_NAMES]).toEqual(expect.arrayContaining(features.utteranceProsodyFields));
        expect(features.utteranceProsodyMean).toHaveLength(features.utteranceProsodyFields.length);
        expect(features.utteranceProsodyStd.every((s) => s > 0)).toBe(true);
      },
    );
  }
});
