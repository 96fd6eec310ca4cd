// WAV files built by hand for the fuzzer: every codec the decoder accepts (so mutations start from
// each one's header layout), and the chunk list of a RIFF file to restructure and re-serialise.

export interface RiffChunk {
  id: string;
  body: Uint8Array;
  /** Size written in the chunk header instead of body.length (a lie), if set. */
  declaredSize?: number;
  /** Leave out the pad byte after an odd-sized body. */
  noPad?: boolean;
}

export interface RiffFile {
  /** 'RIFF' normally; 'RIFX', 'RF64', … as a mutation. */
  magic: string;
  /** 'WAVE' normally. */
  form: string;
  /** Size written after the magic instead of the real one, if set. */
  declaredSize?: number;
  chunks: RiffChunk[];
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text.padEnd(4, ' ').slice(0, 4), (c) => c.charCodeAt(0) & 0xff);
}

export function serializeRiff(file: RiffFile): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const chunk of file.chunks) {
    const head = new Uint8Array(8);
    head.set(ascii(chunk.id));
    new DataView(head.buffer).setUint32(4, (chunk.declaredSize ?? chunk.body.length) >>> 0, true);
    parts.push(head, chunk.body);
    if (chunk.body.length % 2 === 1 && !chunk.noPad) parts.push(new Uint8Array(1));
  }
  const bodyBytes = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(12 + bodyBytes);
  out.set(ascii(file.magic));
  new DataView(out.buffer).setUint32(4, (file.declaredSize ?? 4 + bodyBytes) >>> 0, true);
  out.set(ascii(file.form), 8);
  let at = 12;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The chunks of a well-formed RIFF file (a seed), or undefined if it isn't one. */
export function parseRiff(bytes: Uint8Array): RiffFile | undefined {
  if (bytes.length < 12) return undefined;
  const text = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: RiffChunk[] = [];
  let at = 12;
  while (at + 8 <= bytes.length) {
    const size = view.getUint32(at + 4, true);
    if (at + 8 + size > bytes.length) return undefined;
    chunks.push({ id: text(at), body: bytes.slice(at + 8, at + 8 + size) });
    at += 8 + size + (size % 2);
  }
  return { magic: text(0), form: text(8), chunks };
}

export interface FmtFields {
  formatTag: number;
  channels: number;
  sampleRate: number;
  byteRate?: number;
  blockAlign: number;
  bitsPerSample: number;
  /** Bytes after the 16 basic ones (cbSize and what follows), if any. */
  extension?: Uint8Array;
}

export function fmtBody(fields: FmtFields): Uint8Array {
  const extension = fields.extension ?? new Uint8Array(0);
  const body = new Uint8Array(16 + extension.length);
  const view = new DataView(body.buffer);
  view.setUint16(0, fields.formatTag, true);
  view.setUint16(2, fields.channels, true);
  view.setUint32(4, fields.sampleRate, true);
  view.setUint32(8, fields.byteRate ?? fields.sampleRate * fields.blockAlign, true);
  view.setUint16(12, fields.blockAlign, true);
  view.setUint16(14, fields.bitsPerSample, true);
  body.set(extension, 16);
  return body;
}

export function wavFile(fields: FmtFields, data: Uint8Array, extra: RiffChunk[] = []): Uint8Array {
  return serializeRiff({
    magic: 'RIFF',
    form: 'WAVE',
    chunks: [{ id: 'fmt ', body: fmtBody(fields) }, ...extra, { id: 'data', body: data }],
  });
}

function u16(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  values.forEach((v, i) => new DataView(out.buffer).setInt16(i * 2, v, true));
  return out;
}

const KSDATAFORMAT_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** WAVE_FORMAT_EXTENSIBLE extension: cbSize 22, valid bits, channel mask, sub-format GUID. */
export function extensibleExtension(subFormat: number, validBits: number, channelMask: number): Uint8Array {
  const out = new Uint8Array(24);
  const view = new DataView(out.buffer);
  view.setUint16(0, 22, true);
  view.setUint16(2, validBits, true);
  view.setUint32(4, channelMask, true);
  view.setUint16(8, subFormat, true);
  out.set(KSDATAFORMAT_TAIL, 10);
  return out;
}

const MS_ADPCM_COEFFICIENTS = [
  [256, 0],
  [512, -256],
  [0, 0],
  [192, 64],
  [240, 0],
  [460, -208],
  [392, -232],
] as const;

