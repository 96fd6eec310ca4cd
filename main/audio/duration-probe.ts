// Duration and completeness read from container headers, BEFORE decoding: a 3-hour file is refused
// from a few kilobytes, and a file that ends early is noticed. Each probe returns what it could find;
// decodeAudio still stops any decode that runs past the limit, for containers without a length field.
import type { ByteSource } from './byte-source';
import type { DecoderName } from './format-sniff';
import { parseWavHeader, wavFramesIn } from './wav-header';

export interface ContainerProbe {
  /** Duration the headers promise, in seconds, when they say. */
  declaredDurationS?: number;
  /** Sample frames the headers promise (at the decoded rate), to tell a truncated file after decoding. */
  declaredFrames?: number;
  /** Set when the container shows it ends early (no Ogg end-of-stream page). */
  endsEarly?: string;
}

const TAIL_BYTES = 65_536;

export async function probeContainer(decoder: DecoderName, head: Uint8Array, source: ByteSource): Promise<ContainerProbe> {
  switch (decoder) {
    case 'wav':
      return probeWav(head, source.sizeBytes);
    case 'flac':
      return probeFlac(head);
    case 'mp3':
      return probeMp3(head, source.sizeBytes);
    case 'oga':
    case 'opus':
      return probeOgg(head, await source.read(Math.max(0, source.sizeBytes - TAIL_BYTES), TAIL_BYTES));
    default:
      return {};
  }
}

function probeWav(head: Uint8Array, sizeBytes: number): ContainerProbe {
  const parsed = parseWavHeader(head);
  if (!parsed.ok) return {};
  const { dataOffset, declaredDataBytes, blockAlign, sampleRate } = parsed.header;
  const available = Math.max(0, sizeBytes - dataOffset);
  const placeholder = declaredDataBytes === 0 || declaredDataBytes === 0xffffffff;
  const dataBytes = placeholder ? available : Math.min(declaredDataBytes, available);
  if (!(blockAlign > 0 && sampleRate > 0)) return {};
  // ADPCM blocks hold many frames each: count frames, not blocks (wavFramesIn).
  const probe: ContainerProbe = { declaredDurationS: wavFramesIn(parsed.header, dataBytes) / sampleRate };
  if (placeholder && available > 0) {
    probe.endsEarly = 'its header sizes were never filled in (an interrupted recording?); decoded to the end of the file';
  } else if (!placeholder && available < declaredDataBytes) {
    const missingS = (wavFramesIn(parsed.header, declaredDataBytes) - wavFramesIn(parsed.header, available)) / sampleRate;
    probe.endsEarly = `the file ends ${missingS.toFixed(2)} s before the end its header declares`;
  }
  return probe;
}

/** FLAC STREAMINFO (RFC 9639 §8.2): sample rate 20 bits, channels 3, bits/sample 5, total samples 36. */
function probeFlac(head: Uint8Array): ContainerProbe {
  if (head.length < 8 + 4 + 18 || head[0] !== 0x66 /* f */) return {}; // Ogg FLAC: no simple length field
  const at = 8 + 10; // "fLaC", block header (4), min/max block (4), min/max frame (6)
  const sampleRate = (head[at]! << 12) | (head[at + 1]! << 4) | (head[at + 2]! >> 4);
  const totalSamples =
    (head[at + 3]! & 0x0f) * 2 ** 32 + ((head[at + 4]! << 24) >>> 0) + (head[at + 5]! << 16) + (head[at + 6]! << 8) + head[at + 7]!;
  if (!sampleRate || !totalSamples) return {};
  return { declaredDurationS: totalSamples / sampleRate, declaredFrames: totalSamples };
}

