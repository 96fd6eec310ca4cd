import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { MonoAudio } from '../../shared/types/audio';
import { inputQualitySchema, type InputQuality } from '../../shared/types/input-quality';
import { ModelManifestSchema } from '../../shared/types/model';
import { applyChannelTransform, type ChannelTransform } from '../audio/channel-transforms';
import { utteranceVector } from '../ml/features/clip-features';
import { analyzeProsody } from './analyze';
import {
  assessInputQuality,
  clippedShare,
  computeInputRange,
  DEFAULT_INPUT_RANGE,
  effectiveBandwidthHz,
  inputQuality,
  measureInputQuality,
  shownProbabilities,
} from './input-quality';
import { hasTool, readWav16k, SHARED_DATA_DIR } from './testing/audio-files';
import { activeSpeechSnrDb, wadaSnrDb, wadaStatistic } from './wada-snr';

const RAVDESS = path.join(SHARED_DATA_DIR, 'ravdess');
const LIBRIVOX = path.join(SHARED_DATA_DIR, 'speech-plain', 'librivox');
const DEFAULT_MANIFEST = path.resolve(import.meta.dirname, '../../resources/models/default/manifest.json');
// Speakers the default model was not trained on (actors 17–20), and read speech from LibriVox.
const HELD_OUT = [
  'Actor_17/03-01-01-01-01-01-17.wav',
  'Actor_18/03-01-05-01-01-01-18.wav',
  'Actor_19/03-01-06-01-01-01-19.wav',
  'Actor_20/03-01-07-01-01-01-20.wav',
].map((f) => path.join(RAVDESS, f));
const READ_SPEECH = ['sense_and_sensibility_01_austen_64kb-0870.wav', 'sense_and_sensibility_01_austen_64kb-0890.wav'].map((f) =>
  path.join(LIBRIVOX, f),
);
const haveSpeech = [...HELD_OUT, ...READ_SPEECH].every((f) => existsSync(f));
const haveTools = hasTool('sox') && hasTool('ffmpeg');

