// Lies in a WAV file's header (issue 16: split out of audio-mutator.ts): the fmt chunk's fields
// (sample rate, channels, bits, block size, byte rate, format tag), size fields beyond the file, ADPCM
// (IMA 0x11, MS 0x02) with impossible block layouts, and WAVE_FORMAT_EXTENSIBLE with a lying sub-format.
import { BITS, BLOCK_ALIGNS, CHANNELS, FORMAT_TAGS, SAMPLE_RATES, SAMPLES_PER_BLOCK, SIZES, type AudioOp } from './audio-mutation-values';
import { bitFlips, truncate } from './audio-byte-mutations';
import { extensibleExtension, fmtBody, parseRiff, serializeRiff, type RiffChunk } from './wav-build';

/** Where the fmt chunk's fields start (after its 8-byte header), found by search so damage elsewhere doesn't hide it. */
function fmtFieldsAt(bytes: Uint8Array): number {
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8192)).indexOf('fmt ', 0, 'latin1');
  return at >= 0 && at + 8 + 16 <= bytes.length ? at + 8 : -1;
}

function dataSizeAt(bytes: Uint8Array): number {
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 65_536)).indexOf('data', 12, 'latin1');
  return at >= 0 && at + 8 <= bytes.length ? at + 4 : -1;
}

