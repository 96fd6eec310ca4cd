// RIFF/WAVE header reading, shared by the decoder (duration check before decoding, truncation,
// naming an unsupported codec) and by recoverWavFile (repairing a recording whose writer died).
// Reference: Microsoft "Multimedia Programming Interface and Data Specifications 1.0" (1991) and
// the WAVE_FORMAT_EXTENSIBLE note (mmreg.h); format tags from RFC 2361.

/** WAVE format tags we can decode (via @audio/decode-wav), with the names AudioSourceInfo uses. */
const DECODABLE_TAGS: Record<number, string> = { 1: 'pcm', 3: 'float', 6: 'alaw', 7: 'mulaw', 2: 'adpcm-ms', 0x11: 'adpcm-ima' };

/** Well-known tags we can't decode, so the error can name the codec instead of a number. */
const KNOWN_UNDECODABLE_TAGS: Record<number, string> = {
  0x0022: 'TrueSpeech', 0x0031: 'GSM 6.10', 0x0040: 'G.721 ADPCM', 0x0045: 'G.726 ADPCM', 0x0050: 'MPEG-1 audio',
  0x0055: 'MP3', 0x0064: 'G.726 ADPCM', 0x0065: 'G.722 ADPCM', 0x0160: 'WMA v1', 0x0161: 'WMA v2',
  0x00ff: 'AAC', 0x1610: 'AAC (HEAAC)', 0x2000: 'AC-3', 0x2001: 'DTS', 0xf1ac: 'FLAC',
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
        codecLabel: DECODABLE_TAGS[formatTag] ?? KNOWN_UNDECODABLE_TAGS[formatTag] ?? `format tag 0x${formatTag.toString(16).padStart(4, '0')}`,
        channels: view.getUint16(pos + 10, true),
        sampleRate: view.getUint32(pos + 12, true),
        blockAlign: view.getUint16(pos + 20, true),
        bitsPerSample: view.getUint16(pos + 22, true),
      };
    } else if (id === 'data') {
      if (!fmt) return { ok: false, reason: 'no_fmt', detail: 'the data chunk comes before any fmt chunk' };
      return { ok: true, header: { ...fmt, dataOffset: pos + 8, declaredDataBytes: size, dataSizeFieldOffset: pos + 4 } };
    }
    pos += 8 + size + (size % 2); // RIFF chunks are padded to an even length
  }
  return { ok: false, reason: fmt ? 'incomplete' : 'no_fmt', detail: fmt ? 'no data chunk found' : 'no fmt chunk found' };
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
  return undefined;
}
