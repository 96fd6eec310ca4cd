// A recording in progress in an encrypted library (issue 14): an append-only journal in partial/,
// one AES-256-GCM entry per acknowledged chunk, so no PCM reaches the disk in plaintext while the
// microphone records or after a crash. At stop or recovery it is converted to the library's
// encrypted file format (encrypted-file.ts) holding a plain WAV.
//
//   header (32 bytes): magic "ETRECJNL" | version u16 (1: 16-bit PCM) | sample rate u32 | channels u16
//                      | journal id (16)
//   entries: PCM bytes u32 | nonce (12) | ciphertext (16-bit PCM, interleaved) | GCM tag (16)
//
// Each entry's tag covers the header, its index and its length, so entries can't be moved between
// journals, reordered or resized. An entry is written with one write before its chunk is
// acknowledged (kill -9 loses no acknowledged chunk: the page cache survives the process) and the
// file is synced once per second of audio, as IncrementalWavWriter does. A kill can tear only the
// last entry; reading stops at the first entry that is torn or does not verify.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { recoverWavFile, wavHeader } from '../audio';
import { floatToPcm16 } from '../audio/wav-writer';
import { parseWavHeader } from '../audio/wav-header';
import { CodedError } from '../../shared/errors/coded-error';
import { openPrivateFile } from '../store/private-files';
import { EncryptedFileWriter } from './encrypted-file';

export const JOURNAL_MAGIC = Buffer.from('ETRECJNL', 'ascii');
export const JOURNAL_VERSION = 1;
export const JOURNAL_HEADER_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Bytes an entry adds to its PCM: the length field, the nonce and the tag. */
export const JOURNAL_ENTRY_OVERHEAD = 4 + NONCE_BYTES + TAG_BYTES;
/** No chunk the recorder writes comes near this; a larger length field is damage. */
const MAX_ENTRY_BYTES = 16 * 1024 * 1024;
const BYTES_PER_SAMPLE = 2;

export type JournalErrorCode = 'not_journal' | 'unsupported_version' | 'truncated' | 'corrupt';

/** A file that is not a recording journal this app can read. */
export class JournalError extends CodedError<JournalErrorCode> {}

export interface JournalFormat {
  sampleRate: number;
  channels: number;
}

/** What a finished or converted journal holds. */
export interface JournalSummary {
  path: string;
  durationS: number;
  dataBytes: number;
}

function journalHeader(format: JournalFormat, journalId: Buffer): Buffer {
  const out = Buffer.alloc(JOURNAL_HEADER_BYTES);
  JOURNAL_MAGIC.copy(out, 0);
  out.writeUInt16BE(JOURNAL_VERSION, 8);
  out.writeUInt32BE(format.sampleRate, 10);
  out.writeUInt16BE(format.channels, 14);
  journalId.copy(out, 16);
  return out;
}

function entryAad(header: Buffer, index: number, length: number): Buffer {
  const aad = Buffer.alloc(JOURNAL_HEADER_BYTES + 12);
  header.copy(aad, 0);
  aad.writeUInt32BE(Math.floor(index / 2 ** 32), JOURNAL_HEADER_BYTES);
  aad.writeUInt32BE(index % 2 ** 32, JOURNAL_HEADER_BYTES + 4);
  aad.writeUInt32BE(length, JOURNAL_HEADER_BYTES + 8);
  return aad;
}

function checkKey(key: Uint8Array): Buffer {
  if (key.length !== 32) throw new RangeError(`An AES-256 key is 32 bytes, not ${key.length}.`);
  return Buffer.from(key);
}

