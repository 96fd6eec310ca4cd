// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the ambient types of audio-type, which ships none
/// <reference path="./audio-type.d.ts" />
// Which decoder a file needs, judged from its first bytes (never from its name: recordings get
// renamed, and browsers save WebM as ".weba", ".ogg" or no extension at all).
import audioType from 'audio-type';
import { AudioError } from './audio-error';

/** audio-decode decoder names we accept: recording and music formats we have checked or trust. */
export type DecoderName = 'wav' | 'flac' | 'mp3' | 'oga' | 'opus' | 'webm' | 'm4a' | 'aac' | 'aiff' | 'caf';

const ACCEPTED: ReadonlySet<string> = new Set<DecoderName>(['wav', 'flac', 'mp3', 'oga', 'opus', 'webm', 'm4a', 'aac', 'aiff', 'caf']);

/** What audio-type recognises but we refuse, with the reason a user would understand. */
const REFUSED: Record<string, string> = {
  mid: 'a MIDI file (note events, not recorded sound)',
  mod: 'a tracker module (not recorded sound)',
  xm: 'a tracker module (not recorded sound)',
  s3m: 'a tracker module (not recorded sound)',
  it: 'a tracker module (not recorded sound)',
};

export interface SniffedFormat {
  decoder: DecoderName;
  /** Provisional AudioSourceInfo.format ("ogg/opus", "webm/opus", "m4a/aac", …); WAV is refined from its header. */
  format: string;
}

/** Magic numbers of common non-audio files, so the error can say what the file is instead. */
const NOT_AUDIO_SIGNATURES: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'a program (ELF)'],
];

export function sniffAudioFormat(head: Uint8Array, label: string): SniffedFormat {
  // audio-type reads `buf.buffer` from its start: a view into a larger buffer (a small Node Buffer
  // lives in a shared pool) would be sniffed from someone else's bytes. Hand it a view of its own.
  const own = head.byteOffset === 0 && head.byteLength === head.buffer.byteLength ? head : new Uint8Array(head); // a copy (Buffer#slice is a view)
  const type = audioType(own);
  if (type === 'mp3' && !looksLikeMpegAudio(head)) return notAudio(head, label);
  if (!type) return notAudio(head, label);
  if (REFUSED[type]) throw new AudioError('unsupported_codec', `${label} is ${REFUSED[type]}, which can't be analyzed as speech.`);
  if (!ACCEPTED.has(type)) {
    throw new AudioError(
      'unsupported_codec',
      `${label} is ${type.toUpperCase()} audio, which this app does not decode; convert it to WAV or FLAC.`,
    );
  }
  const decoder = type as DecoderName;
  return { decoder, format: formatName(decoder, head) };
}

function formatName(decoder: DecoderName, head: Uint8Array): string {
  switch (decoder) {
    case 'oga':
      return 'ogg/vorbis';
    case 'opus':
      return 'ogg/opus';
    case 'flac':
      return startsWith(head, 'OggS') ? 'ogg/flac' : 'flac';
    case 'webm': {
      const codec = contains(head, 'A_OPUS') ? 'opus' : contains(head, 'A_VORBIS') ? 'vorbis' : contains(head, 'A_AAC') ? 'aac' : undefined;
      return codec ? `${decoder}/${codec}` : decoder;
    }
    case 'm4a':
      return contains(head, 'alac') ? 'm4a/alac' : contains(head, 'mp4a') ? 'm4a/aac' : 'm4a';
    case 'aac':
      return 'aac/adts';
    default:
      return decoder;
  }
}

function notAudio(head: Uint8Array, label: string): never {
  const known = NOT_AUDIO_SIGNATURES.find(([magic]) => magic.every((byte, i) => head[i] === byte));
  const what = known ? known[1] : looksLikeText(head) ? 'a text file' : 'not a recognised audio format';
  throw new AudioError('not_audio', `${label} is ${what}${known || what === 'a text file' ? ', not audio' : ''}.`);
}

/**
 * audio-type accepts any 0xFFEx/0xFFFx start or a bare "TAG" as MP3; check the first frame header
 * properly (ISO/IEC 11172-3 §2.4.2.3: bitrate index 1–14, sampling index 0–2), after an ID3v2 tag.
 */
function looksLikeMpegAudio(head: Uint8Array): boolean {
  let at = 0;
  if (startsWith(head, 'ID3') && head.length >= 10) {
    at = 10 + (((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f));
    if (at >= head.length) return true; // tag longer than what we sniffed: trust the ID3 tag
  }
  for (const end = Math.min(head.length - 4, at + 4096); at <= end; at++) {
    if (head[at] !== 0xff || (head[at + 1]! & 0xe0) !== 0xe0) continue;
    const layer = (head[at + 1]! >> 1) & 3;
    const bitrateIndex = head[at + 2]! >> 4;
    const rateIndex = (head[at + 2]! >> 2) & 3;
    if (layer !== 0 && bitrateIndex !== 0 && bitrateIndex !== 15 && rateIndex !== 3) return true;
  }
  return false;
}

function looksLikeText(head: Uint8Array): boolean {
  const sample = head.subarray(0, 1024);
  let printable = 0;
  for (const byte of sample) if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte !== 127)) printable++;
  return sample.length > 0 && printable / sample.length > 0.95 && !sample.includes(0);
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/** Whether an ASCII marker occurs in the bytes (codec ids sit in the first kilobytes of WebM/MP4 headers). */
export function contains(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, 'latin1');
}
