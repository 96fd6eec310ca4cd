// analyzeClip with a calibration to the user's recordings, on real RAVDESS clips and the real ONNX
// sessions of the tiny model: the levels are read on the calibration's cut points, the model's
// utterance vector is z-scored with its statistics, and the result says which calibration it used.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserCalibration } from '../../../shared/types/calibration';
import { decodeAudioFile } from '../../audio';
import { analyzeProsody, computeUserCalibration, levelMeasuresOf, levelsFor, trackPitch, userCalibrationClip } from '../../prosody';
import { clipFeatures } from '../features/clip-features';
import { loadModel, type LoadedModel } from '../models/model-sessions';
import { analyzeClip } from './analyze-clip';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TINY = path.join(ROOT, 'resources/models/tiny');
const ACTOR_17 = path.resolve(ROOT, '../shared/data/ravdess/Actor_17');
// The user's recordings: actor 17 (male) in strong happy, angry, fearful and surprised voices, all
// higher than his everyday voice, so his 174 Hz angry clip is low on their cut points.
const SESSION = [
  '03-01-05-02-01-01-17',
  '03-01-05-02-02-01-17',
  '03-01-03-02-01-01-17',
  '03-01-06-02-01-01-17',
  '03-01-08-02-01-01-17',
  '03-01-03-02-02-01-17',
].map((f) => path.join(ACTOR_17, `${f}.wav`));
const ANGRY = path.join(ACTOR_17, '03-01-05-02-01-01-17.wav');
const NEUTRAL = path.join(ACTOR_17, '03-01-01-01-01-01-17.wav');
const haveData = [...SESSION, NEUTRAL].every((f) => existsSync(f));
const quick = { maxTokens: 8, retries: 0 } as const;

let model: LoadedModel;
let session: UserCalibration;
let withBaseline: UserCalibration;
beforeAll(async () => {
  model = await loadModel(TINY);
  if (!haveData) return;
  const measure = async (file: string) =>
    userCalibrationClip(path.basename(file), analyzeProsody((await decodeAudioFile(file)).audio, { gender: 'male' }));
  const clips = await Promise.all(SESSION.map(measure));
  session = computeUserCalibration(clips, { name: 'Actor 17 session', id: 'a17' });
  withBaseline = computeUserCalibration(clips, { name: 'Actor 17 + baseline', id: 'a17b', baseline: [await measure(NEUTRAL)] });
});
afterAll(async () => model.release());

describe.skipIf(!haveData)('analyzeClip with a user calibration (real clips, tiny ONNX model)', () => {
  it('reads the levels on the calibration’s cut points and names the calibration in the result', async () => {
    const plain = await analyzeClip({ path: ANGRY }, { model, gender: 'male', ...quick });
    const calibrated = await analyzeClip({ path: ANGRY }, { model, gender: 'male', userCalibration: session, ...quick });
    expect(plain.calibration).toBeNull();
    expect(calibrated.calibration).toEqual({ id: 'a17', name: 'Actor 17 session', clips: 6 });
    expect(calibrated.levels).toEqual(levelsFor(levelMeasuresOf(calibrated.prosody), session.levels, 'male'));
    expect(calibrated.levels.calibration).toBe('Actor 17 session');
    expect(plain.levels.calibration).not.toBe('Actor 17 session');
    // 174 Hz: above the training corpus's lower cut for men (≈ 126 Hz), below this session's (≈ 199 Hz).
    expect(plain.levels.pitch).not.toBe('low');
    expect(calibrated.levels.pitch).toBe('low');
    expect(calibrated.prosody.levels).toEqual(calibrated.levels);
    expect(calibrated.caption).not.toBe(plain.caption);
  });

  it('z-scores the model’s functionals with the calibration’s statistics, which changes what the model answers', async () => {
    const { audio } = await decodeAudioFile(ANGRY);
    const pitch = trackPitch(audio);
    const { functionals } = analyzeProsody(audio, { pitchTrack: pitch });
    const { features, config } = model.folder.manifest;
    const training = clipFeatures(audio, pitch, functionals, features, config).utteranceProsody;
    const own = clipFeatures(audio, pitch, functionals, features, config, session.functionals).utteranceProsody;
    const i = features.utteranceProsodyFields.indexOf('f0_st_mean');
    const at = session.functionals.names.indexOf('f0_st_mean');
    const value = functionals.values[functionals.names.indexOf('f0_st_mean')]!;
    expect(own[i]).toBeCloseTo(Math.max(-5, Math.min(5, (value - session.functionals.mean[at]!) / session.functionals.std[at]!)), 5);
    expect(training[i]).toBeCloseTo((value - features.utteranceProsodyMean[i]!) / features.utteranceProsodyStd[i]!, 5);
    expect(Array.from(own)).not.toEqual(Array.from(training));

    const plain = await analyzeClip({ path: ANGRY }, { model, gender: 'male', ...quick });
    const calibrated = await analyzeClip({ path: ANGRY }, { model, gender: 'male', userCalibration: session, ...quick });
    const labels = model.folder.manifest.labels;
    const gap = Math.max(...labels.map((l) => Math.abs(plain.probabilities[l]! - calibrated.probabilities[l]!)));
    expect(gap).toBeGreaterThan(1e-6);
  });

  it('re-levels a clip handed over with its measured prosody (the app’s stored analyses)', async () => {
    const decoded = await decodeAudioFile(ANGRY);
    const prosody = analyzeProsody(decoded.audio, { gender: 'male' });
    const result = await analyzeClip({ audio: decoded.audio, name: 'stored', prosody }, { model, userCalibration: session, ...quick });
    expect(result.levels).toEqual(levelsFor(levelMeasuresOf(prosody), session.levels, 'male'));
    expect(result.levels.pitch).toBe('low');
    expect(prosody.levels.calibration).not.toBe('Actor 17 session'); // the caller's analysis is left as it was
    expect(result.calibration?.id).toBe('a17');
  });

  it('makes the levels speaker-relative when the calibration has a baseline clip', async () => {
    const result = await analyzeClip({ path: NEUTRAL }, { model, gender: 'male', userCalibration: withBaseline, ...quick });
    // The baseline clip itself: at the centre of the re-centred cut points.
    expect(result.levels).toMatchObject({
      pitch: 'normal',
      energy: 'normal',
      speed: 'normal',
      mode: 'speaker',
      calibration: 'Actor 17 + baseline',
    });
  });

  it('refuses a tertile table and a user calibration together', async () => {
    await expect(analyzeClip({ path: ANGRY }, { model, calibration: session.levels, userCalibration: session, ...quick })).rejects.toThrow(
      /not both/,
    );
  });
});
