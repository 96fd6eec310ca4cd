import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioBytes, decodeAudioFile } from './decode-audio';
import { ffmpegStereoTone, HAVE_FFMPEG, makeTempDir, rms, runFfmpeg, sine, toneFrequencyHz } from './test-support';
import { wavHeader } from './wav-writer';

/** Each format the app must read, as ffmpeg writes it, and the format name the decoder should report. */
const FORMATS = [
  { file: 'u8.wav', codecArgs: ['-c:a', 'pcm_u8'], format: 'wav/pcm8', lossless: true },
  { file: 's16.wav', codecArgs: ['-c:a', 'pcm_s16le'], format: 'wav/pcm16', lossless: true },
  { file: 's24.wav', codecArgs: ['-c:a', 'pcm_s24le'], format: 'wav/pcm24', lossless: true },
  { file: 's32.wav', codecArgs: ['-c:a', 'pcm_s32le'], format: 'wav/pcm32', lossless: true },
  { file: 'f32.wav', codecArgs: ['-c:a', 'pcm_f32le'], format: 'wav/float32', lossless: true },
  { file: 'f64.wav', codecArgs: ['-c:a', 'pcm_f64le'], format: 'wav/float64', lossless: true },
  { file: 'tone.flac', codecArgs: ['-c:a', 'flac'], format: 'flac', lossless: true },
  { file: 'tone.mp3', codecArgs: ['-c:a', 'libmp3lame', '-b:a', '128k'], format: 'mp3', lossless: false },
  { file: 'vorbis.ogg', codecArgs: ['-c:a', 'libvorbis'], format: 'ogg/vorbis', lossless: false },
  { file: 'opus.ogg', codecArgs: ['-c:a', 'libopus'], format: 'ogg/opus', lossless: false },
  // `-live 1` writes what MediaRecorder writes: no duration, no cues, clusters of unknown size.
  { file: 'recorder.webm', codecArgs: ['-c:a', 'libopus', '-f', 'webm', '-live', '1'], format: 'webm/opus', lossless: false },
] as const;

describe.skipIf(!HAVE_FFMPEG)('decoding a 220 Hz stereo tone at 44.1 kHz', () => {
  // Made in beforeAll, not while collecting, so a skipped run leaves no empty folder behind.
  const temp = { dir: '', remove: () => {} };
  beforeAll(() => {
    Object.assign(temp, makeTempDir());
    for (const { file, codecArgs } of FORMATS) {
      ffmpegStereoTone(join(temp.dir, file), { frequencyHz: 220, sampleRate: 44_100, durationS: 2, codecArgs: [...codecArgs] });
    }
  });
  afterAll(() => temp.remove());

  it.each(FORMATS)('reads $file as $format: 16 kHz mono, 2 s, 220 Hz', async ({ file, format, lossless }) => {
    const { audio, source, warnings } = await decodeAudioFile(join(temp.dir, file));
    expect(source.format).toBe(format);
    expect(source.channels).toBe(2);
    expect(source.durationS).toBeCloseTo(2, 1);
    expect(audio.sampleRate).toBe(16_000);
    expect(Math.abs(audio.samples.length - 32_000)).toBeLessThanOrEqual(lossless ? 0 : 400);
    const middle = audio.samples.subarray(1600, 30_400);
    expect(toneFrequencyHz(middle, 16_000)).toBeCloseTo(220, 0);
    // Mixed to mono by averaging: (0.5 + 0.4) / 2 = 0.45 peak → 0.318 RMS.
    expect(rms(middle)).toBeCloseTo(0.45 / Math.SQRT2, lossless ? 2 : 1);
    expect(warnings).toEqual([]);
  });

  it('averages all six channels of a 48 kHz 5.1 WAV (WAVE_FORMAT_EXTENSIBLE)', async () => {
    const path = join(temp.dir, 'surround.wav');
    const channels = Array.from({ length: 6 }, (_, c) => `${0.1 * (c + 1)}*sin(2*PI*220*t)`).join('|');
    runFfmpeg(['-f', 'lavfi', '-i', `aevalsrc=${channels}:s=48000:d=1:c=5.1`, '-c:a', 'pcm_s16le', path]);
    const { audio, source } = await decodeAudioFile(path);
    expect(source).toMatchObject({ format: 'wav/pcm16', sampleRate: 48_000, channels: 6 });
    expect(rms(audio.samples.subarray(800, 15_200))).toBeCloseTo(0.35 / Math.SQRT2, 2); // mean amplitude (0.1+…+0.6)/6
  });

  it('reads 8-bit mono at an odd rate (11.025 kHz)', async () => {
    const path = join(temp.dir, 'old.wav');
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=f=220:r=11025:d=1', '-c:a', 'pcm_u8', path]);
    const { audio, source } = await decodeAudioFile(path);
    expect(source).toMatchObject({ format: 'wav/pcm8', sampleRate: 11_025, channels: 1 });
    expect(audio.samples.length).toBe(16_000);
    expect(toneFrequencyHz(audio.samples.subarray(800, 15_200), 16_000)).toBeCloseTo(220, 0);
  });

  it('judges the format from the bytes, not the extension', async () => {
    const misnamed = join(temp.dir, 'actually-flac.wav');
    copyFileSync(join(temp.dir, 'tone.flac'), misnamed);
    expect((await decodeAudioFile(misnamed)).source.format).toBe('flac');
  });

  it('decodes bytes held in memory the same as the file', async () => {
    const fromFile = await decodeAudioFile(join(temp.dir, 'opus.ogg'));
    const fromBytes = await decodeAudioBytes(readFileSync(join(temp.dir, 'opus.ogg')), 'opus.ogg');
    expect(Array.from(fromBytes.audio.samples)).toEqual(Array.from(fromFile.audio.samples));
  });

  it.each(['s16.wav', 'tone.flac', 'tone.mp3', 'vorbis.ogg', 'recorder.webm'])(
    'gives the same audio when %s is fed to the codec in 4 KiB pieces',
    async (file) => {
      const whole = await decodeAudioFile(join(temp.dir, file));
      const pieces = await decodeAudioFile(join(temp.dir, file), { readChunkBytes: 4096 });
      expect(pieces.audio.samples.length).toBe(whole.audio.samples.length);
      let maxDifference = 0;
      for (let i = 0; i < whole.audio.samples.length; i++) {
        maxDifference = Math.max(maxDifference, Math.abs(whole.audio.samples[i]! - pieces.audio.samples[i]!));
      }
      expect(maxDifference).toBeLessThan(1e-5);
    },
  );
});

