import { describe, expect, it } from 'vitest';
import { decodeAudioBytes } from './decode-audio';
import { sine } from './test-support';
import { wavHeader } from './wav-writer';

/** A mono float WAV of the given samples at 16 kHz, as bytes. */
function floatWav(samples: Float32Array): Uint8Array {
  const header = wavHeader({ sampleRate: 16_000, channels: 1, sampleFormat: 'float32', dataBytes: samples.byteLength });
  return Buffer.concat([header, new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)]);
}

const warningCodes = async (samples: Float32Array) => (await decodeAudioBytes(floatWav(samples), 'clip.wav')).warnings.map((w) => w.code);

describe('warnings about a decoded clip', () => {
  it('none for a clean one-second tone at a speech-like level', async () => {
    expect(await warningCodes(sine(220, 16_000, 16_000, 0.3))).toEqual([]);
  });

  it('silence for a clip whose level is below −60 dBFS', async () => {
    expect(await warningCodes(sine(220, 16_000, 16_000, 0.0005))).toEqual(['silence']);
  });

  it('low_level for a clip between −60 and −40 dBFS', async () => {
    expect(await warningCodes(sine(220, 16_000, 16_000, 0.005))).toEqual(['low_level']);
  });

  it('clipping when more than 0.1 % of samples sit at full scale', async () => {
    const clipped = Float32Array.from(sine(220, 16_000, 16_000, 2), (v) => Math.max(-1, Math.min(1, v)));
    const [warning] = (await decodeAudioBytes(floatWav(clipped), 'loud.wav')).warnings;
    expect(warning?.code).toBe('clipping');
    expect(warning?.message).toMatch(/\d+\.\d\d % of samples/);
  });

  it('no clipping for a few isolated full-scale peaks', async () => {
    const peaks = sine(220, 16_000, 16_000, 0.3);
    for (const at of [1000, 5000, 9000]) peaks[at] = 1;
    expect(await warningCodes(peaks)).toEqual([]);
  });

  it('very_short for a clip under 0.25 s', async () => {
    expect(await warningCodes(sine(220, 16_000, 3200, 0.3))).toEqual(['very_short']);
  });

  it('dc_offset for a tone riding on a constant bias', async () => {
    expect(await warningCodes(Float32Array.from(sine(220, 16_000, 16_000, 0.3), (v) => v + 0.05))).toEqual(['dc_offset']);
  });

  it('keeps decoded samples within [-1, 1] even when a float WAV goes past full scale', async () => {
    const { audio } = await decodeAudioBytes(floatWav(sine(220, 16_000, 16_000, 1.5)));
    expect(Math.max(...audio.samples)).toBeLessThanOrEqual(1);
    expect(Math.min(...audio.samples)).toBeGreaterThanOrEqual(-1);
  });
});
