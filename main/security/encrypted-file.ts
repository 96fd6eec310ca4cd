// The library's encrypted file format (issue 14): AES-256-GCM in fixed-size records, so playback can
// decrypt just the records a byte range touches and a damaged file fails on the damaged record, with
// a typed error, instead of decrypting to garbage audio.
//
//   header (32 bytes): magic "ETENCRYP" | version u16 | record size u32 | 2 reserved | file id (16)
//   records: nonce (12) | ciphertext (record size; the last one shorter) | GCM tag (16)
//
// Every record has its own random nonce, and its tag also covers the header, its index and whether it
// is the last record: records can't be swapped between files or reordered, and a file cut at a record
// boundary is reported as truncated (its last record was not sealed as the last).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { CodedError } from '../../shared/errors/coded-error';
import { openPrivateFile } from '../store/private-files';

export const ENCRYPTED_FILE_MAGIC = Buffer.from('ETENCRYP', 'ascii');
export const ENCRYPTED_FILE_VERSION = 1;
export const HEADER_BYTES = 32;
/** Plaintext bytes per record: 64 KiB is two seconds of the app's 16 kHz recordings. */
export const DEFAULT_RECORD_BYTES = 64 * 1024;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const RECORD_OVERHEAD = NONCE_BYTES + TAG_BYTES;

export type EncryptedFileErrorCode = 'not_encrypted' | 'unsupported_version' | 'truncated' | 'corrupt';

/** A file that is not, or no longer, a whole file of this format (or was sealed with another key). */
export class EncryptedFileError extends CodedError<EncryptedFileErrorCode> {}

/** True when the file at `path` starts with this format's magic (false for a missing or short file). */
export async function isEncryptedFile(path: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(ENCRYPTED_FILE_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(ENCRYPTED_FILE_MAGIC);
  } finally {
    await handle.close();
  }
}

function header(recordBytes: number, fileId: Buffer): Buffer {
  const out = Buffer.alloc(HEADER_BYTES);
  ENCRYPTED_FILE_MAGIC.copy(out, 0);
  out.writeUInt16BE(ENCRYPTED_FILE_VERSION, 8);
  out.writeUInt32BE(recordBytes, 10);
  fileId.copy(out, 16);
  return out;
}

function recordAad(fileHeader: Buffer, index: number, last: boolean): Buffer {
  const aad = Buffer.alloc(HEADER_BYTES + 9);
  fileHeader.copy(aad, 0);
  aad.writeUInt32BE(Math.floor(index / 2 ** 32), HEADER_BYTES);
  aad.writeUInt32BE(index % 2 ** 32, HEADER_BYTES + 4);
  aad[HEADER_BYTES + 8] = last ? 1 : 0;
  return aad;
}