/** A mono 16-bit WAV of the samples at 16 kHz, as bytes. */
function pcm16WavBytes(samples: Float32Array): Uint8Array {
  const pcm = Int16Array.from(samples, (v) => Math.round(v * 32767));
  return Buffer.concat([
    wavHeader({ sampleRate: 16_000, channels: 1, sampleFormat: 'pcm16', dataBytes: pcm.byteLength }),
    new Uint8Array(pcm.buffer),
  ]);
}

describe('decoding WAVs built in memory', () => {
  it('finds the samples of a WAV behind 100 KiB of metadata (a LIST chunk before "data")', async () => {
    const plain = pcm16WavBytes(sine(220, 16_000, 16_000, 0.3));
    const list = Buffer.concat([Buffer.from('LIST'), Buffer.from(new Uint32Array([102_400]).buffer), Buffer.alloc(102_400, 0x20)]);
    const withMetadata = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
    const { audio } = await decodeAudioBytes(withMetadata, 'broadcast.wav');
    expect(audio.samples.length).toBe(16_000);
  });
});

const CHROMIUM_RECORDING = resolve(import.meta.dirname, '../../test/fixtures/audio/chromium-mediarecorder.webm');

describe.skipIf(!existsSync(CHROMIUM_RECORDING))("decoding what Chromium's MediaRecorder writes", () => {
  it('reads its WebM/Opus (no duration, unknown-size clusters) as a 1.5 s, 220 Hz tone', async () => {
    const { audio, source } = await decodeAudioFile(CHROMIUM_RECORDING);
    expect(source).toMatchObject({ format: 'webm/opus', sampleRate: 48_000 });
    expect(source.durationS).toBeGreaterThan(1.2);
    expect(source.durationS).toBeLessThan(1.8);
    expect(toneFrequencyHz(audio.samples.subarray(3200, 16_000), 16_000)).toBeCloseTo(220, 0);
  });
});

const RAVDESS = resolve(import.meta.dirname, '../../../shared/data/ravdess');
const firstRavdessClip = (): string | undefined => {
  if (!existsSync(join(RAVDESS, 'Actor_01'))) return undefined;
  const clip = readdirSync(join(RAVDESS, 'Actor_01')).find((name) => name.endsWith('.wav'));
  return clip && join(RAVDESS, 'Actor_01', clip);
};

describe.skipIf(!firstRavdessClip())('decoding real speech (RAVDESS, in ../shared/data)', () => {
  it('reads a 16 kHz mono RAVDESS clip unchanged in rate, a few seconds long, with speech level', async () => {
    const { audio, source, warnings } = await decodeAudioFile(firstRavdessClip()!);
    expect(source).toMatchObject({ format: 'wav/pcm16', sampleRate: 16_000, channels: 1 });
    expect(source.durationS).toBeGreaterThan(2);
    expect(source.durationS).toBeLessThan(6);
    expect(audio.samples.length).toBe(Math.round(source.durationS * 16_000));
    expect(rms(audio.samples)).toBeGreaterThan(0.001);
    expect(warnings.map((w) => w.code)).not.toContain('silence');
  });
});