const SR = 16000;
const scratch = mkdtempSync(path.join(tmpdir(), 'input-quality-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Seeded standard normal numbers (Box–Muller over an LCG). */
function gaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

const assess = (audio: MonoAudio, vector: Float32Array | null = null) => inputQuality(audio, analyzeProsody(audio), vector, undefined);
const codes = (quality: InputQuality) => quality.reasons.map((r) => r.code);
let transformed = 0;
async function through(file: string, transform: ChannelTransform): Promise<MonoAudio> {
  const out = path.join(scratch, `t${transformed++}.wav`);
  await applyChannelTransform(file, transform, out);
  return readWav16k(out);
}

describe('WADA-SNR (Kim & Stern 2008)', () => {
  it('reads Gaussian noise alone as the bottom of both curves', () => {
    const noise = gaussian(1);
    const samples = Float32Array.from({ length: 3 * SR }, () => 0.1 * noise());
    // Gaussian: G = ½·ln(2/π) − ½·(ψ(½) + ln 2) = 0.4094, the value the tabulated curve starts from.
    expect(wadaStatistic(samples)).toBeCloseTo(0.4094, 2);
    expect(wadaSnrDb(samples)).toBeLessThan(-15);
    expect(activeSpeechSnrDb(samples, SR, { speech: [] })).toBe(-10);
    expect(wadaStatistic(new Float32Array(100))).toBeNull();
  });

  describe.skipIf(!haveSpeech || !haveTools)('on real speech with white noise mixed at known SNRs', () => {
    it('reads the speech-stretch SNR within a few dB where it matters (0–15 dB), where the whole-clip curve is far off', async () => {
      const errors: Record<number, number[]> = { 0: [], 5: [], 10: [], 15: [] };
      const wholeClipErrors: number[] = [];
      for (const [i, file] of [...HELD_OUT, ...READ_SPEECH].entries()) {
        for (const snr of [0, 5, 10, 15] as const) {
          const noisy = await through(file, { kind: 'white-noise', snrDb: snr, seed: 11 + i });
          const estimate = activeSpeechSnrDb(noisy.samples, SR, analyzeProsody(noisy).segmentation)!;
          errors[snr]!.push(estimate - snr);
          if (snr === 10) wholeClipErrors.push(wadaSnrDb(noisy.samples)! - snr);
        }
      }
      const mae = (v: number[]) => v.reduce((a, b) => a + Math.abs(b), 0) / v.length;
      // The transform mixes uniform (not Gaussian) noise, which WADA reads a little low; measured MAE
      // on 25 held-out clips: 2.7 dB at 5 dB, 2.2 at 10, 3.7 at 15 (Gaussian noise: 1.6 / 2.3 / 3.9).
      expect(mae(errors[5]!)).toBeLessThan(4);
      expect(mae(errors[10]!)).toBeLessThan(3.5);
      expect(mae(errors[15]!)).toBeLessThan(5);
      // 0 dB reads at or below the curve's floor region: never as clean speech.
      expect(Math.max(...errors[0]!)).toBeLessThan(5);
      // More noise never reads as a higher SNR, clip by clip.
      for (let i = 0; i < errors[5]!.length; i++) expect(errors[5]![i]! + 5).toBeLessThan(errors[15]![i]! + 15);
      expect(mae(wholeClipErrors)).toBeGreaterThan(mae(errors[10]!));
    });

    it('reads clean studio speech the same with or without the silence around it', async () => {
      for (const file of HELD_OUT) {
        const audio = await readWav16k(file);
        const { segmentation } = analyzeProsody(audio);
        const start = Math.round(segmentation.speech[0]!.startS * SR);
        const end = Math.round(segmentation.speech.at(-1)!.endS * SR);
        const tight = { samples: audio.samples.slice(start, end), sampleRate: SR };
        const full = activeSpeechSnrDb(audio.samples, SR, segmentation)!;
        const cut = activeSpeechSnrDb(tight.samples, SR, analyzeProsody(tight).segmentation)!;
        // Near the curve's top (≥ 20 dB) a small change of G moves the reading several dB: both read clean.
        expect(full).toBeGreaterThan(15);
        expect(cut).toBeGreaterThan(15);
        // Kim & Stern's whole-utterance curve: 100 dB with the studio silence, far less without it.
        expect(wadaSnrDb(audio.samples)! - wadaSnrDb(tight.samples)!).toBeGreaterThan(20);
      }
    });
  });
});

describe.skipIf(!haveSpeech || !haveTools)('bandwidth and clipping of real speech through real channels', () => {
  it('finds ~8 kHz for studio speech, the telephone band through a telephone, and keeps Opus 24 kbit/s wideband', async () => {
    const clean = await readWav16k(HELD_OUT[0]!);
    expect(effectiveBandwidthHz(clean.samples, SR)).toBeGreaterThan(7000);
    const phone = await through(HELD_OUT[0]!, { kind: 'telephone' });
    const phoneBandwidth = effectiveBandwidthHz(phone.samples, SR)!;
    expect(phoneBandwidth).toBeGreaterThan(3000);
    expect(phoneBandwidth).toBeLessThan(4000);
    const quality = assess(phone);
    expect(quality.judgeable).toBe(true);
    expect(codes(quality)).toContain('narrowband');
    expect(quality.reasons.find((r) => r.code === 'narrowband')!.message).toMatch(/band-limited to 3\.\d kHz/);
    const opus = await through(HELD_OUT[0]!, { kind: 'opus', kbps: 24 });
    expect(effectiveBandwidthHz(opus.samples, SR)).toBeGreaterThan(6000);
    expect(codes(assess(opus))).not.toContain('narrowband');
    // Gain changes nothing the checks look at.
    const quieter = await through(HELD_OUT[0]!, { kind: 'gain', db: -12 });
    expect(codes(assess(quieter))).toEqual(codes(assess(clean)));
  });

  it('finds clipping at full scale and flat tops left by a gain change after clipping, and none in clean speech', async () => {
    const { samples } = await readWav16k(HELD_OUT[1]!);
    expect(clippedShare(samples)).toBe(0);
    const hard = Float32Array.from(samples, (v) => Math.max(-1, Math.min(1, v * 12)));
    expect(clippedShare(hard)).toBeGreaterThan(0.002);
    const rescaled = Float32Array.from(hard, (v) => v * 0.5);
    // Flat tops count in runs of ≥ 3 equal samples; a lone clipped sample counts only at full scale.
    expect(clippedShare(rescaled)).toBeGreaterThan(0.6 * clippedShare(hard));
    expect(clippedShare(rescaled)).toBeLessThanOrEqual(clippedShare(hard));
    const quality = assess({ samples: rescaled, sampleRate: SR });
    expect(quality.judgeable).toBe(true);
    expect(codes(quality)).toContain('clipped');
  });

  it('calls speech in white noise at 5 dB noisy, lowers the shown confidence, and keeps the label', async () => {
    // (Babble is speech-like, not Gaussian: WADA reads babble at 0 dB as 12–15 dB, so it passes.)
    const noisy = await through(HELD_OUT[2]!, { kind: 'white-noise', snrDb: 5, seed: 3 });
    const quality = assess(noisy);
    expect(quality.judgeable).toBe(true);
    expect(codes(quality)).toContain('noisy');
    expect(quality.severity).toBeGreaterThan(0.15);
    const shown = shownProbabilities({ angry: 0.7, sad: 0.2, calm: 0.1 }, quality.severity);
    expect(shown.angry).toBeLessThan(0.7);
    expect(Object.entries(shown).sort((a, b) => b[1] - a[1])[0]![0]).toBe('angry');
  });
});

describe('clips no model can judge', () => {
  it('a pure tone, Gaussian noise, digital silence and 0.3 s of real speech are not judgeable', async () => {
    const noise = gaussian(5);
    const tone = { samples: Float32Array.from({ length: 3 * SR }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 220 * i) / SR)), sampleRate: SR };
    const noiseOnly = { samples: Float32Array.from({ length: 3 * SR }, () => 0.1 * noise()), sampleRate: SR };
    const silence = { samples: new Float32Array(3 * SR), sampleRate: SR };
    for (const [audio, code] of [
      [tone, 'noisy'],
      [noiseOnly, 'noisy'],
      [silence, 'silent'],
    ] as const) {
      const quality = assess(audio);
      expect(quality.judgeable).toBe(false);
      expect(quality.outOfRange).toBe(true);
      expect(quality.severity).toBe(1);
      expect(quality.reasons[0]).toMatchObject({ code, blocking: true });
      // JSON-safe: undefined measures are null (digital silence has no SNR or bandwidth).
      expect(inputQualitySchema.parse(JSON.parse(JSON.stringify(quality)))).toEqual(quality);
    }
    expect(assess(silence).measures).toMatchObject({ snrDb: null, bandwidthHz: null, activeLevelDbfs: null, digitalSilenceShare: 1 });
    if (!haveSpeech) return;
    const clip = await readWav16k(HELD_OUT[0]!);
    const short = { samples: clip.samples.slice(Math.round(1.2 * SR), Math.round(1.5 * SR)), sampleRate: SR };
    const quality = assess(short);
    expect(quality.judgeable).toBe(false);
    expect(quality.reasons[0]).toMatchObject({ code: 'too_short', blocking: true });
    expect(quality.reasons[0]!.message).toMatch(/^Only 0\.\d\d s of speech/);
  });

  it('shows uniform probabilities for a clip it cannot judge, and the same ones for a clip in range', () => {
    expect(shownProbabilities({ a: 0.9, b: 0.1 }, 1)).toEqual({ a: 0.5, b: 0.5 });
    expect(shownProbabilities({ a: 0.9, b: 0.1 }, 0)).toEqual({ a: 0.9, b: 0.1 });
    const half = shownProbabilities({ a: 0.9, b: 0.05, c: 0.05 }, 0.5);
    expect(Object.values(half).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(half.a).toBeCloseTo(0.5 * 0.9 + 0.5 / 3, 12);
  });
});

describe.skipIf(!haveSpeech || !existsSync(DEFAULT_MANIFEST))('distance from the training data (the default model z-scoring)', () => {
  const manifest = existsSync(DEFAULT_MANIFEST) ? ModelManifestSchema.parse(JSON.parse(readFileSync(DEFAULT_MANIFEST, 'utf8'))) : null;
  const measured = async (file: string) => {
    const audio = await readWav16k(file);
    const prosody = analyzeProsody(audio);
    const vector = utteranceVector(prosody.functionals, manifest!.features, manifest!.config);
    return { vector, measures: measureInputQuality(audio, prosody, vector) };
  };

  it('finds clean RAVDESS speech of unseen actors in range: judgeable, no warning, probabilities unchanged', async () => {
    for (const file of HELD_OUT.slice(1, 3)) {
      const { measures } = await measured(file);
      const quality = assessInputQuality(measures, manifest!.inputRange);
      expect(quality.reasons).toEqual([]);
      expect(quality).toMatchObject({ judgeable: true, outOfRange: false, severity: 0 });
      expect(measures.rmsZ).toBeLessThan(DEFAULT_INPUT_RANGE.rmsZ.p95);
    }
  });

  it('computes the manifest range from training clips, ordered and within the measures, and the app reads it', async () => {
    const clips = await Promise.all(HELD_OUT.map(measured));
    const range = computeInputRange(
      clips.map((c) => c.vector),
      clips.map((c) => ({ measures: c.measures })),
    );
    expect(range.clips).toBe(HELD_OUT.length);
    expect(range.rmsZ.p95).toBeLessThanOrEqual(range.rmsZ.p99);
    expect(range.snrDb.p1).toBeLessThanOrEqual(range.snrDb.p5);
    expect(range.speechS.p1).toBeGreaterThan(1);
    const withRange = ModelManifestSchema.parse({ ...manifest, inputRange: range });
    expect(withRange.inputRange).toEqual(range);
    const quality = assessInputQuality({ ...clips[0]!.measures, speechS: 3, rmsZ: range.rmsZ.p99 * 1.5 }, withRange.inputRange);
    expect(quality.rangeSource).toBe('manifest');
    expect(codes(quality)).toEqual(['unlike_training']);
    expect(quality.reasons[0]!.message).toMatch(/further from the training clips' mean .* than 99 % of the training clips/);
    // No SNR measured on any clip: that percentile falls back to the default.
    expect(
      computeInputRange(
        [],
        clips.map((c) => ({ measures: { ...c.measures, snrDb: null } })),
      ).snrDb,
    ).toEqual(DEFAULT_INPUT_RANGE.snrDb);
  });
});