/** Appends sealed chunks to a journal; the same calls as IncrementalWavWriter. */
export class EncryptedJournalWriter {
  private dataBytes = 0;
  private bytesAtLastSync = 0;
  private position = JOURNAL_HEADER_BYTES;
  private index = 0;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly syncEveryBytes: number;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly key: Buffer,
    private readonly header: Buffer,
    readonly format: JournalFormat,
    syncIntervalS: number,
  ) {
    this.syncEveryBytes = Math.max(1, Math.round(syncIntervalS * format.sampleRate)) * format.channels * BYTES_PER_SAMPLE;
  }

  /** Creates (or replaces) `path`, 0600, holding only the header. */
  static async create(path: string, key: Uint8Array, format: JournalFormat & { syncIntervalS?: number }): Promise<EncryptedJournalWriter> {
    const { sampleRate, channels } = format;
    if (
      !(
        Number.isInteger(sampleRate) &&
        sampleRate > 0 &&
        sampleRate < 2 ** 32 &&
        Number.isInteger(channels) &&
        channels > 0 &&
        channels < 65_536
      )
    ) {
      throw new RangeError(`a recording journal needs a positive integer rate and channel count (got ${sampleRate} Hz, ${channels} ch)`);
    }
    const secret = checkKey(key);
    const header = journalHeader({ sampleRate, channels }, randomBytes(16));
    const handle = await openPrivateFile(path);
    try {
      await handle.write(header, 0, JOURNAL_HEADER_BYTES, 0);
      await handle.datasync();
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new EncryptedJournalWriter(path, handle, secret, header, { sampleRate, channels }, format.syncIntervalS ?? 1);
  }

  /** Seconds of audio appended so far. */
  get durationS(): number {
    return this.dataBytes / (this.format.channels * BYTES_PER_SAMPLE) / this.format.sampleRate;
  }

  /** Seals one chunk of interleaved samples (Float32 in [-1, 1] or Int16) as one entry; calls are queued. */
  append(samples: Float32Array | Int16Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`The recording journal "${this.path}" is closed`));
    if (samples.length % this.format.channels !== 0) {
      return Promise.reject(
        new RangeError(`chunk of ${samples.length} samples is not a whole number of ${this.format.channels}-channel frames`),
      );
    }
    if (samples.length === 0) return this.queue;
    const pcm = samples instanceof Int16Array ? samples.slice() : floatToPcm16(samples);
    const plaintext = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    return this.enqueue(async () => {
      const entry = this.seal(plaintext);
      await this.handle.write(entry, 0, entry.length, this.position);
      this.position += entry.length;
      this.index += 1;
      this.dataBytes += plaintext.length;
      if (this.dataBytes - this.bytesAtLastSync >= this.syncEveryBytes) await this.sync();
    });
  }

  /** Syncs and closes. Returns what the journal holds. */
  close(): Promise<JournalSummary> {
    if (this.closed) return Promise.reject(new Error(`The recording journal "${this.path}" is already closed`));
    this.closed = true;
    return this.enqueue(async () => {
      try {
        await this.sync();
      } finally {
        await this.handle.close();
      }
    }).then(() => ({ path: this.path, durationS: this.durationS, dataBytes: this.dataBytes }));
  }

  private seal(plaintext: Uint8Array): Buffer {
    if (plaintext.length > MAX_ENTRY_BYTES)
      throw new RangeError(`a recording chunk of ${plaintext.length} bytes is larger than a journal entry holds`);
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(entryAad(this.header, this.index, plaintext.length));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(plaintext.length, 0);
    return Buffer.concat([length, nonce, body, cipher.getAuthTag()]);
  }

  private async sync(): Promise<void> {
    await this.handle.datasync();
    this.bytesAtLastSync = this.dataBytes;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => {}); // one failed write must not wedge every later call
    return run;
  }
}

/** Sequential reads through a 1 MiB window: a journal has one small entry per chunk. */
class WindowReader {
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /** `length` bytes at `position`, or null when the file ends before them. */
  async read(position: number, length: number): Promise<Buffer | null> {
    if (position + length > this.size) return null;
    if (position < this.windowStart || position + length > this.windowStart + this.window.length) {
      const buffer = Buffer.alloc(Math.min(Math.max(length, 1 << 20), this.size - position));
      const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, position);
      this.window = buffer.subarray(0, bytesRead);
      this.windowStart = position;
      if (bytesRead < length) return null;
    }
    return this.window.subarray(position - this.windowStart, position - this.windowStart + length);
  }
}