/** Encoders from float samples in [-1, 1] to each WAV codec the decoder accepts. */
export const wavEncoders = {
  pcm8(samples: Float32Array, rate: number): Uint8Array {
    const data = Uint8Array.from(samples, (v) => Math.max(0, Math.min(255, Math.round(v * 127 + 128))));
    return wavFile({ formatTag: 1, channels: 1, sampleRate: rate, blockAlign: 1, bitsPerSample: 8 }, data);
  },
  pcm16(samples: Float32Array, rate: number): Uint8Array {
    return wavFile({ formatTag: 1, channels: 1, sampleRate: rate, blockAlign: 2, bitsPerSample: 16 }, pcm16Bytes(samples));
  },
  pcm16Stereo(samples: Float32Array, rate: number): Uint8Array {
    const mono = new Int16Array(pcm16Bytes(samples).buffer);
    const pcm = new Int16Array(mono.length * 2);
    mono.forEach((v, i) => ((pcm[2 * i] = v), (pcm[2 * i + 1] = v >> 1)));
    return wavFile({ formatTag: 1, channels: 2, sampleRate: rate, blockAlign: 4, bitsPerSample: 16 }, new Uint8Array(pcm.buffer));
  },
  pcm24(samples: Float32Array, rate: number): Uint8Array {
    const data = new Uint8Array(samples.length * 3);
    samples.forEach((v, i) => {
      const s = Math.round(Math.max(-1, Math.min(1, v)) * 8_388_607);
      data[3 * i] = s & 0xff;
      data[3 * i + 1] = (s >> 8) & 0xff;
      data[3 * i + 2] = (s >> 16) & 0xff;
    });
    return wavFile({ formatTag: 1, channels: 1, sampleRate: rate, blockAlign: 3, bitsPerSample: 24 }, data);
  },
  pcm32(samples: Float32Array, rate: number): Uint8Array {
    const data = Int32Array.from(samples, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 2_147_483_647));
    return wavFile({ formatTag: 1, channels: 1, sampleRate: rate, blockAlign: 4, bitsPerSample: 32 }, new Uint8Array(data.buffer));
  },
  float32(samples: Float32Array, rate: number): Uint8Array {
    return wavFile(
      { formatTag: 3, channels: 1, sampleRate: rate, blockAlign: 4, bitsPerSample: 32 },
      new Uint8Array(Float32Array.from(samples).buffer),
      [{ id: 'fact', body: new Uint8Array(new Uint32Array([samples.length]).buffer) }],
    );
  },
  float64(samples: Float32Array, rate: number): Uint8Array {
    return wavFile(
      { formatTag: 3, channels: 1, sampleRate: rate, blockAlign: 8, bitsPerSample: 64 },
      new Uint8Array(Float64Array.from(samples).buffer),
    );
  },
  mulaw(samples: Float32Array, rate: number): Uint8Array {
    return wavFile({ formatTag: 7, channels: 1, sampleRate: rate, blockAlign: 1, bitsPerSample: 8 }, Uint8Array.from(samples, muLaw));
  },
  alaw(samples: Float32Array, rate: number): Uint8Array {
    // The A-law byte of a μ-law code is not the same sound, but any byte is a valid A-law sample.
    return wavFile(
      { formatTag: 6, channels: 1, sampleRate: rate, blockAlign: 1, bitsPerSample: 8 },
      Uint8Array.from(samples, (v) => muLaw(v) ^ 0x55),
    );
  },
  extensible(samples: Float32Array, rate: number): Uint8Array {
    return wavFile(
      { formatTag: 0xfffe, channels: 1, sampleRate: rate, blockAlign: 2, bitsPerSample: 16, extension: extensibleExtension(1, 16, 4) },
      pcm16Bytes(samples),
      [{ id: 'LIST', body: Uint8Array.from('INFOISFT\x05\x00\x00\x00fuzz\x00', (c) => c.charCodeAt(0)) }],
    );
  },
  imaAdpcm(samples: Float32Array, rate: number): Uint8Array {
    const blockAlign = 256;
    const perBlock = 1 + (blockAlign - 4) * 2; // 505
    const data = imaEncode(samples, blockAlign, perBlock);
    return wavFile(
      {
        formatTag: 0x11,
        channels: 1,
        sampleRate: rate,
        byteRate: Math.round((rate * blockAlign) / perBlock),
        blockAlign,
        bitsPerSample: 4,
        extension: u16(2, perBlock),
      },
      data,
      [{ id: 'fact', body: new Uint8Array(new Uint32Array([samples.length]).buffer) }],
    );
  },
  msAdpcm(samples: Float32Array, rate: number): Uint8Array {
    const blockAlign = 256;
    const perBlock = 2 + (blockAlign - 7) * 2; // 500
    const blocks = Math.max(1, Math.floor(samples.length / perBlock));
    const pcm = new Int16Array(pcm16Bytes(samples).buffer);
    const data = new Uint8Array(blocks * blockAlign);
    for (let b = 0; b < blocks; b++) {
      const at = b * blockAlign;
      const view = new DataView(data.buffer, at, blockAlign);
      view.setUint8(0, b % 7); // predictor index
      view.setInt16(1, 16 + (b % 200), true); // initial delta
      view.setInt16(3, pcm[b * perBlock + 1] ?? 0, true);
      view.setInt16(5, pcm[b * perBlock] ?? 0, true);
      for (let i = 7; i < blockAlign; i++) data[at + i] = (pcm[b * perBlock + i] ?? 0) & 0xff; // arbitrary nibbles are valid
    }
    const extension = new Uint8Array([...u16(4 + 4 * 7, perBlock, 7), ...MS_ADPCM_COEFFICIENTS.flatMap(([a, c]) => [...u16(a, c)])]);
    return wavFile(
      {
        formatTag: 2,
        channels: 1,
        sampleRate: rate,
        byteRate: Math.round((rate * blockAlign) / perBlock),
        blockAlign,
        bitsPerSample: 4,
        extension,
      },
      data,
    );
  },
} satisfies Record<string, (samples: Float32Array, rate: number) => Uint8Array>;

