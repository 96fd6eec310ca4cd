import { closeSync, openSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudioError } from './audio-error';
import { decodeAudioBytes, decodeAudioFile, type DecodeOptions } from './decode-audio';
import { ffmpegStereoTone, HAVE_FFMPEG, makeTempDir, runFfmpeg, sine, toneFrequencyHz } from './test-support';
import { wavHeader } from './wav-writer';

const temp = makeTempDir();
afterAll(() => temp.remove());

function writeFixture(name: string, bytes: Uint8Array | string): string {
  const path = join(temp.dir, name);
  writeFileSync(path, bytes);
  return path;
}

function pcm16Wav(samples: Float32Array, sampleRate = 16_000): Uint8Array {
  const pcm = Int16Array.from(samples, (v) => Math.round(v * 32767));
  const header = wavHeader({ sampleRate, channels: 1, sampleFormat: 'pcm16', dataBytes: pcm.byteLength });
  return Buffer.concat([header, new Uint8Array(pcm.buffer)]);
}

/** The AudioError a decode fails with (the test fails if it succeeds or throws something else). */
async function decodeError(path: string, options?: DecodeOptions): Promise<AudioError> {
  const error = await decodeAudioFile(path, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AudioError);
  return error as AudioError;
}

describe('files that are not decodable audio get a typed error naming the problem', () => {
  it('a missing file → file_not_found', async () => {
    const error = await decodeError(join(temp.dir, 'nope.wav'));
    expect(error.code).toBe('file_not_found');
    expect(error.message).toContain('nope.wav');
  });

  it('a folder → unreadable', async () => {
    expect((await decodeError(temp.dir)).code).toBe('unreadable');
  });

  it('a 0-byte file → empty_file', async () => {
    expect((await decodeError(writeFixture('empty.wav', ''))).code).toBe('empty_file');
  });

  it('a WAV header with no samples → empty_file', async () => {
    const path = writeFixture('header-only.wav', wavHeader({ sampleRate: 16_000, channels: 1, sampleFormat: 'pcm16', dataBytes: 0 }));
    expect((await decodeError(path)).code).toBe('empty_file');
  });

  it('a text file named .wav → not_audio, said to be text', async () => {
    const error = await decodeError(writeFixture('notes.wav', 'Kids are talking by the door.\n'.repeat(20)));
    expect(error.code).toBe('not_audio');
    expect(error.message).toContain('text');
  });

  it('a PNG image named .mp3 → not_audio, said to be a PNG', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 7)]);
    const error = await decodeError(writeFixture('picture.mp3', png));
    expect(error.code).toBe('not_audio');
    expect(error.message).toContain('PNG');
  });

  it('a WAV holding GSM 6.10 → unsupported_codec naming GSM', async () => {
    const wav = pcm16Wav(sine(220, 8000, 800), 8000);
    new DataView(wav.buffer, wav.byteOffset).setUint16(20, 0x0031, true);
    const error = await decodeError(writeFixture('gsm.wav', wav));
    expect(error.code).toBe('unsupported_codec');
    expect(error.message).toContain('GSM 6.10');
  });

  it.skipIf(!HAVE_FFMPEG)('a WAV holding G.726 ADPCM (made by ffmpeg) → unsupported_codec', async () => {
    const path = join(temp.dir, 'g726.wav');
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=f=220:r=8000:d=1', '-c:a', 'adpcm_g726', path]);
    const error = await decodeError(path);
    expect(error.code).toBe('unsupported_codec');
    expect(error.message).toContain('G.726');
  });

  it('a MIDI file → unsupported_codec (notes, not sound)', async () => {
    const midi = Buffer.concat([Buffer.from('MThd'), Buffer.from([0, 0, 0, 6, 0, 0, 0, 1, 0, 96]), Buffer.from('MTrk'), Buffer.alloc(20)]);
    expect((await decodeError(writeFixture('song.mid', midi))).code).toBe('unsupported_codec');
  });

  it('a WAV cut off inside its header → truncated', async () => {
    const path = writeFixture('cut-header.wav', pcm16Wav(sine(220, 16_000, 16_000)).subarray(0, 30));
    expect((await decodeError(path)).code).toBe('truncated');
  });

  it('a WAV whose header declares zero-byte frames → corrupt', async () => {
    const wav = pcm16Wav(sine(220, 16_000, 1600));
    new DataView(wav.buffer, wav.byteOffset).setUint16(32, 0, true); // blockAlign
    expect((await decodeError(writeFixture('zero-block.wav', wav))).code).toBe('corrupt');
  });

  it('a float WAV with NaN and Inf samples → invalid_samples, saying where', async () => {
    const samples = sine(220, 16_000, 16_000);
    samples[8000] = Number.NaN;
    samples[9000] = Number.POSITIVE_INFINITY;
    const header = wavHeader({ sampleRate: 16_000, channels: 1, sampleFormat: 'float32', dataBytes: samples.byteLength });
    const error = await decodeError(writeFixture('nan.wav', Buffer.concat([header, new Uint8Array(samples.buffer)])));
    expect(error.code).toBe('invalid_samples');
    expect(error.message).toContain('0.500 s');
  });

  it('a 31-minute WAV → too_long, judged from the header without decoding it', async () => {
    const dataBytes = 31 * 60 * 16_000 * 2;
    const path = writeFixture('long.wav', wavHeader({ sampleRate: 16_000, channels: 1, sampleFormat: 'pcm16', dataBytes }));
    truncateSync(path, 44 + dataBytes); // sparse: 60 MB of zeros that take no disk
    const started = performance.now();
    const error = await decodeError(path);
    expect(error.code).toBe('too_long');
    expect(error.message).toContain('31 min');
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('a file over the size cap → too_large, before reading it', async () => {
    const path = join(temp.dir, 'huge.wav');
    closeSync(openSync(path, 'w'));
    truncateSync(path, 2 * 1024 ** 3 + 1); // sparse 2 GiB
    expect((await decodeError(path)).code).toBe('too_large');
  });

  it('bytes in memory get the same errors, labelled with the name hint', async () => {
    const error = await decodeAudioBytes(new TextEncoder().encode('hello'), 'clip.wav').catch((e: unknown) => e as AudioError);
    expect(error).toMatchObject({ code: 'not_audio' });
    expect((error as AudioError).message).toContain('clip.wav');
  });
});

