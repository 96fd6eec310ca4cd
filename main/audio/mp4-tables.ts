// MP4/M4A sample tables checked against the bytes that hold them, BEFORE the codec sees the file.
// The demuxer (@audio/decode-mp4) sizes its arrays by each table's entry count as read, with no
// look at the box: one flipped bit in a 20-byte stco box (134,217,729 entries) made a 10 KB file
// take 7 s and 1 GB (fuzz, issue 14). ISO/IEC 14496-12: stsz §8.7.3, stsc §8.7.4, stco/co64
// §8.7.5, stts §8.6.1.2, trun §8.8.8.
import type { ByteSource } from './byte-source';

/** Boxes the demuxer descends into (its CONTAINERS set; `meta` has 4 bytes of version/flags first). */
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'udta', 'edts', 'sinf', 'wave', 'mvex', 'traf', 'moof']);
/** A moov or moof larger than this is damage (30 min of AAC has a moov of well under 1 MB). */
const MAX_TABLE_BOX_BYTES = 64 * 1024 * 1024;
/** Top-level boxes looked at; past this the check stops (and leaves the file to the codec). */
const MAX_TOP_LEVEL_BOXES = 200_000;

/**
 * Why the file's sample tables can't be right — an entry count its box can't hold, or samples that
 * would not fit in the file — or undefined when they can (or the file has no tables to check).
 */
export async function mp4SampleTableProblem(source: ByteSource): Promise<string | undefined> {
  let pos = 0;
  for (let boxes = 0; pos + 8 <= source.sizeBytes && boxes < MAX_TOP_LEVEL_BOXES; boxes++) {
    const head = await source.read(pos, 16);
    if (head.length < 8) return undefined;
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    let size = view.getUint32(0); // ISO BMFF is big-endian
    let headerBytes = 8;
    if (size === 1) {
      if (head.length < 16) return undefined;
      size = Number(view.getBigUint64(8));
      headerBytes = 16;
    } else if (size === 0) size = source.sizeBytes - pos;
    if (size < headerBytes) return undefined; // the codec reports a broken box itself
    const type = boxType(head, 4);
    if (type === 'moov' || type === 'moof') {
      if (size > MAX_TABLE_BOX_BYTES) return `its ${type} box claims ${size} bytes`;
      const body = await source.read(pos + headerBytes, size - headerBytes);
      const problem = checkBoxes(body, 0, body.length, source.sizeBytes, type);
      if (problem) return problem;
    }
    pos += size;
  }
  return undefined;
}

function boxType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/** Walks the boxes in [start, end) as the demuxer does and checks every table leaf. */
function checkBoxes(buf: Uint8Array, start: number, end: number, fileBytes: number, path: string): string | undefined {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    let headerBytes = 8;
    if (size === 1) {
      if (at + 16 > end) return undefined;
      size = Number(view.getBigUint64(at + 8));
      headerBytes = 16;
    } else if (size === 0) size = end - at;
    if (size < headerBytes) return undefined;
    const type = boxType(buf, at + 4);
    const boxEnd = Math.min(end, at + size);
    const bodyAt = at + headerBytes;
    if (type === 'meta') {
      const problem = checkBoxes(buf, bodyAt + 4, boxEnd, fileBytes, `${path}/meta`);
      if (problem) return problem;
    } else if (CONTAINERS.has(type)) {
      const problem = checkBoxes(buf, bodyAt, boxEnd, fileBytes, `${path}/${type}`);
      if (problem) return problem;
    } else {
      const problem = tableProblem(type, new DataView(buf.buffer, buf.byteOffset + bodyAt, Math.max(0, boxEnd - bodyAt)), fileBytes);
      if (problem) return `${path}/${type}: ${problem}`;
    }
    at += size;
  }
  return undefined;
}

/** Bytes per entry after the count, and where the count sits, for the fixed-layout tables. */
const FIXED_TABLES: Record<string, { countAt: number; entryBytes: number }> = {
  stco: { countAt: 4, entryBytes: 4 },
  co64: { countAt: 4, entryBytes: 8 },
  stsc: { countAt: 4, entryBytes: 12 },
  stts: { countAt: 4, entryBytes: 8 },
};

function tableProblem(type: string, data: DataView, fileBytes: number): string | undefined {
  const fixed = FIXED_TABLES[type];
  if (fixed) {
    if (data.byteLength < fixed.countAt + 4) return undefined;
    const count = data.getUint32(fixed.countAt);
    const room = Math.floor((data.byteLength - fixed.countAt - 4) / fixed.entryBytes);
    return count > room ? `${count} entries declared in a box with room for ${room}` : undefined;
  }
  if (type === 'stsz') {
    if (data.byteLength < 12) return undefined;
    const sampleSize = data.getUint32(4);
    const count = data.getUint32(8);
    if (sampleSize === 0) {
      const room = Math.floor((data.byteLength - 12) / 4);
      return count > room ? `${count} sample sizes declared in a box with room for ${room}` : undefined;
    }
    // One size for all samples: the samples themselves must fit in the file.
    return count * sampleSize > fileBytes ? `${count} samples of ${sampleSize} bytes declared in a ${fileBytes}-byte file` : undefined;
  }
  if (type === 'trun') {
    if (data.byteLength < 8) return undefined;
    const flags = data.getUint32(0) & 0xffffff;
    const count = data.getUint32(4);
    const fieldsAfterCount = (flags & 1 ? 4 : 0) + (flags & 4 ? 4 : 0);
    const perSample = 4 * [0x100, 0x200, 0x400, 0x800].filter((bit) => flags & bit).length;
    if (perSample) {
      const room = Math.floor(Math.max(0, data.byteLength - 8 - fieldsAfterCount) / perSample);
      return count > room ? `${count} samples declared in a run with room for ${room}` : undefined;
    }
    // No per-sample fields: each sample takes the default size, so at most one per byte of the file.
    return count > fileBytes ? `${count} samples declared in a ${fileBytes}-byte file` : undefined;
  }
  return undefined;
}
