// Recording to disk so a crash costs at most the last second: IncrementalWavWriter appends PCM to a
// WAV whose header sizes are patched and fsynced once per second of audio, and recoverWavFile repairs
// the header of a file whose writer died between those points (sizes taken from the file length).
import { open, type FileHandle } from 'node:fs/promises';
import type { RecordingSampleFormat } from '../../shared/types/audio';
import { openPrivateFile } from '../store/private-files';
import { AudioError } from './audio-error';
import { parseWavHeader } from './wav-header';

export interface WavWriterOptions {
  sampleRate: number;
  channels: number;
  /** 'pcm16' (default; half the disk of float) or 'float32' (keeps what the device gave, unclipped). */
  sampleFormat?: RecordingSampleFormat;
  /** Seconds of audio between header patch + fsync; default 1 (the most a crash may lose). */
  syncIntervalS?: number;
}

/** What a finished or recovered recording holds. */
export interface WavFileSummary {
  path: string;
  durationS: number;
  dataBytes: number;
}

const HEADER_BYTES = 44;

/** A canonical 44-byte WAV header (fmt chunk of 16 bytes, then the data chunk). */
export function wavHeader(options: {
  sampleRate: number;
  channels: number;
  sampleFormat: RecordingSampleFormat;
  dataBytes: number;
}): Uint8Array {
  const bytesPerSample = options.sampleFormat === 'pcm16' ? 2 : 4;
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  const text = (at: number, value: string) => [...value].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + options.dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, options.sampleFormat === 'pcm16' ? 1 : 3, true); // 1 = integer PCM, 3 = IEEE float
  view.setUint16(22, options.channels, true);
  view.setUint32(24, options.sampleRate, true);
  view.setUint32(28, options.sampleRate * options.channels * bytesPerSample, true);
  view.setUint16(32, options.channels * bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  text(36, 'data');
  view.setUint32(40, options.dataBytes, true);
  return header;
}

export class IncrementalWavWriter {
  private dataBytes = 0;
  private bytesAtLastSync = 0;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly bytesPerFrame: number;
  private readonly syncEveryBytes: number;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly sampleRate: number,
    readonly channels: number,
    readonly sampleFormat: RecordingSampleFormat,
    syncIntervalS: number,
  ) {
    this.bytesPerFrame = channels * (sampleFormat === 'pcm16' ? 2 : 4);
    this.syncEveryBytes = Math.max(1, Math.round(syncIntervalS * sampleRate)) * this.bytesPerFrame;
  }

  /** Create (or overwrite) `path` with an empty WAV and keep it open for appending. */
  static async create(path: string, options: WavWriterOptions): Promise<IncrementalWavWriter> {
    const { sampleRate, channels } = options;
    if (!(Number.isInteger(sampleRate) && sampleRate > 0 && Number.isInteger(channels) && channels > 0)) {
      throw new RangeError(`a WAV needs a positive integer rate and channel count (got ${sampleRate} Hz, ${channels} ch)`);
    }
    const sampleFormat = options.sampleFormat ?? 'pcm16';
    // Recordings are patient data: 0600 from the first byte (issue 14).
    const handle = await openPrivateFile(path);
    await handle.write(wavHeader({ sampleRate, channels, sampleFormat, dataBytes: 0 }), 0, HEADER_BYTES, 0);
    return new IncrementalWavWriter(path, handle, sampleRate, channels, sampleFormat, options.syncIntervalS ?? 1);
  }

  /** Seconds of audio appended so far. */
  get durationS(): number {
    return this.dataBytes / this.bytesPerFrame / this.sampleRate;
  }

  /** Append interleaved samples (Float32 in [-1, 1] or Int16). Calls are queued, so order is kept. */
  append(samples: Float32Array | Int16Array): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`IncrementalWavWriter for "${this.path}" is closed`));
    if (samples.length % this.channels !== 0) {
      return Promise.reject(new RangeError(`chunk of ${samples.length} samples is not a whole number of ${this.channels}-channel frames`));
    }
    const bytes = this.encode(samples);
    return this.enqueue(async () => {
      await this.handle.write(bytes, 0, bytes.length, HEADER_BYTES + this.dataBytes);
      this.dataBytes += bytes.length;
      if (this.dataBytes - this.bytesAtLastSync >= this.syncEveryBytes) await this.syncHeader();
    });
  }

  /** Patch the final sizes, fsync and close. Returns what the file holds. */
  close(): Promise<WavFileSummary> {
    if (this.closed) return Promise.reject(new Error(`IncrementalWavWriter for "${this.path}" is already closed`));
    this.closed = true;
    return this.enqueue(async () => {
      await this.syncHeader();
      await this.handle.close();
    }).then(() => ({ path: this.path, durationS: this.durationS, dataBytes: this.dataBytes }));
  }

  private async syncHeader(): Promise<void> {
    const sizes = new DataView(new ArrayBuffer(4));
    sizes.setUint32(0, 36 + this.dataBytes, true);
    await this.handle.write(new Uint8Array(sizes.buffer), 0, 4, 4);
    sizes.setUint32(0, this.dataBytes, true);
    await this.handle.write(new Uint8Array(sizes.buffer), 0, 4, 40);
    await this.handle.datasync();
    this.bytesAtLastSync = this.dataBytes;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => {}); // one failed write must not wedge every later call
    return run;
  }

  private encode(samples: Float32Array | Int16Array): Uint8Array {
    if (this.sampleFormat === 'pcm16') {
      if (samples instanceof Int16Array) return new Uint8Array(samples.slice().buffer);
      return new Uint8Array(floatToPcm16(samples).buffer);
    }
    const float = samples instanceof Int16Array ? Float32Array.from(samples, (v) => v / 32768) : samples.slice();
    return new Uint8Array(float.buffer);
  }
}

