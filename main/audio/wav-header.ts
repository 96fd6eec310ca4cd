// RIFF/WAVE header reading, shared by the decoder (duration check before decoding, truncation,
// naming an unsupported codec) and by recoverWavFile (repairing a recording whose writer died).
// Reference: Microsoft "Multimedia Programming Interface and Data Specifications 1.0" (1991) and
// the WAVE_FORMAT_EXTENSIBLE note (mmreg.h); format tags from RFC 2361.

/** WAVE format tags we can decode (via @audio/decode-wav), with the names AudioSourceInfo uses. */
const DECODABLE_TAGS: Record<number, string> = { 1: 'pcm', 3: 'float', 6: 'alaw', 7: 'mulaw', 2: 'adpcm-ms', 0x11: 'adpcm-ima' };

/** Well-known tags we can't decode, so the error can name the codec instead of a number. */
const KNOWN_UNDECODABLE_TAGS: Record<number, string> = {
  0x0022: 'TrueSpeech',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0045: 'G.726 ADPCM',
  0x0050: 'MPEG-1 audio',
  0x0055: 'MP3',
  0x0064: 'G.726 ADPCM',
  0x0065: 'G.722 ADPCM',
  0x0160: 'WMA v1',
  0x0161: 'WMA v2',
  0x00ff: 'AAC',
  0x1610: 'AAC (HEAAC)',
  0x2000: 'AC-3',
  0x2001: 'DTS',
  0xf1ac: 'FLAC',
};

export interface WavHeader {
  /** Format tag after resolving WAVE_FORMAT_EXTENSIBLE to its sub-format. */
  formatTag: number;
  /** 'pcm' | 'float' | 'alaw' | 'mulaw' | 'adpcm-ms' | 'adpcm-ima', or undefined when we can't decode it. */
  codec: string | undefined;
  /** Human name of the codec, for messages ("GSM 6.10", "format tag 0x1234"). */
  codecLabel: string;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
  /** Byte offset of the first sample in the file. */
  dataOffset: number;
  /** Size the data chunk declares (0 or 0xFFFFFFFF when a streaming writer never patched it). */
  declaredDataBytes: number;
  /** Byte offset of the data chunk's size field, which recoverWavFile patches. */
  dataSizeFieldOffset: number;
  /**
   * Sample frames per block: 1 for PCM, float and G.711; for ADPCM the fmt extension's
   * wSamplesPerBlock (0 when the fmt chunk has no extension: wavHeaderProblem derives or refuses it).
   */
  samplesPerBlock: number;
  /** MS ADPCM predictor coefficient pairs from the fmt extension (empty: the 7 standard ones). */
  adpcmCoefficients: [number, number][];
}

export type WavHeaderResult =
  | { ok: true; header: WavHeader }
  | { ok: false; reason: 'not_wav' | 'incomplete' | 'no_fmt' | 'bad_fmt'; detail: string };

const ascii = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

/** Parse the header from the first bytes of a file (64 KiB is plenty unless metadata chunks are huge). */
export function parseWavHeader(bytes: Uint8Array): WavHeaderResult {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    return { ok: false, reason: bytes.length < 12 ? 'incomplete' : 'not_wav', detail: 'no RIFF/WAVE signature' };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: Omit<WavHeader, 'dataOffset' | 'declaredDataBytes' | 'dataSizeFieldOffset'> | undefined;
  let pos = 12;
  while (pos + 8 <= bytes.length) {
    const id = ascii(bytes, pos);
    const size = view.getUint32(pos + 4, true);
    if (id === 'fmt ') {
      if (size < 16) return { ok: false, reason: 'bad_fmt', detail: `fmt chunk of ${size} bytes is too small` };
      if (pos + 8 + Math.min(size, 40) > bytes.length) {
        return { ok: false, reason: 'incomplete', detail: 'the file ends inside the fmt chunk' };
      }
      let formatTag = view.getUint16(pos + 8, true);
      if (formatTag === 0xfffe && size >= 40) formatTag = view.getUint16(pos + 32, true); // SubFormat GUID's first 2 bytes
      fmt = {
        formatTag,
        codec: DECODABLE_TAGS[formatTag],
        codecLabel:
          DECODABLE_TAGS[formatTag] ?? KNOWN_UNDECODABLE_TAGS[formatTag] ?? `format tag 0x${formatTag.toString(16).padStart(4, '0')}`,
        channels: view.getUint16(pos + 10, true),
        sampleRate: view.getUint32(pos + 12, true),
        blockAlign: view.getUint16(pos + 20, true),
        bitsPerSample: view.getUint16(pos + 22, true),
        ...adpcmExtension(view, pos + 8, Math.min(size, bytes.length - pos - 8), formatTag),
      };
      // No wSamplesPerBlock (a bare 16-byte fmt chunk): as many as the block holds, as decoders assume.
      if (fmt.samplesPerBlock === 0) fmt.samplesPerBlock = maxAdpcmSamplesPerBlock(fmt);
    } else if (id === 'data') {
      if (!fmt) return { ok: false, reason: 'no_fmt', detail: 'the data chunk comes before any fmt chunk' };
      return { ok: true, header: { ...fmt, dataOffset: pos + 8, declaredDataBytes: size, dataSizeFieldOffset: pos + 4 } };
    }
    pos += 8 + size + (size % 2); // RIFF chunks are padded to an even length
  }
  return { ok: false, reason: fmt ? 'incomplete' : 'no_fmt', detail: fmt ? 'no data chunk found' : 'no fmt chunk found' };
}

