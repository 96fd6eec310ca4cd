import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { UserCalibration } from '../../shared/types/calibration';
import type { LiveEmotionEstimate } from '../../shared/types/explanation-stream';
import { decodeAudioFile } from '../audio';
import { analyzeProsody, computeUserCalibration, userCalibrationClip } from '../prosody';
import { AnalysisClient } from '../analysis/analysis-client';
import { speechLikeSamples } from '../library/testing/library-fixture';
import { ModelRegistry } from '../installed-models/model-registry';
import { copyTinyModel, memoryPreferences } from '../installed-models/testing/model-copies';
import { LiveEmotionEstimator } from './live-emotion';

describe('the running emotion estimate while recording', () => {
  const dir = mkdtempSync(join(tmpdir(), 'et-live-emotion-'));
  copyTinyModel(join(dir, 'shipped', 'tiny'));
  copyTinyModel(join(dir, 'shipped', 'pretend-real'), (m) => (m.testModel = false));
  const registry = new ModelRegistry({
    shippedDir: join(dir, 'shipped'),
    userDir: join(dir, 'user'),
    preferences: memoryPreferences({ showTestModels: true }),
  });
  const client = new AnalysisClient();
  afterAll(async () => {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** 40 ms blocks of speech-like audio, as the recording session writes them. */
  const blocks = (seconds: number) => {
    const audio = speechLikeSamples(seconds);
    const out: Float32Array[] = [];
    for (let at = 0; at < audio.length; at += 640) out.push(audio.slice(at, at + 640));
    return out;
  };

  it('gives no estimate at all with a test model or without a model', () => {
    const estimator = new LiveEmotionEstimator(client, () => {
      throw new Error('no estimate expected');
    });
    expect(estimator.begin('a', registry.usable('shipped:tiny'))).toBe(false);
    expect(estimator.begin('b', null)).toBe(false);
    expect(
      blocks(5)
        .map((b) => estimator.push('a', b))
        .some(Boolean),
    ).toBe(false);
  });

  it('estimates the last seconds every 2 s, dropping an estimate while the previous one runs', async () => {
    const estimates: LiveEmotionEstimate[] = [];
    const estimator = new LiveEmotionEstimator(client, (e) => estimates.push(e));
    expect(estimator.begin('s', registry.usable('shipped:pretend-real'))).toBe(true);
    // 6.4 s pushed at once: estimates are due at 2, 4 and 6 s; the first is still running at 4 and 6.
    const started = blocks(6.4)
      .map((b) => estimator.push('s', b))
      .filter(Boolean).length;
    expect(started).toBe(1);
    await expect.poll(() => estimates.length, { timeout: 20_000 }).toBe(1);
    const [estimate] = estimates;
    expect(estimate).toMatchObject({ sessionId: 's', modelId: 'emotion-reasoner-tiny', windowStartS: 0, windowEndS: 2 });
    expect(estimate!.probability).toBe(Math.max(...Object.values(estimate!.probabilities)));
    expect(estimate!.probabilities[estimate!.label]).toBe(estimate!.probability);
    // The next one due covers the newest 4 s only.
    const next = blocks(2)
      .map((b) => estimator.push('s', b))
      .filter(Boolean).length;
    expect(next).toBe(1);
    await expect.poll(() => estimates.length, { timeout: 20_000 }).toBe(2);
    expect(estimates[1]!.windowEndS - estimates[1]!.windowStartS).toBeCloseTo(4, 1);
    expect(estimator.end('s').dropped).toBe(2);
  });

  it('reads the model inputs against the active calibration when one is given, and says which', async () => {
    const actor = join(import.meta.dirname, '../../../shared/data/ravdess/Actor_17');
    const files = ['03-01-05-02-01-01-17', '03-01-05-02-02-01-17', '03-01-03-02-01-01-17', '03-01-06-02-01-01-17', '03-01-08-02-01-01-17'];
    if (!files.every((f) => existsSync(join(actor, `${f}.wav`)))) return;
    const clips = await Promise.all(
      files.map(async (f) => userCalibrationClip(f, analyzeProsody((await decodeAudioFile(join(actor, `${f}.wav`))).audio))),
    );
    const calibration = computeUserCalibration(clips, { name: 'Clinic room', id: 'room-1' });
    const run = async (withCalibration: UserCalibration | null) => {
      const estimates: LiveEmotionEstimate[] = [];
      const estimator = new LiveEmotionEstimator(client, (e) => estimates.push(e));
      estimator.begin('c', registry.usable('shipped:pretend-real'), withCalibration);
      blocks(2).forEach((b) => estimator.push('c', b));
      await expect.poll(() => estimates.length, { timeout: 20_000 }).toBe(1);
      estimator.end('c');
      return estimates[0]!;
    };
    const plain = await run(null);
    const calibrated = await run(calibration);
    expect(plain.calibration).toBeNull();
    expect(calibrated.calibration).toEqual({ id: 'room-1', name: 'Clinic room' });
    // Same audio, other model inputs: the probabilities move.
    expect(calibrated.probabilities).not.toEqual(plain.probabilities);
  }, 60_000);
});