describe.skipIf(!HAVE_FFMPEG)('cut and damaged encoded files', () => {
  const fixtures: Record<string, string> = {};
  beforeAll(() => {
    const formats: [string, string[]][] = [
      ['tone.wav', ['-c:a', 'pcm_s16le']],
      ['tone.flac', ['-c:a', 'flac']],
      ['tone.mp3', ['-c:a', 'libmp3lame']],
      ['tone.ogg', ['-c:a', 'libopus']],
      ['tone.webm', ['-c:a', 'libopus', '-f', 'webm', '-live', '1']],
    ];
    for (const [name, codecArgs] of formats) {
      fixtures[name] = join(temp.dir, name);
      ffmpegStereoTone(fixtures[name], { frequencyHz: 220, sampleRate: 44_100, durationS: 4, codecArgs });
    }
  });

  const cut = (name: string, share: number) => {
    const bytes = readFileSync(fixtures[name]!);
    return writeFixture(`cut-${share}-${name}`, bytes.subarray(0, Math.floor(bytes.length * share)));
  };

  it.each(['tone.wav', 'tone.flac', 'tone.mp3', 'tone.ogg'])(
    '%s cut at 60 percent decodes its valid part with a "truncated" warning',
    async (name) => {
      const { source, warnings } = await decodeAudioFile(cut(name, 0.6));
      expect(source.durationS).toBeGreaterThan(1.5);
      expect(source.durationS).toBeLessThan(2.6);
      expect(warnings.map((w) => w.code)).toContain('truncated');
    },
  );

  it.each(['tone.flac', 'tone.mp3', 'tone.webm'])(
    '%s cut to its first 200 bytes fails with truncated or corrupt, never hangs',
    async (name) => {
      expect(['truncated', 'corrupt']).toContain((await decodeError(cut(name, 200 / readFileSync(fixtures[name]!).length))).code);
    },
  );

  it.each(['tone.flac', 'tone.webm', 'tone.ogg'])(
    '%s with random bytes after the first 300 fails or decodes, never crashes or hangs',
    async (name) => {
      const bytes = readFileSync(fixtures[name]!);
      const damaged = Buffer.concat([
        bytes.subarray(0, 300),
        Buffer.from(Array.from({ length: bytes.length - 300 }, (_, i) => (i * 7919 + 13) % 251)),
      ]);
      const outcome = await decodeAudioFile(writeFixture(`damaged-${name}`, damaged)).then(
        (decoded) => decoded.warnings.map((w) => w.code),
        (error: unknown) => (error as AudioError).code,
      );
      expect(outcome).toSatisfy((o: unknown) => Array.isArray(o) || o === 'corrupt' || o === 'truncated');
    },
  );

  it('a clip longer than maxDurationS in a container without a length field (WebM) is stopped while decoding', async () => {
    expect((await decodeError(fixtures['tone.webm']!, { maxDurationS: 1 })).code).toBe('too_long');
  });

  it.each(['tone.mp3', 'tone.flac', 'tone.ogg', 'tone.wav'])(
    '%s longer than maxDurationS is refused from its header, before decoding',
    async (name) => {
      const error = await decodeError(fixtures[name]!, { maxDurationS: 2 });
      expect(error.code).toBe('too_long');
      // From the Xing frame count / STREAMINFO / last Ogg granule / data size, not from a partial decode.
      expect(error.message).not.toContain('at least');
    },
  );
});