function sealRecord(key: Buffer, fileHeader: Buffer, index: number, last: boolean, plaintext: Uint8Array): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(recordAad(fileHeader, index, last));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** The record's plaintext, or null when its tag does not verify (tampered, wrong key or wrong position). */
function openRecord(key: Buffer, fileHeader: Buffer, index: number, last: boolean, record: Buffer): Buffer | null {
  const decipher = createDecipheriv('aes-256-gcm', key, record.subarray(0, NONCE_BYTES));
  decipher.setAAD(recordAad(fileHeader, index, last));
  decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(record.subarray(NONCE_BYTES, record.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

function checkKey(key: Uint8Array): Buffer {
  if (key.length !== 32) throw new RangeError(`An AES-256 key is 32 bytes, not ${key.length}.`);
  return Buffer.from(key);
}

/** Writes an encrypted file front to back; nothing is readable as a whole file until `close`. */
export class EncryptedFileWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;
  private position = HEADER_BYTES;

  private constructor(
    private readonly handle: FileHandle,
    private readonly key: Buffer,
    private readonly fileHeader: Buffer,
    private readonly recordBytes: number,
  ) {}

  /** Creates (or replaces) `path`, 0600. */
  static async create(path: string, key: Uint8Array, recordBytes = DEFAULT_RECORD_BYTES): Promise<EncryptedFileWriter> {
    const fileHeader = header(recordBytes, randomBytes(16));
    const handle = await openPrivateFile(path);
    try {
      await handle.write(fileHeader, 0, HEADER_BYTES, 0);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new EncryptedFileWriter(handle, checkKey(key), fileHeader, recordBytes);
  }

  async write(bytes: Uint8Array): Promise<void> {
    this.pending.push(Buffer.from(bytes));
    this.pendingBytes += bytes.length;
    // A full record is sealed only once a byte beyond it exists: the last record must be sealed as last.
    while (this.pendingBytes > this.recordBytes) await this.writeRecord(this.take(this.recordBytes), false);
  }

  /** Seals the last record, syncs and closes. */
  async close(): Promise<void> {
    try {
      await this.writeRecord(this.take(this.pendingBytes), true);
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }

  /** Closes without sealing (the caller removes the file). */
  async abandon(): Promise<void> {
    await this.handle.close();
  }

  private take(count: number): Buffer {
    const all = Buffer.concat(this.pending);
    this.pending = count < all.length ? [all.subarray(count)] : [];
    this.pendingBytes = all.length - count;
    return all.subarray(0, count);
  }

  private async writeRecord(plaintext: Buffer, last: boolean): Promise<void> {
    const record = sealRecord(this.key, this.fileHeader, this.index, last, plaintext);
    await this.handle.write(record, 0, record.length, this.position);
    this.position += record.length;
    this.index += 1;
  }
}

/** Random-access reads of an encrypted file; opening it checks the header and the sealed last record. */
export class EncryptedFileReader {
  private constructor(
    private readonly handle: FileHandle,
    private readonly key: Buffer,
    private readonly fileHeader: Buffer,
    private readonly recordBytes: number,
    private readonly recordCount: number,
    /** Plaintext bytes in the file. */
    readonly sizeBytes: number,
    private readonly label: string,
  ) {}

  static async open(path: string, key: Uint8Array): Promise<EncryptedFileReader> {
    const handle = await open(path, 'r');
    try {
      return await EncryptedFileReader.fromHandle(handle, checkKey(key), `"${path}"`);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  private static async fromHandle(handle: FileHandle, key: Buffer, label: string): Promise<EncryptedFileReader> {
    const fileSize = (await handle.stat()).size;
    const fileHeader = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await handle.read(fileHeader, 0, HEADER_BYTES, 0);
    if (bytesRead < ENCRYPTED_FILE_MAGIC.length || !fileHeader.subarray(0, 8).equals(ENCRYPTED_FILE_MAGIC)) {
      throw new EncryptedFileError('not_encrypted', `${label} is not an encrypted library file.`);
    }
    if (bytesRead < HEADER_BYTES) throw new EncryptedFileError('truncated', `${label} ends inside its header.`);
    const version = fileHeader.readUInt16BE(8);
    if (version !== ENCRYPTED_FILE_VERSION) {
      throw new EncryptedFileError(
        'unsupported_version',
        `${label} is encrypted in format version ${version}; this app reads version ${ENCRYPTED_FILE_VERSION}.`,
      );
    }
    const recordBytes = fileHeader.readUInt32BE(10);
    if (recordBytes === 0 || recordBytes > 16 * 1024 * 1024)
      throw new EncryptedFileError('corrupt', `${label} has an impossible record size (${recordBytes}).`);
    const stride = recordBytes + RECORD_OVERHEAD;
    const body = fileSize - HEADER_BYTES;
    const recordCount = Math.max(1, Math.ceil(body / stride));
    const lastLength = body - (recordCount - 1) * stride;
    if (lastLength < RECORD_OVERHEAD) throw new EncryptedFileError('truncated', `${label} ends inside a record (${fileSize} bytes).`);
    const sizeBytes = (recordCount - 1) * recordBytes + lastLength - RECORD_OVERHEAD;
    const reader = new EncryptedFileReader(handle, key, fileHeader, recordBytes, recordCount, sizeBytes, label);
    await reader.record(recordCount - 1); // the last record must verify as the last one
    return reader;
  }

  /** Up to `length` plaintext bytes from `offset` (fewer at the end); decrypts only the records needed. */
  async read(offset: number, length: number): Promise<Buffer> {
    const end = Math.min(this.sizeBytes, offset + Math.max(0, length));
    if (offset >= end) return Buffer.alloc(0);
    const first = Math.floor(offset / this.recordBytes);
    const last = Math.floor((end - 1) / this.recordBytes);
    const parts: Buffer[] = [];
    for (let index = first; index <= last; index++) parts.push(await this.record(index));
    const start = offset - first * this.recordBytes;
    return Buffer.concat(parts).subarray(start, start + (end - offset));
  }

  async readAll(): Promise<Buffer> {
    return this.read(0, this.sizeBytes);
  }

  close(): Promise<void> {
    return this.handle.close();
  }

  private async record(index: number): Promise<Buffer> {
    const stride = this.recordBytes + RECORD_OVERHEAD;
    const last = index === this.recordCount - 1;
    const length = last ? this.sizeBytes - index * this.recordBytes + RECORD_OVERHEAD : stride;
    const record = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(record, 0, length, HEADER_BYTES + index * stride);
    if (bytesRead < length) throw new EncryptedFileError('truncated', `${this.label} shrank while it was read.`);
    const plaintext = openRecord(this.key, this.fileHeader, index, last, record);
    if (plaintext) return plaintext;
    // A last record that verifies as a middle one: the file was cut at a record boundary.
    if (last && openRecord(this.key, this.fileHeader, index, false, record)) {
      throw new EncryptedFileError('truncated', `${this.label} is cut short: its last ${this.recordBytes}-byte record is missing.`);
    }
    throw new EncryptedFileError(
      'corrupt',
      `${this.label} is damaged or was encrypted with another key (record ${index} does not verify).`,
    );
  }
}

/** Writes `data` as an encrypted file at `path` (via a temporary name, so a crash leaves no half file). */
export async function writeEncryptedFile(path: string, data: string | Uint8Array, key: Uint8Array): Promise<void> {
  const temporary = `${path}.encrypting`;
  const writer = await EncryptedFileWriter.create(temporary, key);
  try {
    await writer.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    await writer.close();
  } catch (error) {
    await writer.abandon().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  await rename(temporary, path);
}

/**
 * Encrypts the plaintext file `source` into `target` (a fresh file, synced before it returns). The
 * caller renames it into place; `source` is left as it is.
 */
export async function encryptFileTo(source: string, target: string, key: Uint8Array): Promise<void> {
  const writer = await EncryptedFileWriter.create(target, key);
  const input = await open(source, 'r');
  try {
    const buffer = Buffer.alloc(DEFAULT_RECORD_BYTES);
    for (;;) {
      const { bytesRead } = await input.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      await writer.write(buffer.subarray(0, bytesRead));
    }
    await writer.close();
  } catch (error) {
    await writer.abandon().catch(() => undefined);
    await rm(target, { force: true });
    throw error;
  } finally {
    await input.close();
  }
}

/** The whole plaintext of an encrypted file. */
export async function readEncryptedFile(path: string, key: Uint8Array): Promise<Buffer> {
  const reader = await EncryptedFileReader.open(path, key);
  try {
    return await reader.readAll();
  } finally {
    await reader.close();
  }
}
