import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AudioError } from './audio-error';
import { memoryByteSource } from './byte-source';
import { decodeAudioBytes } from './decode-audio';
import { mp4SampleTableProblem } from './mp4-tables';
import { ffmpegStereoTone, HAVE_FFMPEG, makeTempDir } from './test-support';

function u32(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4));
  return out;
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
}

/** ftyp, a small mdat and a moov whose sample table boxes are the given ones. */
function m4a(...tables: Buffer[]): Uint8Array {
  const moov = box('moov', box('trak', box('mdia', box('minf', box('stbl', ...tables)))));
  return new Uint8Array(Buffer.concat([box('ftyp', Buffer.from('M4A \0\0\0\0M4A isom', 'latin1')), box('mdat', Buffer.alloc(400)), moov]));
}

const problem = (bytes: Uint8Array) => mp4SampleTableProblem(memoryByteSource(bytes));

describe('MP4 sample tables are checked against the bytes that hold them (issue 14 fuzz)', () => {
  it('accepts tables whose entries fit their boxes', async () => {
    const bytes = m4a(
      box('stts', u32(0, 1, 4, 1024)),
      box('stsc', u32(0, 1, 1, 4, 1)),
      box('stsz', u32(0, 0, 4, 100, 100, 100, 100)),
      box('stco', u32(0, 1, 36)),
    );
    expect(await problem(bytes)).toBeUndefined();
  });

  it('refuses a chunk-offset table declaring 134,217,729 entries in a 20-byte box (the fuzz find)', async () => {
    expect(await problem(m4a(box('stco', u32(0, 134_217_729, 36))))).toMatch(
      /stbl\/stco: 134217729 entries declared in a box with room for 1/,
    );
    expect(await problem(m4a(box('co64', u32(0, 2, 0, 36))))).toMatch(/co64: 2 entries .* room for 1/);
    expect(await problem(m4a(box('stsc', u32(0, 0xffffffff))))).toMatch(/stsc/);
  });

  it('refuses sample sizes the box cannot hold, and one sample size for more samples than the file has bytes', async () => {
    expect(await problem(m4a(box('stsz', u32(0, 0, 1000, 5))))).toMatch(/1000 sample sizes .* room for 1/);
    expect(await problem(m4a(box('stsz', u32(0, 4, 0x40000000))))).toMatch(/1073741824 samples of 4 bytes/);
    expect(await problem(m4a(box('stsz', u32(0, 4, 50))))).toBeUndefined();
  });

  it('refuses a fragment run declaring more samples than its fields or the file can hold', async () => {
    const fragmented = (run: Buffer) =>
      new Uint8Array(Buffer.concat([box('ftyp', Buffer.from('iso5', 'latin1')), box('moof', box('traf', box('trun', run)))]));
    expect(await problem(fragmented(u32(0x000200, 0xfffffff0, 100)))).toMatch(
      /moof\/traf\/trun: 4294967280 samples declared in a run with room for 1/,
    );
    expect(await problem(fragmented(u32(0x000000, 0xfffffff0)))).toMatch(/4294967280 samples declared in a \d+-byte file/);
    expect(await problem(fragmented(u32(0x000200, 2, 100, 100)))).toBeUndefined();
  });
});

describe.skipIf(!HAVE_FFMPEG)('decoding an M4A with a lying sample table', () => {
  const temp = makeTempDir('et-mp4-');
  afterAll(() => temp.remove());

  it('is a quick typed corrupt error, not seconds and a gigabyte in the demuxer', async () => {
    const path = join(temp.dir, 'tone.m4a');
    ffmpegStereoTone(path, { frequencyHz: 220, sampleRate: 16_000, durationS: 0.7, codecArgs: ['-c:a', 'aac', '-b:a', '48k'] });
    const good = new Uint8Array(readFileSync(path));
    expect((await decodeAudioBytes(good)).source.format).toBe('m4a/aac');
    const stco = Buffer.from(good.buffer, good.byteOffset, good.byteLength).indexOf('stco', 0, 'latin1');
    expect(stco).toBeGreaterThan(0);
    const bad = good.slice();
    new DataView(bad.buffer).setUint32(stco + 8, 134_217_729); // entry count, after version/flags
    const started = performance.now();
    const error = await decodeAudioBytes(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AudioError);
    expect((error as AudioError).code).toBe('corrupt');
    expect((error as AudioError).message).toContain('sample table');
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