const MPEG_BITRATES_KBPS: Record<string, number[]> = {
  // [version 1 | 2/2.5][layer 1..3], ISO/IEC 11172-3 and 13818-3
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MPEG_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/** MP3 length: the Xing/Info frame count when the encoder wrote one (LAME does), else bitrate × size. */
function probeMp3(head: Uint8Array, sizeBytes: number): ContainerProbe {
  let at = 0;
  if (head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33 && head.length >= 10) {
    at = 10 + (((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f));
  }
  for (const end = Math.min(head.length - 4, at + 65_536); at < end; at++) {
    if (head[at] !== 0xff || (head[at + 1]! & 0xe0) !== 0xe0) continue;
    const versionBits = (head[at + 1]! >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
    const layer = 4 - ((head[at + 1]! >> 1) & 3);
    const bitrateIndex = head[at + 2]! >> 4;
    const rateIndex = (head[at + 2]! >> 2) & 3;
    if (versionBits === 1 || layer === 4 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) continue;
    const sampleRate = MPEG_RATES[versionBits]![rateIndex]!;
    const bitrateKbps = MPEG_BITRATES_KBPS[`${versionBits === 3 ? 1 : 2}-${layer}`]![bitrateIndex]!;
    const samplesPerFrame = layer === 1 ? 384 : layer === 3 && versionBits !== 3 ? 576 : 1152;
    const xing = findXingFrames(head, at);
    if (xing !== undefined) {
      const frames = xing * samplesPerFrame;
      return { declaredDurationS: frames / sampleRate, declaredFrames: frames };
    }
    return { declaredDurationS: ((sizeBytes - at) * 8) / (bitrateKbps * 1000) };
  }
  return {};
}

function findXingFrames(head: Uint8Array, frameStart: number): number | undefined {
  const window = head.subarray(frameStart, Math.min(head.length, frameStart + 200));
  for (const tag of ['Xing', 'Info']) {
    const i = Buffer.from(window.buffer, window.byteOffset, window.byteLength).indexOf(tag, 0, 'latin1');
    if (i < 0 || i + 12 > window.length) continue;
    const flags = window[i + 7]!;
    if (!(flags & 1)) return undefined;
    return ((window[i + 8]! << 24) >>> 0) + (window[i + 9]! << 16) + (window[i + 10]! << 8) + window[i + 11]!;
  }
  return undefined;
}

/**
 * Ogg (RFC 3533): the last page's granule position is the stream's end in samples — at 48 kHz minus
 * the pre-skip for Opus (RFC 7845 §4), at the stream rate for Vorbis. A last page without the
 * end-of-stream flag means the file was cut.
 */
function probeOgg(head: Uint8Array, tail: Uint8Array): ContainerProbe {
  const headView = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  let rate: number | undefined;
  let preSkip = 0;
  const opusAt = headView.indexOf('OpusHead', 0, 'latin1');
  const vorbisAt = headView.indexOf('\x01vorbis', 0, 'latin1');
  if (opusAt >= 0 && opusAt + 12 <= head.length) {
    rate = 48_000;
    preSkip = head[opusAt + 10]! | (head[opusAt + 11]! << 8);
  } else if (vorbisAt >= 0 && vorbisAt + 16 <= head.length) {
    rate = new DataView(head.buffer, head.byteOffset).getUint32(vorbisAt + 12, true);
  }
  const tailView = Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength);
  let lastPage = -1;
  for (let at = tailView.indexOf('OggS', 0, 'latin1'); at >= 0 && at + 27 <= tail.length; at = tailView.indexOf('OggS', at + 1, 'latin1')) {
    if (tail[at + 4] === 0) lastPage = at; // stream_structure_version is 0; payload bytes that spell "OggS" rarely follow it with 0
  }
  if (lastPage < 0) return {};
  const endOfStream = (tail[lastPage + 5]! & 0x04) !== 0;
  const view = new DataView(tail.buffer, tail.byteOffset + lastPage);
  const granule = view.getUint32(6, true) + view.getInt32(10, true) * 2 ** 32;
  const probe: ContainerProbe = {};
  if (rate && granule > 0) probe.declaredDurationS = Math.max(0, granule - preSkip) / rate;
  if (!endOfStream) probe.endsEarly = 'the Ogg stream has no end-of-stream page (the file was cut short)';
  return probe;
}
