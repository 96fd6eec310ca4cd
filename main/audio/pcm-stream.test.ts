import { describe, expect, it } from 'vitest';
import { createPcmStream } from './pcm-stream';
import { concatFloat32, resampleMono } from './resampler';
import { sine, toneFrequencyHz } from './test-support';

/** A 48 kHz stereo recording as a browser delivers it: interleaved L/R with different tones. */
function interleavedStereo(frames: number): { interleaved: Float32Array; mono: Float32Array } {
  const left = sine(220, 48_000, frames, 0.5);
  const right = sine(330, 48_000, frames, 0.3);
  const interleaved = new Float32Array(frames * 2);
  const mono = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    interleaved[2 * i] = left[i]!;
    interleaved[2 * i + 1] = right[i]!;
    mono[i] = (left[i]! + right[i]!) / 2;
  }
  return { interleaved, mono };
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('createPcmStream', () => {
  it('turns random-size interleaved chunks (frames split across chunks too) into the same 16 kHz mono as one-shot resampling', async () => {
    const { interleaved, mono } = interleavedStereo(48_000);
    const oneShot = await resampleMono(mono, 48_000);
    const stream = await createPcmStream({ inputSampleRate: 48_000, channels: 2 });
    const outputs: Float32Array[] = [];
    for (let at = 0; at < interleaved.length; ) {
      const size = 1 + Math.floor(Math.random() * 3001); // odd sizes split L/R pairs
      outputs.push(stream.push(interleaved.subarray(at, at + size)));
      at += size;
    }
    outputs.push(stream.flush());
    const streamed = concatFloat32(outputs);
    expect(stream.inputDurationS).toBe(1);
    expect(streamed.length).toBe(oneShot.length);
    expect(maxDifference(streamed, oneShot)).toBeLessThan(1e-6);
  });

  it('yields output as chunks arrive, not only at the end', async () => {
    const stream = await createPcmStream({ inputSampleRate: 44_100, channels: 1 });
    const first = stream.push(sine(220, 44_100, 4410));
    expect(first.length).toBeGreaterThan(1000); // 100 ms in → most of 1600 samples out
  });

  it('accepts Int16 chunks from a 16 kHz microphone and keeps the tone', async () => {
    const stream = await createPcmStream({ inputSampleRate: 16_000, channels: 1 });
    const tone = Int16Array.from(sine(220, 16_000, 16_000), (v) => Math.round(v * 32767));
    const out = concatFloat32([stream.push(tone.subarray(0, 7000)), stream.push(tone.subarray(7000)), stream.flush()]);
    expect(out.length).toBe(16_000);
    expect(toneFrequencyHz(out, 16_000)).toBeCloseTo(220, 0);
    expect(Math.max(...out)).toBeCloseTo(0.5, 3);
  });

  it('refuses pushes after flush', async () => {
    const stream = await createPcmStream({ inputSampleRate: 48_000, channels: 2 });
    stream.flush();
    expect(() => stream.push(new Float32Array(2))).toThrow(/after flush/);
  });
});