/**
 * The ADPCM fields of WAVEFORMATEX's extension (cbSize at byte 16 of the fmt data, then
 * wSamplesPerBlock, and for MS ADPCM wNumCoef and the coefficient pairs), read only from bytes the
 * fmt chunk really holds: a 16-byte fmt chunk has no extension, and what follows it is the next chunk.
 */
function adpcmExtension(
  view: DataView,
  at: number,
  fmtBytes: number,
  formatTag: number,
): Pick<WavHeader, 'samplesPerBlock' | 'adpcmCoefficients'> {
  if (formatTag !== 0x11 && formatTag !== 2) return { samplesPerBlock: 1, adpcmCoefficients: [] };
  const cbSize = fmtBytes >= 18 ? view.getUint16(at + 16, true) : 0;
  const extensionBytes = Math.min(cbSize, fmtBytes - 18);
  const samplesPerBlock = extensionBytes >= 2 ? view.getUint16(at + 18, true) : 0;
  const adpcmCoefficients: [number, number][] = [];
  if (formatTag === 2 && extensionBytes >= 4) {
    const count = Math.min(view.getUint16(at + 20, true), Math.floor((extensionBytes - 4) / 4), 256);
    for (let i = 0; i < count; i++) adpcmCoefficients.push([view.getInt16(at + 22 + i * 4, true), view.getInt16(at + 24 + i * 4, true)]);
  }
  return { samplesPerBlock, adpcmCoefficients };
}

/** Most sample frames one ADPCM block of the header's size can hold (IMA: 4-byte channel headers + nibbles; MS: 7-byte headers). */
export function maxAdpcmSamplesPerBlock(header: Pick<WavHeader, 'codec' | 'channels' | 'blockAlign'>): number {
  const { codec, channels, blockAlign } = header;
  if (codec === 'adpcm-ima') return blockAlign > 4 * channels ? 1 + Math.floor(((blockAlign - 4 * channels) * 2) / channels) : 0;
  if (codec === 'adpcm-ms') return blockAlign >= 7 * channels ? 2 + Math.floor(((blockAlign - 7 * channels) * 2) / channels) : 0;
  return 1;
}

/** Sample frames `dataBytes` of the header's audio hold (whole blocks only: a torn last block is dropped). */
export function wavFramesIn(header: Pick<WavHeader, 'blockAlign' | 'samplesPerBlock'>, dataBytes: number): number {
  return header.blockAlign > 0 ? Math.floor(dataBytes / header.blockAlign) * Math.max(1, header.samplesPerBlock) : 0;
}

/** "wav/pcm16", "wav/float32", "wav/mulaw", … — the AudioSourceInfo.format of a WAV. */
export function wavFormatName(header: WavHeader): string {
  if (header.codec === 'pcm') return `wav/pcm${header.bitsPerSample}`;
  if (header.codec === 'float') return `wav/float${header.bitsPerSample}`;
  return `wav/${header.codec ?? 'unknown'}`;
}