/** True when the file at `path` starts with the journal's magic. */
export async function isRecordingJournal(path: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(JOURNAL_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(JOURNAL_MAGIC);
  } finally {
    await handle.close();
  }
}

export interface JournalScan extends JournalFormat {
  /** Whole entries (verified when a key was given), in order. */
  entries: number;
  dataBytes: number;
  durationS: number;
  /** Bytes after the last whole entry: a torn or damaged last write. */
  droppedBytes: number;
}

/**
 * Walks a journal's entries, up to the first one that is torn (or, with a key, does not verify), and
 * hands each entry's PCM to `onEntry` (with a key). Without a key only the length fields are read:
 * enough to list an interrupted recording's duration without unlocking anything.
 */
export async function scanJournal(
  path: string,
  key: Uint8Array | null,
  onEntry?: (pcm: Buffer) => void | Promise<void>,
): Promise<JournalScan> {
  const secret = key ? checkKey(key) : null;
  const handle = await open(path, 'r');
  try {
    const reader = new WindowReader(handle, (await handle.stat()).size);
    const header = await reader.read(0, JOURNAL_HEADER_BYTES);
    if (!header || !header.subarray(0, 8).equals(JOURNAL_MAGIC)) {
      if (header === null && reader.size >= 8 && (await reader.read(0, 8))!.equals(JOURNAL_MAGIC)) {
        throw new JournalError('truncated', `"${path}" ends inside its header.`);
      }
      throw new JournalError('not_journal', `"${path}" is not a recording journal.`);
    }
    const fixed = Buffer.from(header); // the window moves on; the AAD needs the header as it was
    const version = fixed.readUInt16BE(8);
    if (version !== JOURNAL_VERSION)
      throw new JournalError(
        'unsupported_version',
        `"${path}" is a recording journal of version ${version}; this app reads version ${JOURNAL_VERSION}.`,
      );
    const format = { sampleRate: fixed.readUInt32BE(10), channels: fixed.readUInt16BE(14) };
    if (format.sampleRate === 0 || format.channels === 0)
      throw new JournalError('corrupt', `"${path}" has an impossible format (${format.sampleRate} Hz, ${format.channels} ch).`);
    const frameBytes = format.channels * BYTES_PER_SAMPLE;
    let position = JOURNAL_HEADER_BYTES;
    let entries = 0;
    let dataBytes = 0;
    for (;;) {
      const prefix = await reader.read(position, 4);
      if (!prefix) break;
      const length = prefix.readUInt32BE(0);
      if (length === 0 || length > MAX_ENTRY_BYTES || length % frameBytes !== 0) break;
      const rest = await reader.read(position + 4, length + NONCE_BYTES + TAG_BYTES);
      if (!rest) break;
      if (secret) {
        const pcm = openEntry(secret, fixed, entries, length, rest);
        if (!pcm) break;
        await onEntry?.(pcm);
      }
      position += 4 + rest.length;
      entries += 1;
      dataBytes += length;
    }
    return { ...format, entries, dataBytes, durationS: dataBytes / frameBytes / format.sampleRate, droppedBytes: reader.size - position };
  } finally {
    await handle.close();
  }
}

function openEntry(key: Buffer, header: Buffer, index: number, length: number, sealed: Buffer): Buffer | null {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(entryAad(header, index, length));
  decipher.setAuthTag(sealed.subarray(NONCE_BYTES + length));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, NONCE_BYTES + length)), decipher.final()]);
  } catch {
    return null;
  }
}