/** A WAV built field by field, for headers no encoder would write. */
function rawWav(fields: {
  formatTag: number;
  channels: number;
  sampleRate: number;
  blockAlign: number;
  bits: number;
  extension?: Buffer;
  data: Buffer;
  declaredDataBytes?: number;
}): Buffer {
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(fields.formatTag, 0);
  fmt.writeUInt16LE(fields.channels, 2);
  fmt.writeUInt32LE(fields.sampleRate, 4);
  fmt.writeUInt32LE(Math.min(0xffffffff, fields.sampleRate * fields.blockAlign), 8);
  fmt.writeUInt16LE(fields.blockAlign, 12);
  fmt.writeUInt16LE(fields.bits, 14);
  const chunk = (id: string, body: Buffer, declared = body.length) => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(declared, 4);
    return Buffer.concat([head, body]);
  };
  const body = Buffer.concat([
    Buffer.from('WAVE'),
    chunk('fmt ', Buffer.concat([fmt, fields.extension ?? Buffer.alloc(0)])),
    chunk('data', fields.data, fields.declaredDataBytes),
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** IMA ADPCM's fmt extension: cbSize 2, then wSamplesPerBlock. */
const imaExtension = (samplesPerBlock: number) => Buffer.from([2, 0, samplesPerBlock & 0xff, samplesPerBlock >> 8]);

describe('a decode is bounded by what the bytes hold, not by what the header claims (issue 14)', () => {
  it('an IMA ADPCM WAV with a bare 16-byte fmt chunk: samples per block come from the block size, not the next chunk', async () => {
    // 4 blocks of 256 bytes, mono: 505 samples each. Read from the bytes after the fmt chunk ("da"/"ta"), it was 24,948.
    const wav = rawWav({ formatTag: 0x11, channels: 1, sampleRate: 8000, blockAlign: 256, bits: 4, data: Buffer.alloc(4 * 256, 0x17) });
    const { source } = await decodeAudioFile(writeFixture('ima-bare-fmt.wav', wav));
    expect(source).toMatchObject({ format: 'wav/adpcm-ima', sampleRate: 8000 });
    expect(source.durationS).toBeCloseTo((4 * 505) / 8000, 4);
  });

  it('an IMA ADPCM header claiming 65,535 samples per 36-byte block → corrupt, at once (it was a 5 GB allocation)', async () => {
    const wav = rawWav({
      formatTag: 0x11,
      channels: 1,
      sampleRate: 8000,
      blockAlign: 36,
      bits: 4,
      extension: imaExtension(65_535),
      data: Buffer.alloc(3000 * 36, 0x17),
    });
    const started = performance.now();
    const error = await decodeError(writeFixture('ima-huge-blocks.wav', wav));
    expect(error.code).toBe('corrupt');
    expect(error.message).toContain('at most 65');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.skipIf(!HAVE_FFMPEG)('an IMA ADPCM WAV made by ffmpeg still decodes to its length and pitch', async () => {
    const path = join(temp.dir, 'ima.wav');
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=f=220:r=16000:d=1.5', '-c:a', 'adpcm_ima_wav', path]);
    const { audio, source } = await decodeAudioFile(path);
    expect(source.format).toBe('wav/adpcm-ima');
    expect(source.durationS).toBeGreaterThan(1.45);
    expect(source.durationS).toBeLessThan(1.6);
    expect(toneFrequencyHz(audio.samples.subarray(1600, 16_000), 16_000)).toBeCloseTo(220, 0);
  });

  it('a PCM header claiming 30 minutes over 1 s of data decodes the 1 s it holds, with a truncated warning', async () => {
    const pcm = Buffer.from(Int16Array.from(sine(220, 16_000, 16_000), (v) => Math.round(v * 32767)).buffer);
    const wav = rawWav({
      formatTag: 1,
      channels: 1,
      sampleRate: 16_000,
      blockAlign: 2,
      bits: 16,
      data: pcm,
      declaredDataBytes: 29 * 60 * 16_000 * 2,
    });
    const { source, warnings } = await decodeAudioFile(writeFixture('claims-30-min.wav', wav));
    expect(source.durationS).toBeCloseTo(1, 3);
    expect(warnings.map((w) => w.code)).toContain('truncated');
  });

  it.each([
    ['8 Hz', 8, 1, 1, 8, 1],
    ['127 Hz', 127, 1, 2, 16, 1],
    ['200 Hz 8-bit', 200, 1, 1, 8, 1],
    ['4·10⁹ Hz', 4_000_000_000, 1, 2, 16, 1],
    ['384 kHz 8-channel float', 384_000, 8, 32, 32, 3],
  ])(
    'a %s header → unsupported_sample_rate, not a RangeError or a bare string',
    async (name, sampleRate, channels, blockAlign, bits, formatTag) => {
      const wav = rawWav({ formatTag, channels, sampleRate, blockAlign, bits, data: Buffer.alloc(blockAlign * 4000) });
      const error = await decodeError(writeFixture(`rate-${sampleRate}.wav`, wav));
      expect(error.code).toBe('unsupported_sample_rate');
      expect(error.message).toContain(`${sampleRate} Hz`);
    },
  );

  it('a clip handed over as a view into a larger buffer (a small Node Buffer lives in a shared pool) is sniffed from its own bytes', async () => {
    const wav = pcm16Wav(sine(220, 16_000, 400));
    const pool = new Uint8Array(8192).fill(0x55);
    pool.set(wav, 100);
    expect((await decodeAudioBytes(pool.subarray(100, 100 + wav.length), 'small.wav')).source.format).toBe('wav/pcm16');
  });
});
