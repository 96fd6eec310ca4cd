// Files arriving from the page in chunks (the page has no file paths in the browser host, and one
// giant message would stall the socket). Each upload is written to incoming/ as it arrives, hashing
// as it goes, and must arrive in order and complete.
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../ipc/app-error';
import { openPrivateFile } from '../store/private-files';

interface Upload {
  name: string;
  sizeBytes: number;
  path: string;
  handle: FileHandle;
  received: number;
  hash: Hash;
}

/** A finished upload: the file in incoming/ and the SHA-256 of its bytes. */
export interface CompletedUpload {
  name: string;
  path: string;
  sizeBytes: number;
  contentHash: string;
}

export class UploadStore {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly incomingDir: string,
    private readonly maxBytes = 2 * 1024 ** 3,
  ) {}

  async begin(name: string, sizeBytes: number): Promise<string> {
    if (sizeBytes > this.maxBytes) throw new AppError('too_large', `"${name}" is ${sizeBytes} bytes; the most the app imports is ${this.maxBytes}.`);
    const id = randomUUID();
    const path = join(this.incomingDir, `${id}.part`);
    const handle = await openPrivateFile(path);
    this.uploads.set(id, { name, sizeBytes, path, handle, received: 0, hash: createHash('sha256') });
    return id;
  }

  nameOf(id: string): string {
    return this.require(id).name;
  }

  async append(id: string, offset: number, bytes: Uint8Array): Promise<number> {
    const upload = this.require(id);
    if (offset !== upload.received) {
      throw new AppError('conflict', `Chunk at byte ${offset} of "${upload.name}" arrived out of order (expected ${upload.received}).`);
    }
    if (upload.received + bytes.length > upload.sizeBytes) {
      throw new AppError('invalid_payload', `"${upload.name}" is larger than the ${upload.sizeBytes} bytes announced.`);
    }
    await upload.handle.write(bytes);
    upload.hash.update(bytes);
    upload.received += bytes.length;
    return upload.received;
  }

  /** Closes a complete upload and hands its file over (the caller owns it from now on). */
  async complete(id: string): Promise<CompletedUpload> {
    const upload = this.require(id);
    this.uploads.delete(id);
    await upload.handle.close();
    if (upload.received !== upload.sizeBytes) {
      await rm(upload.path, { force: true });
      throw new AppError('truncated', `"${upload.name}" arrived incomplete: ${upload.received} of ${upload.sizeBytes} bytes.`);
    }
    return { name: upload.name, path: upload.path, sizeBytes: upload.sizeBytes, contentHash: upload.hash.digest('hex') };
  }

  async cancel(id: string): Promise<void> {
    const upload = this.uploads.get(id);
    if (!upload) return;
    this.uploads.delete(id);
    await upload.handle.close();
    await rm(upload.path, { force: true });
  }

  async cancelAll(): Promise<void> {
    await Promise.all([...this.uploads.keys()].map((id) => this.cancel(id)));
  }

  private require(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new AppError('not_found', `No upload ${id} in progress.`);
    return upload;
  }
}