/** A journal converted to the library's encrypted format: what joins the library. */
export interface ConvertedJournal extends JournalScan {
  /** SHA-256 of the plaintext WAV (the library's duplicate check compares plaintexts). */
  contentHash: string;
  /** Bytes of the plaintext WAV. */
  sizeBytes: number;
}

/**
 * Writes the audio of every whole, verified entry of the journal at `path` as a 16-bit WAV, encrypted
 * (encrypted-file.ts), to `target` (synced before it returns). A journal without audio writes nothing.
 * The journal itself is left as it is: the caller removes it once the WAV is in the library.
 */
export async function convertJournal(path: string, target: string, key: Uint8Array): Promise<ConvertedJournal> {
  // The WAV header needs the data size first: one pass counts the verified entries, one writes them.
  const scan = await scanJournal(path, key);
  const hash = createHash('sha256');
  const sizeBytes = scan.dataBytes > 0 ? 44 + scan.dataBytes : 0;
  if (scan.dataBytes === 0) return { ...scan, contentHash: hash.digest('hex'), sizeBytes };
  const writer = await EncryptedFileWriter.create(target, key);
  try {
    const head = wavHeader({ sampleRate: scan.sampleRate, channels: scan.channels, sampleFormat: 'pcm16', dataBytes: scan.dataBytes });
    hash.update(head);
    await writer.write(head);
    let written = 0;
    let entries = 0;
    await scanJournal(path, key, async (pcm) => {
      if (entries++ >= scan.entries) return; // appended after the count (not by this app): left out
      hash.update(pcm);
      written += pcm.length;
      await writer.write(pcm);
    });
    if (written !== scan.dataBytes) throw new JournalError('corrupt', `"${path}" changed while it was converted.`);
    await writer.close();
  } catch (error) {
    await writer.abandon().catch(() => undefined);
    await rm(target, { force: true });
    throw error;
  }
  return { ...scan, contentHash: hash.digest('hex'), sizeBytes };
}

/**
 * Turns a plaintext WAV left in partial/ (recorded before encryption was on) into a journal at
 * `journalPath` (written under a temporary name, then renamed) and removes the WAV, so an interrupted
 * recording stays recoverable and no longer lies on disk in plaintext. A torn header is repaired first.
 */
export async function journalFromWav(wavPath: string, journalPath: string, key: Uint8Array): Promise<JournalSummary> {
  await recoverWavFile(wavPath);
  const input = await open(wavPath, 'r');
  const temporary = `${journalPath}.sealing`;
  let writer: EncryptedJournalWriter | null = null;
  try {
    const head = Buffer.alloc(Math.min((await input.stat()).size, 65_536));
    await input.read(head, 0, head.length, 0);
    const parsed = parseWavHeader(head);
    if (!parsed.ok || parsed.header.codec !== 'pcm' || parsed.header.bitsPerSample !== 16) {
      throw new JournalError('not_journal', `"${wavPath}" is not a 16-bit PCM recording.`);
    }
    const { sampleRate, channels, dataOffset, declaredDataBytes } = parsed.header;
    writer = await EncryptedJournalWriter.create(temporary, key, { sampleRate, channels });
    // A second of audio per entry, whole frames only.
    const step = Math.max(1, sampleRate) * channels * BYTES_PER_SAMPLE;
    const buffer = Buffer.alloc(step);
    for (let at = 0; at < declaredDataBytes; at += step) {
      const { bytesRead } = await input.read(buffer, 0, Math.min(step, declaredDataBytes - at), dataOffset + at);
      if (bytesRead === 0) break;
      const whole = bytesRead - (bytesRead % (channels * BYTES_PER_SAMPLE));
      await writer.append(new Int16Array(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + whole)));
    }
    const summary = await writer.close();
    writer = null;
    await rename(temporary, journalPath);
    await rm(wavPath, { force: true });
    return { ...summary, path: journalPath };
  } catch (error) {
    if (writer) await writer.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await input.close();
  }
}