/** Why a header we parsed can't be decoded, or undefined if it can. */
export function wavHeaderProblem(header: WavHeader): string | undefined {
  const { codec, bitsPerSample: bits, channels, sampleRate, blockAlign } = header;
  if (!codec) return `WAV codec ${header.codecLabel} is not supported`;
  if (codec === 'pcm' && ![8, 16, 24, 32].includes(bits)) return `${bits}-bit integer PCM is not supported`;
  if (codec === 'float' && ![32, 64].includes(bits)) return `${bits}-bit float PCM is not supported`;
  if (channels < 1 || sampleRate < 1 || blockAlign < 1) {
    return `the header declares ${channels} channels at ${sampleRate} Hz with ${blockAlign}-byte frames`;
  }
  if ((codec === 'pcm' || codec === 'float') && blockAlign !== (channels * bits) / 8) {
    return `the header's frame size (${blockAlign} bytes) does not match ${channels} channels of ${bits}-bit samples`;
  }
  if ((codec === 'alaw' || codec === 'mulaw') && (bits !== 8 || blockAlign !== channels)) {
    return `G.711 audio has 8-bit samples in ${channels}-byte frames, but the header declares ${bits}-bit samples in ${blockAlign}-byte frames`;
  }
  if (codec === 'adpcm-ima' || codec === 'adpcm-ms') return adpcmProblem(header);
  return undefined;
}

/**
 * An ADPCM header whose block layout is impossible: the decoder would read past its blocks or
 * allocate wSamplesPerBlock floats per block — 65,535 per 36-byte block made a 110 KB file a 5 GB
 * allocation (issue 14).
 */
function adpcmProblem(header: WavHeader): string | undefined {
  const { codec, channels, blockAlign, bitsPerSample } = header;
  const name = codec === 'adpcm-ima' ? 'IMA ADPCM' : 'MS ADPCM';
  if (bitsPerSample !== 4) return `${bitsPerSample}-bit ${name} is not supported (only 4-bit)`;
  if (codec === 'adpcm-ima' && (blockAlign <= 4 * channels || (blockAlign - 4 * channels) % (4 * channels) !== 0)) {
    return `${name} blocks of ${blockAlign} bytes can't hold ${channels}-channel 4-byte headers and whole 4-byte words`;
  }
  const most = maxAdpcmSamplesPerBlock(header);
  if (most < 2) return `${name} blocks of ${blockAlign} bytes can't hold ${channels} channels`;
  if (header.samplesPerBlock < 1 || header.samplesPerBlock > most) {
    return `the header claims ${header.samplesPerBlock} samples per ${blockAlign}-byte ${name} block; it can hold at most ${most}`;
  }
  return undefined;
}

/**
 * A plain WAV header (RIFF, a minimal fmt chunk, data) for `dataBytes` of this header's audio. The
 * decoder is fed this in front of the file's data instead of the file's own header, so it sees only
 * fields we have checked: no samples-per-block read from the next chunk, no odd chunk padding, no
 * data size beyond the bytes the file really has.
 */
export function canonicalWavHeader(header: WavHeader, dataBytes: number): Uint8Array {
  const isAdpcm = header.codec === 'adpcm-ima' || header.codec === 'adpcm-ms';
  const coefficients = header.codec === 'adpcm-ms' ? header.adpcmCoefficients : [];
  const extension = isAdpcm ? 2 + 2 + (header.codec === 'adpcm-ms' ? 2 + 4 * coefficients.length : 0) : 0;
  const fmtBytes = 16 + extension;
  const bytes = new Uint8Array(12 + 8 + fmtBytes + 8);
  const view = new DataView(bytes.buffer);
  const text = (at: number, value: string) => [...value].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 4 + 8 + fmtBytes + 8 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, fmtBytes, true);
  view.setUint16(20, header.formatTag, true);
  view.setUint16(22, header.channels, true);
  view.setUint32(24, header.sampleRate, true);
  view.setUint32(28, Math.round((header.sampleRate * header.blockAlign) / Math.max(1, header.samplesPerBlock)), true);
  view.setUint16(32, header.blockAlign, true);
  view.setUint16(34, header.bitsPerSample, true);
  if (isAdpcm) {
    view.setUint16(36, extension - 2, true);
    view.setUint16(38, header.samplesPerBlock, true);
    if (header.codec === 'adpcm-ms') {
      view.setUint16(40, coefficients.length, true);
      coefficients.forEach(([a, b], i) => {
        view.setInt16(42 + i * 4, a, true);
        view.setInt16(44 + i * 4, b, true);
      });
    }
  }
  text(20 + fmtBytes, 'data');
  view.setUint32(24 + fmtBytes, dataBytes, true);
  return bytes;
}
