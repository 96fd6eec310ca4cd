import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../audio';
import { wavBytes, speechLikeSamples } from '../library/testing/library-fixture';
import {
  EncryptedFileError,
  EncryptedFileReader,
  EncryptedFileWriter,
  encryptFileTo,
  HEADER_BYTES,
  isEncryptedFile,
  readEncryptedFile,
  writeEncryptedFile,
} from './encrypted-file';

const dir = mkdtempSync(join(tmpdir(), 'et-encrypted-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = randomBytes(32);
/** Small records, so a few hundred bytes already span several of them. */
const RECORD = 64;
const STRIDE = RECORD + 28;

async function sealed(name: string, data: Uint8Array, recordBytes = RECORD): Promise<string> {
  const path = join(dir, name);
  const writer = await EncryptedFileWriter.create(path, key, recordBytes);
  // Uneven writes: records must not depend on how the caller chunks its data.
  for (let at = 0; at < data.length; at += 37) await writer.write(data.subarray(at, at + 37));
  await writer.close();
  return path;
}

async function failure(path: string, withKey: Uint8Array = key): Promise<EncryptedFileError> {
  const error = await readEncryptedFile(path, withKey).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EncryptedFileError);
  return error as EncryptedFileError;
}

describe('the encrypted file format', () => {
  it('round-trips empty, single-record, exact-boundary and multi-record files, 0600', async () => {
    for (const size of [0, 1, RECORD - 1, RECORD, RECORD + 1, 3 * RECORD, 5 * RECORD + 17]) {
      const data = randomBytes(size);
      const path = await sealed(`round-${size}.bin`, data);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(await isEncryptedFile(path)).toBe(true);
      expect((await readEncryptedFile(path, key)).equals(data)).toBe(true);
    }
  });

  it('serves any byte range by decrypting the records it touches', async () => {
    const data = randomBytes(7 * RECORD + 5);
    const reader = await EncryptedFileReader.open(await sealed('ranges.bin', data), key);
    try {
      expect(reader.sizeBytes).toBe(data.length);
      for (const [offset, length] of [
        [0, 10],
        [RECORD - 3, 7],
        [2 * RECORD, RECORD],
        [100, 300],
        [data.length - 4, 100],
        [data.length, 10],
        [5, 0],
      ] as const) {
        expect((await reader.read(offset, length)).equals(data.subarray(offset, offset + length))).toBe(true);
      }
    } finally {
      await reader.close();
    }
  });

  it('reports a file cut at a record boundary or inside a record as truncated', async () => {
    const data = randomBytes(3 * RECORD + 10);
    const atBoundary = await sealed('cut-boundary.bin', data);
    truncateSync(atBoundary, HEADER_BYTES + 2 * STRIDE);
    expect((await failure(atBoundary)).code).toBe('truncated');
    const inside = await sealed('cut-inside.bin', data);
    truncateSync(inside, HEADER_BYTES + STRIDE + 10);
    expect((await failure(inside)).code).toBe('truncated');
    const headerOnly = await sealed('cut-header.bin', data);
    truncateSync(headerOnly, 20);
    expect((await failure(headerOnly)).code).toBe('truncated');
  });

  it('refuses a flipped byte, swapped records and another key as corrupt, never garbage', async () => {
    const data = randomBytes(4 * RECORD);
    const flipped = await sealed('flipped.bin', data);
    const bytes = readFileSync(flipped);
    bytes[HEADER_BYTES + STRIDE + 20]! ^= 1;
    writeFileSync(flipped, bytes);
    const reader = await EncryptedFileReader.open(flipped, key);
    await expect(reader.read(0, RECORD)).resolves.toHaveLength(RECORD); // record 0 is intact
    await expect(reader.read(RECORD, 1)).rejects.toMatchObject({ code: 'corrupt' });
    await reader.close();

    const swapped = await sealed('swapped.bin', data);
    const original = readFileSync(swapped);
    const first = original.subarray(HEADER_BYTES, HEADER_BYTES + STRIDE);
    const second = original.subarray(HEADER_BYTES + STRIDE, HEADER_BYTES + 2 * STRIDE);
    writeFileSync(
      swapped,
      Buffer.concat([original.subarray(0, HEADER_BYTES), second, first, original.subarray(HEADER_BYTES + 2 * STRIDE)]),
    );
    expect((await failure(swapped)).code).toBe('corrupt');

    expect((await failure(await sealed('other-key.bin', data), randomBytes(32))).code).toBe('corrupt');
  });

  it('names plaintext and unknown versions', async () => {
    const plain = join(dir, 'plain.wav');
    writeFileSync(plain, wavBytes(speechLikeSamples(0.2)));
    expect(await isEncryptedFile(plain)).toBe(false);
    expect((await failure(plain)).code).toBe('not_encrypted');
    const future = await sealed('future.bin', randomBytes(10));
    const bytes = readFileSync(future);
    bytes.writeUInt16BE(9, 8);
    writeFileSync(future, bytes);
    expect((await failure(future)).code).toBe('unsupported_version');
  });

  it('writes whole files and encrypts existing ones without leaving temporaries', async () => {
    const path = join(dir, 'report.html');
    await writeEncryptedFile(path, '<p>Patient said: lavender elephant</p>', key);
    expect(readFileSync(path).includes('lavender')).toBe(false);
    expect((await readEncryptedFile(path, key)).toString('utf8')).toBe('<p>Patient said: lavender elephant</p>');
    const wav = join(dir, 'clip.wav');
    writeFileSync(wav, wavBytes(speechLikeSamples(3)));
    await encryptFileTo(wav, join(dir, 'clip.enc'), key);
    expect((await readEncryptedFile(join(dir, 'clip.enc'), key)).equals(readFileSync(wav))).toBe(true);
  });

  it('decodes an encrypted recording straight from its records, and a damaged one with an audio error code', async () => {
    const wav = join(dir, 'speech.wav');
    writeFileSync(wav, wavBytes(speechLikeSamples(3)));
    const encrypted = join(dir, 'speech.enc.wav');
    await encryptFileTo(wav, encrypted, key);
    const plain = await decodeAudioFile(wav);
    const decrypted = await decodeAudioFile(encrypted, { fileKey: key });
    expect(decrypted.audio.samples).toEqual(plain.audio.samples);
    // The same key reads a plaintext file as it is (a library part-way through its migration).
    expect((await decodeAudioFile(wav, { fileKey: key })).audio.samples).toEqual(plain.audio.samples);
    const bytes = readFileSync(encrypted);
    bytes[bytes.length - 100]! ^= 0x40;
    writeFileSync(encrypted, bytes);
    await expect(decodeAudioFile(encrypted, { fileKey: key })).rejects.toMatchObject({ name: 'AudioError', code: 'corrupt' });
  });
});
