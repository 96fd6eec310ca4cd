// Byte-level audio mutations (issue 16: split out of audio-mutator.ts): bit flips, byte runs,
// inserts and cuts, truncation, another container's magic bytes, and one seed's header on another's body.
import { MAGICS, type AudioOp } from './audio-mutation-values';

export const bitFlips: AudioOp = (bytes, rng) => {
  if (!bytes.length) return [bytes, 'bitflip(none)'];
  const copy = bytes.slice();
  const flips = rng.range(1, 32);
  const inHeader = rng.chance(0.5);
  for (let i = 0; i < flips; i++) {
    const at = inHeader ? rng.int(Math.min(copy.length, 96)) : rng.int(copy.length);
    copy[at]! ^= 1 << rng.int(8);
  }
  return [copy, `bitflip(${flips}${inHeader ? ',header' : ''})`];
};

export const byteRun: AudioOp = (bytes, rng) => {
  if (!bytes.length) return [bytes, 'byterun(none)'];
  const copy = bytes.slice();
  const at = rng.chance(0.5) ? rng.int(Math.min(copy.length, 96)) : rng.int(copy.length);
  const length = Math.min(copy.length - at, rng.smallLength(4096));
  const kind = rng.pick(['zero', 'ff', '7f', '80', 'random', 'repeat'] as const);
  const fill = kind === 'zero' ? 0 : kind === 'ff' ? 0xff : kind === '7f' ? 0x7f : kind === '80' ? 0x80 : -1;
  const noise = rng.bytes(length);
  for (let i = 0; i < length; i++) copy[at + i] = fill >= 0 ? fill : kind === 'repeat' ? copy[at + (i % 4)]! : noise[i]!;
  return [copy, `byterun(${kind},@${at},${length})`];
};

export const insertBytes: AudioOp = (bytes, rng) => {
  const at = rng.int(bytes.length + 1);
  const extra = rng.bytes(rng.smallLength(2048));
  const out = new Uint8Array(bytes.length + extra.length);
  out.set(bytes.subarray(0, at));
  out.set(extra, at);
  out.set(bytes.subarray(at), at + extra.length);
  return [out, `insert(@${at},${extra.length})`];
};

export const cutBytes: AudioOp = (bytes, rng) => {
  if (!bytes.length) return [bytes, 'cut(none)'];
  const at = rng.int(bytes.length);
  const length = Math.min(bytes.length - at, rng.smallLength(4096));
  const out = new Uint8Array(bytes.length - length);
  out.set(bytes.subarray(0, at));
  out.set(bytes.subarray(at + length), at);
  return [out, `cut(@${at},${length})`];
};

export const truncate: AudioOp = (bytes, rng) => {
  const to = rng.weighted([
    [3, () => rng.int(Math.min(bytes.length, 64) + 1)],
    [2, () => rng.int(bytes.length + 1)],
    [1, () => Math.max(0, bytes.length - rng.range(1, 8))],
  ] as const)();
  return [bytes.slice(0, to), `truncate(${to})`];
};

export const otherMagic: AudioOp = (bytes, rng) => {
  const [name, magic] = rng.pick(MAGICS);
  const out = bytes.slice();
  const skip = rng.chance(0.3) ? 0 : magic.length;
  out.set(magic.slice(0, Math.min(magic.length, out.length)));
  return [rng.chance(0.5) ? out : Uint8Array.from([...magic, ...bytes.subarray(skip)]), `magic(${name})`];
};

/** Header of one seed, body of another. */
export const splice: AudioOp = (bytes, rng, seeds) => {
  const other = rng.pick(seeds).bytes;
  const cut = rng.range(0, Math.min(bytes.length, 200));
  const from = rng.range(0, Math.min(other.length, 200));
  return [Uint8Array.from([...bytes.subarray(0, cut), ...other.subarray(from, from + 200_000)]), `splice(${cut},${from})`];
};
