import { describe, expect, it } from 'vitest';
import { intensityDb } from './intensity';
import { LiveProsodyAnalyzer } from './live';
import { trackPitch } from './pitch';
import { synthesize, syllableTrain } from './testing/signals';

describe('LiveProsodyAnalyzer', () => {
  const spans = syllableTrain(8, 0.2, 0.2, 0.08, (i, t) => 120 + 8 * i + 40 * t);
  const audio = synthesize(2.6, spans, 3e-4);

  it('emits every frame once, in order, less than 100 ms behind the samples consumed (20 ms chunks)', () => {
    const live = new LiveProsodyAnalyzer();
    const frames = [];
    let worstLagS = 0;
    for (let start = 0; start < audio.samples.length; start += 320) {
      frames.push(...live.push(audio.samples.subarray(start, start + 320)));
      // Before the first frame, the newest emitted frame counts as frame -1 (at -10 ms).
      const newestFrameS = frames.length ? frames[frames.length - 1]!.timeS : -0.01;
      const lagS = live.samplesConsumed / 16000 - newestFrameS;
      worstLagS = Math.max(worstLagS, lagS);
    }
    expect(worstLagS).toBeLessThan(0.1);
    frames.forEach((frame, i) => expect(frame.timeS).toBeCloseTo(i * 0.01, 9));
  });

  it('gives the batch intensity and mostly the batch pitch for each frame', () => {
    const live = new LiveProsodyAnalyzer();
    const frames = [];
    for (let start = 0; start < audio.samples.length; start += 512) frames.push(...live.push(audio.samples.subarray(start, start + 512)));
    const batchIntensity = intensityDb(audio.samples, 16000, 160, 100);
    const batchPitch = trackPitch(audio, { secondPass: false });
    frames.forEach((frame, i) => expect(frame.intensityDb).toBeCloseTo(batchIntensity[i]!, 3));
    const agree = frames.filter(
      (frame, i) =>
        frame.f0Hz > 0 === batchPitch.f0Hz[i]! > 0 && Math.abs(frame.f0Hz - batchPitch.f0Hz[i]!) <= 0.05 * batchPitch.f0Hz[i]! + 1e-6,
    );
    expect(agree.length / frames.length).toBeGreaterThan(0.95);
  });

  it('rejects a chunk with a non-finite sample', () => {
    expect(() => new LiveProsodyAnalyzer().push(Float32Array.of(0, NaN))).toThrow(/non_finite|finite/);
  });
});