export type WavCodecName = keyof typeof wavEncoders;

function pcm16Bytes(samples: Float32Array): Uint8Array {
  return new Uint8Array(Int16Array.from(samples, (v) => Math.round(Math.max(-1, Math.min(1, v)) * 32767)).buffer);
}

function muLaw(value: number): number {
  const BIAS = 0x84;
  let sample = Math.round(Math.max(-1, Math.min(1, value)) * 32635);
  const sign = sample < 0 ? 0x80 : 0;
  if (sign) sample = -sample;
  sample += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (sample & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (sample >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

const IMA_INDEX = [-1, -1, -1, -1, 2, 4, 6, 8];
const IMA_STEP = [
  7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66, 73, 80, 88, 97, 107, 118, 130, 143, 157, 173,
  190, 209, 230, 253, 279, 307, 337, 371, 408, 449, 494, 544, 598, 658, 724, 796, 876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066,
  2272, 2499, 2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484, 7132, 7845, 8630, 9493, 10442, 11487, 12635, 13899, 15289, 16818,
  18500, 20350, 22385, 24623, 27086, 29794, 32767,
];

/** Mono IMA ADPCM (Microsoft/DVI layout): 4-byte block header, then nibbles, low nibble first. */
function imaEncode(samples: Float32Array, blockAlign: number, perBlock: number): Uint8Array {
  const pcm = new Int16Array(pcm16Bytes(samples).buffer);
  const blocks = Math.max(1, Math.floor(pcm.length / perBlock));
  const out = new Uint8Array(blocks * blockAlign);
  let index = 0;
  for (let b = 0; b < blocks; b++) {
    const base = b * perBlock;
    let predictor = pcm[base] ?? 0;
    const at = b * blockAlign;
    new DataView(out.buffer).setInt16(at, predictor, true);
    out[at + 2] = index;
    for (let i = 1; i < perBlock; i++) {
      const step = IMA_STEP[index]!;
      let diff = (pcm[base + i] ?? 0) - predictor;
      let nibble = 0;
      if (diff < 0) {
        nibble = 8;
        diff = -diff;
      }
      let delta = step >> 3;
      if (diff >= step) {
        nibble |= 4;
        diff -= step;
        delta += step;
      }
      if (diff >= step >> 1) {
        nibble |= 2;
        diff -= step >> 1;
        delta += step >> 1;
      }
      if (diff >= step >> 2) {
        nibble |= 1;
        delta += step >> 2;
      }
      predictor = Math.max(-32768, Math.min(32767, predictor + (nibble & 8 ? -delta : delta)));
      index = Math.max(0, Math.min(88, index + IMA_INDEX[nibble & 7]!));
      const byte = at + 4 + ((i - 1) >> 1);
      out[byte] = (i - 1) % 2 === 0 ? nibble : out[byte]! | (nibble << 4);
    }
  }
  return out;
}
