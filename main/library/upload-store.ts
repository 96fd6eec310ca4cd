// Files arriving from the page in chunks (the page has no file paths in the browser host, and one
// giant message would stall the socket). Each upload is written to incoming/ as it arrives, hashing
// as it goes, and must arrive in order and complete. A page can't hold the host's file handles
// hostage (issue 14): uploads open at once are capped per client and in all, one that stops arriving
// is dropped after an idle timeout, a client's uploads go with it when it disconnects, and `.part`
// files a previous run left behind are removed when the store starts.
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors/app-error';
import { EncryptedFileWriter } from '../security/encrypted-file';
import { openPrivateFile } from '../store/private-files';

interface Upload {
  /** The connection that began it (router Caller.clientId). */
  clientId: string;
  name: string;
  sizeBytes: number;
  path: string;
  /** The .part file: plain, or encrypted as it arrives when the library is (issue 14). */
  handle: FileHandle | EncryptedFileWriter;
  received: number;
  hash: Hash;
  idleTimer: NodeJS.Timeout;
}

export interface UploadLimits {
  /** Largest file accepted, in bytes; default 2 GiB. */
  maxBytes?: number;
  /** Uploads open at the same time, all clients together; default 16. */
  maxOpen?: number;
  /** Uploads one client may hold open; default 4 (an import sends its files one after another). */
  maxOpenPerClient?: number;
  /** An upload with no chunk for this long is cancelled; default 5 minutes. */
  idleTimeoutMs?: number;
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
  private readonly maxBytes: number;
  private readonly maxOpen: number;
  private readonly maxOpenPerClient: number;
  private readonly idleTimeoutMs: number;

  constructor(
    private readonly incomingDir: string,
    limits: UploadLimits = {},
    /** The file key of an encrypted library: uploads never reach the disk in plaintext. */
    private readonly fileKey?: Uint8Array,
  ) {
    this.maxBytes = limits.maxBytes ?? 2 * 1024 ** 3;
    this.maxOpen = limits.maxOpen ?? 16;
    this.maxOpenPerClient = limits.maxOpenPerClient ?? 4;
    this.idleTimeoutMs = limits.idleTimeoutMs ?? 5 * 60_000;
  }

  /**
   * Removes the `.part` files an earlier run left in incoming/ (a crash or kill mid-upload); call once
   * at start, before any upload begins. Returns how many there were.
   */
  removeOrphans(): number {
    let removed = 0;
    for (const entry of readdirSync(this.incomingDir)) {
      if (!entry.endsWith('.part') || this.uploads.has(entry.slice(0, -'.part'.length))) continue;
      rmSync(join(this.incomingDir, entry), { force: true });
      removed++;
    }
    return removed;
  }

  /** Opens an upload for `clientId` (the router's caller); refused past the per-client or overall cap. */
  async begin(name: string, sizeBytes: number, clientId = 'local'): Promise<string> {
    if (sizeBytes > this.maxBytes)
      throw new AppError('too_large', `"${name}" is ${sizeBytes} bytes; the most the app imports is ${this.maxBytes}.`);
    const ofClient = [...this.uploads.values()].filter((upload) => upload.clientId === clientId).length;
    if (ofClient >= this.maxOpenPerClient) {
      throw new AppError(
        'too_many_uploads',
        `This window already has ${ofClient} uploads open (at most ${this.maxOpenPerClient}); finish or cancel one before starting "${name}".`,
      );
    }
    if (this.uploads.size >= this.maxOpen) {
      throw new AppError(
        'too_many_uploads',
        `${this.uploads.size} uploads are already open across all windows (at most ${this.maxOpen}); finish or cancel one before starting "${name}".`,
      );
    }
    const id = randomUUID();
    const path = join(this.incomingDir, `${id}.part`);
    const handle = this.fileKey ? await EncryptedFileWriter.create(path, this.fileKey) : await openPrivateFile(path);
    this.uploads.set(id, {
      clientId,
      name,
      sizeBytes,
      path,
      handle,
      received: 0,
      hash: createHash('sha256'),
      idleTimer: this.idleTimer(id),
    });
    return id;
  }

  /** Uploads open now. */
  get openCount(): number {
    return this.uploads.size;
  }

  private idleTimer(id: string): NodeJS.Timeout {
    return setTimeout(() => void this.cancel(id), this.idleTimeoutMs).unref();
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
    upload.idleTimer.refresh();
    return upload.received;
  }

  /** Closes a complete upload and hands its file over (the caller owns it from now on). */
  async complete(id: string): Promise<CompletedUpload> {
    const upload = this.require(id);
    this.uploads.delete(id);
    clearTimeout(upload.idleTimer);
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
    clearTimeout(upload.idleTimer);
    await upload.handle.close();
    await rm(upload.path, { force: true });
  }

  /** Cancels the uploads of a client that went away: nobody is left to finish them. */
  async cancelClient(clientId: string): Promise<void> {
    const ids = [...this.uploads].filter(([, upload]) => upload.clientId === clientId).map(([id]) => id);
    await Promise.all(ids.map((id) => this.cancel(id)));
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
