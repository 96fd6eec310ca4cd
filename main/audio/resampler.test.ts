import { describe, expect, it } from 'vitest';
import { concatFloat32, resampleMono, sourceSampleRateProblem, StreamingResampler } from './resampler';
import { rms, sine, toneFrequencyHz } from './test-support';

// Ignore the first and last 20 ms: the sinc filter's onset and the signal's abrupt start/end.
const inner = (x: Float32Array) => x.subarray(320, x.length - 320);

describe('resampling to 16 kHz', () => {
  it('keeps a 1 kHz tone at its frequency and level', async () => {
    const out = await resampleMono(sine(1000, 44_100, 44_100), 44_100);
    expect(out.length).toBe(16_000);
    expect(toneFrequencyHz(inner(out), 16_000)).toBeCloseTo(1000, 0);
    expect(rms(inner(out)) / (0.5 / Math.SQRT2)).toBeCloseTo(1, 2);
  });

  it('removes a 9 kHz tone instead of aliasing it to 7 kHz', async () => {
    const out = await resampleMono(sine(9000, 44_100, 44_100), 44_100);
    // A decimator without a low-pass filter would leave a 7 kHz tone at the full 0.354 RMS.
    expect(rms(inner(out))).toBeLessThan(0.354 * 1e-3);
  });

  it('gives the same output whether the signal comes whole or in random-size chunks', async () => {
    const signal = Float32Array.from(sine(440, 48_000, 48_000), (v, i) => v * (0.5 + 0.5 * Math.sin(i / 900)));
    const whole = await resampleMono(signal, 48_000);
    const resampler = await StreamingResampler.create(48_000);
    const pieces: Float32Array[] = [];
    for (let at = 0; at < signal.length; ) {
      const size = 1 + Math.floor(Math.random() * 5000);
      pieces.push(resampler.push(signal.subarray(at, at + size)));
      at += size;
    }
    pieces.push(resampler.flush());
    const chunked = concatFloat32(pieces);
    expect(chunked.length).toBe(whole.length);
    let maxDifference = 0;
    for (let i = 0; i < whole.length; i++) maxDifference = Math.max(maxDifference, Math.abs(whole[i]! - chunked[i]!));
    expect(maxDifference).toBeLessThan(1e-6);
  });

  it('upsamples 8 kHz telephone audio with the tone intact', async () => {
    const out = await resampleMono(sine(300, 8000, 8000), 8000);
    expect(out.length).toBe(16_000);
    expect(toneFrequencyHz(inner(out), 16_000)).toBeCloseTo(300, 0);
  });

  it('passes 16 kHz input through unchanged', async () => {
    const signal = sine(220, 16_000, 1000);
    expect(Array.from(await resampleMono(signal, 16_000))).toEqual(Array.from(signal));
  });

  it("flushes a steep upsampling (127 Hz → 16 kHz) without the glue's Float32Array offset error", async () => {
    const out = await resampleMono(new Float32Array(500), 127);
    expect(out.length).toBe(Math.round((500 * 16_000) / 127));
  });

  it("refuses rates over 192 kHz with an Error, not the glue's bare string", async () => {
    await expect(StreamingResampler.create(384_000)).rejects.toBeInstanceOf(RangeError);
  });

  it('takes sources from 4 to 192 kHz for analysis', () => {
    expect([4000, 8000, 44_100, 192_000].map(sourceSampleRateProblem)).toEqual([undefined, undefined, undefined, undefined]);
    expect([8, 3999, 192_001, Number.NaN].map((rate) => typeof sourceSampleRateProblem(rate))).toEqual([
      'string',
      'string',
      'string',
      'string',
    ]);
  });
});
