// The values the audio mutations write (issue 16: split out of audio-mutator.ts): boundary values
// for the WAV header's fields and size fields, and the first bytes of other containers.
import type { AudioSeed } from './audio-seeds';
import type { Rng } from './rng';

/** First bytes of other containers (and of non-audio files) the sniffer must tell apart. */
export const MAGICS: [string, number[]][] = [
  ['flac', [...'fLaC'].map(code)],
  ['ogg', [...'OggS'].map(code).concat([0, 2])],
  ['id3', [...'ID3'].map(code).concat([4, 0, 0, 0, 0, 0, 0x10])],
  ['mp3-sync', [0xff, 0xfb, 0x90, 0x64]],
  ['adts', [0xff, 0xf1, 0x50, 0x80]],
  ['aiff', [...'FORM\0\0\0\0AIFF'].map(code)],
  ['aifc', [...'FORM\0\0\0\0AIFCFVER'].map(code)],
  ['caf', [...'caff'].map(code).concat([0, 1, 0, 0])],
  ['m4a', [0, 0, 0, 0x20, ...'ftypM4A '].map((c) => (typeof c === 'string' ? code(c) : c))],
  ['webm', [0x1a, 0x45, 0xdf, 0xa3]],
  ['rifx', [...'RIFX\0\0\0\0WAVE'].map(code)],
  ['rf64', [...'RF64\xff\xff\xff\xffWAVEds64'].map(code)],
  ['avi', [...'RIFF\0\0\0\0AVI '].map(code)],
  ['webp', [...'RIFF\0\0\0\0WEBP'].map(code)],
  ['midi', [...'MThd\0\0\0\x06'].map(code)],
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['zip', [0x50, 0x4b, 0x03, 0x04]],
  ['elf', [0x7f, 0x45, 0x4c, 0x46]],
  ['wma', [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11]],
];

export function code(c: string): number {
  return c.charCodeAt(0) & 0xff;
}

export const SAMPLE_RATES = [
  0,
  1,
  8,
  127,
  200,
  1000,
  3999,
  4000,
  7999,
  8000,
  11_025,
  22_050,
  44_100,
  48_000,
  96_000,
  191_999,
  192_000,
  192_001,
  384_000,
  2 ** 31,
  4e9,
  0xffffffff,
];
export const CHANNELS = [0, 1, 2, 3, 6, 8, 9, 64, 255, 256, 0x7fff, 0xffff];
export const BITS = [0, 1, 2, 3, 4, 7, 8, 12, 16, 20, 24, 31, 32, 33, 48, 64, 128, 0xffff];
export const BLOCK_ALIGNS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 35, 36, 37, 64, 255, 256, 257, 512, 1024, 2048, 4096, 0x7fff, 0xffff];
export const FORMAT_TAGS = [0, 1, 2, 3, 6, 7, 0x11, 0x22, 0x31, 0x55, 0xff, 0x161, 0x2000, 0xf1ac, 0xfffe, 0xffff];
export const SIZES = (fileBytes: number) => [
  0,
  1,
  2,
  3,
  0x7f,
  fileBytes - 45,
  fileBytes - 44,
  fileBytes - 1,
  fileBytes,
  fileBytes + 1,
  fileBytes * 2,
  0x7fffffff,
  0x80000000,
  0xfffffffe,
  0xffffffff,
];
export const SAMPLES_PER_BLOCK = [0, 1, 2, 3, 504, 505, 506, 1017, 2041, 4096, 0x7fff, 0xfffe, 0xffff];

/** One mutation: the new bytes and a label for the report of a failing case. */
export type AudioOp = (bytes: Uint8Array, rng: Rng, seeds: readonly AudioSeed[]) => [Uint8Array, string];