function withView(bytes: Uint8Array, edit: (view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  edit(new DataView(copy.buffer));
  return copy;
}

/** One lie in the fmt chunk's fields. */
export const fmtLie: AudioOp = (bytes, rng) => {
  const at = fmtFieldsAt(bytes);
  if (at < 0) return bitFlips(bytes, rng, []);
  const field = rng.pick(['formatTag', 'channels', 'sampleRate', 'byteRate', 'blockAlign', 'bits', 'cbSize'] as const);
  const value = (list: readonly number[]) => (rng.chance(0.8) ? rng.pick(list) : rng.u32());
  let written = 0;
  const out = withView(bytes, (view) => {
    switch (field) {
      case 'formatTag':
        view.setUint16(at, (written = value(FORMAT_TAGS)) & 0xffff, true);
        break;
      case 'channels':
        view.setUint16(at + 2, (written = value(CHANNELS)) & 0xffff, true);
        break;
      case 'sampleRate':
        view.setUint32(at + 4, (written = value(SAMPLE_RATES)) >>> 0, true);
        break;
      case 'byteRate':
        view.setUint32(at + 8, (written = rng.chance(0.5) ? 0 : rng.u32()) >>> 0, true);
        break;
      case 'blockAlign':
        view.setUint16(at + 12, (written = value(BLOCK_ALIGNS)) & 0xffff, true);
        break;
      case 'bits':
        view.setUint16(at + 14, (written = value(BITS)) & 0xffff, true);
        break;
      case 'cbSize':
        if (at + 18 <= view.byteLength) view.setUint16(at + 16, (written = rng.pick([0, 2, 22, 32, 0xffff])), true);
        break;
    }
  });
  return [out, `fmt.${field}=${written >>> 0}`];
};

/** Size fields that claim more (or less) than the file holds: RIFF, fmt, data. */
export const sizeLie: AudioOp = (bytes, rng) => {
  const which = rng.pick(['riff', 'fmt', 'data'] as const);
  const offset = which === 'riff' ? 4 : which === 'fmt' ? fmtFieldsAt(bytes) - 4 : dataSizeAt(bytes);
  if (offset < 0 || offset + 4 > bytes.length) return truncate(bytes, rng, []);
  const choices = which === 'fmt' ? [0, 1, 2, 14, 15, 16, 17, 18, 19, 20, 40, 41, 0xffff, 0x7fffffff, 0xffffffff] : SIZES(bytes.length);
  const size = rng.chance(0.85) ? rng.pick(choices) : rng.u32();
  return [withView(bytes, (view) => view.setUint32(offset, Math.max(0, size) >>> 0, true)), `${which}.size=${Math.max(0, size) >>> 0}`];
};

/** An ADPCM header (IMA 0x11 or MS 0x02) over the seed's data, with a block layout that may be impossible. */
export const adpcmLie: AudioOp = (bytes, rng) => {
  const riff = parseRiff(bytes);
  const data = riff?.chunks.find((c) => c.id === 'data')?.body ?? bytes.subarray(Math.min(bytes.length, 44));
  const ima = rng.chance(0.7);
  const channels = rng.chance(0.8) ? 1 : rng.pick([2, 0, 8, 255]);
  const blockAlign = rng.chance(0.3)
    ? ima
      ? 4 * channels + 4 * channels * rng.range(1, 255)
      : 7 * channels + rng.range(0, 1000)
    : rng.pick(BLOCK_ALIGNS);
  const most = ima
    ? 1 + Math.floor(((blockAlign - 4 * channels) * 2) / Math.max(1, channels))
    : 2 + Math.floor(((blockAlign - 7 * channels) * 2) / Math.max(1, channels));
  const samplesPerBlock = rng.chance(0.3) ? most : rng.chance(0.5) ? most + rng.range(1, 3) : rng.pick(SAMPLES_PER_BLOCK);
  const fmtSize = rng.pick([16, 18, 20, 20, 20, 32, 50]);
  const bits = rng.chance(0.8) ? 4 : rng.pick(BITS);
  const rate = rng.chance(0.7) ? rng.pick([8000, 16_000, 22_050, 44_100]) : rng.pick(SAMPLE_RATES);
  const extension = new Uint8Array(Math.max(0, fmtSize - 16));
  const ext = new DataView(extension.buffer);
  if (extension.length >= 2) ext.setUint16(0, rng.chance(0.8) ? extension.length - 2 : rng.pick([0, 2, 4, 32, 0xffff]), true);
  if (extension.length >= 4) ext.setUint16(2, samplesPerBlock & 0xffff, true);
  if (!ima && extension.length >= 6) {
    ext.setUint16(4, rng.pick([0, 1, 7, 7, 7, 8, 255, 0xffff]), true);
    for (let i = 6; i + 2 <= extension.length; i += 2) ext.setInt16(i, rng.range(-2048, 2048), true);
  }
  const fmt = fmtBody({
    formatTag: ima ? 0x11 : 2,
    channels,
    sampleRate: rate >>> 0,
    byteRate: rng.u32(),
    blockAlign: blockAlign & 0xffff,
    bitsPerSample: bits,
    extension,
  });
  const chunks: RiffChunk[] = [{ id: 'fmt ', body: fmt }];
  // A 16-byte fmt chunk with no extension: the decoder must not read samples-per-block from the next chunk's bytes.
  if (fmtSize === 16 || rng.chance(0.3)) chunks.push({ id: 'fact', body: new Uint8Array(new Uint32Array([rng.u32()]).buffer) });
  chunks.push({ id: 'data', body: data, ...(rng.chance(0.3) ? { declaredSize: rng.pick(SIZES(bytes.length)) >>> 0 } : {}) });
  const out = serializeRiff({ magic: 'RIFF', form: 'WAVE', chunks });
  return [
    out,
    `${ima ? 'ima' : 'ms'}-adpcm(ch=${channels},align=${blockAlign & 0xffff},spb=${samplesPerBlock & 0xffff},fmt=${fmtSize},bits=${bits},rate=${rate >>> 0})`,
  ];
};

/** WAVE_FORMAT_EXTENSIBLE with a lying sub-format, valid-bits or channel mask. */
export const extensibleLie: AudioOp = (bytes, rng) => {
  const riff = parseRiff(bytes);
  const data = riff?.chunks.find((c) => c.id === 'data')?.body ?? bytes.subarray(Math.min(bytes.length, 44));
  const bits = rng.pick([8, 16, 24, 32, 64, 12, 0]);
  const channels = rng.pick([1, 1, 2, 0, 18]);
  const sub = rng.pick([1, 3, 6, 7, 0x11, 2, 0xfffe, 0x55, rng.u32() & 0xffff]);
  const extension = extensibleExtension(sub, rng.pick([bits, 0, 12, 20, 0xffff]), rng.pick([0, 4, 3, 0xffffffff]));
  if (rng.chance(0.2)) extension[rng.range(10, 23)]! ^= 0xff; // a sub-format GUID that is not KSDATAFORMAT
  const fmt = fmtBody({
    formatTag: 0xfffe,
    channels,
    sampleRate: rng.pick([16_000, 44_100, 8, 384_000]),
    blockAlign: (channels * bits) / 8 || rng.int(16),
    bitsPerSample: bits,
    extension: rng.chance(0.2) ? extension.subarray(0, rng.int(24)) : extension,
  });
  const out = serializeRiff({
    magic: 'RIFF',
    form: 'WAVE',
    chunks: [
      { id: 'fmt ', body: fmt },
      { id: 'data', body: data },
    ],
  });
  return [out, `extensible(sub=0x${sub.toString(16)},bits=${bits},ch=${channels})`];
};