/** Float samples as 16-bit PCM, clamped to [-1, 1] (NaN → 0), full scale on both sides. */
export function floatToPcm16(samples: Float32Array): Int16Array {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const value = Math.max(-1, Math.min(1, samples[i]! || 0));
    pcm[i] = Math.round(value < 0 ? value * 32768 : value * 32767);
  }
  return pcm;
}

/** A whole mono 16-bit PCM WAV file in memory (for fixtures and small exports). */
export function encodeWavPcm16(samples: Float32Array, sampleRate: number): Uint8Array {
  const pcm = floatToPcm16(samples);
  const header = wavHeader({ sampleRate, channels: 1, sampleFormat: 'pcm16', dataBytes: pcm.byteLength });
  const bytes = new Uint8Array(header.length + pcm.byteLength);
  bytes.set(header);
  bytes.set(new Uint8Array(pcm.buffer), header.length);
  return bytes;
}

/**
 * Repair the header of a WAV whose writer died (RIFF and data sizes from the file length, a torn last
 * frame cut off) and return what it holds. A file whose header already matches is left untouched.
 */
export async function recoverWavFile(path: string): Promise<WavFileSummary & { repaired: boolean }> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new AudioError(
      missing ? 'file_not_found' : 'unreadable',
      `${missing ? 'Recording not found' : 'Cannot open recording'}: "${path}".`,
      { cause: error },
    );
  }
  try {
    const size = (await handle.stat()).size;
    const head = new Uint8Array(Math.min(size, 65_536));
    await handle.read(head, 0, head.length, 0);
    const parsed = parseWavHeader(head);
    if (!parsed.ok) {
      const code = parsed.reason === 'not_wav' ? 'not_audio' : size === 0 ? 'empty_file' : 'corrupt';
      throw new AudioError(code, `"${path}" can't be recovered as a WAV: ${parsed.detail}.`);
    }
    const { dataOffset, declaredDataBytes, blockAlign, sampleRate, dataSizeFieldOffset } = parsed.header;
    const dataBytes = Math.floor(Math.max(0, size - dataOffset) / blockAlign) * blockAlign;
    const riffSize = new DataView(head.buffer).getUint32(4, true);
    const intact = riffSize + 8 === size && declaredDataBytes <= size - dataOffset && declaredDataBytes > 0;
    const summary = { path, durationS: (intact ? declaredDataBytes : dataBytes) / blockAlign / sampleRate };
    if (intact) return { ...summary, dataBytes: declaredDataBytes, repaired: false };
    if (dataOffset + dataBytes < size) await handle.truncate(dataOffset + dataBytes);
    const sizes = new DataView(new ArrayBuffer(4));
    sizes.setUint32(0, dataOffset - 8 + dataBytes, true);
    await handle.write(new Uint8Array(sizes.buffer), 0, 4, 4);
    sizes.setUint32(0, dataBytes, true);
    await handle.write(new Uint8Array(sizes.buffer), 0, 4, dataSizeFieldOffset);
    await handle.datasync();
    return { ...summary, dataBytes, repaired: true };
  } finally {
    await handle.close();
  }
}
