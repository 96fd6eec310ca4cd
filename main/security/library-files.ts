// How the library stores and reads its own files: encrypted (encrypted-file.ts) when the library has
// a key, as plain 0600 files when it hasn't. Reads look at each file's magic, not at the setting, so
// a library part-way through its migration reads both kinds.
import { open, rename, rm } from 'node:fs/promises';
import { AppError } from '../../shared/errors/app-error';
import { writePrivateFile } from '../store/private-files';
import { EncryptedFileError, EncryptedFileReader, encryptFileTo, isEncryptedFile, writeEncryptedFile } from './encrypted-file';
import type { LibraryKey } from './library-key';

export class LibraryFiles {
  private readonly key: Buffer | null;

  constructor(libraryKey: LibraryKey | null = null) {
    this.key = libraryKey ? libraryKey.fileKey() : null;
  }

  get encrypted(): boolean {
    return this.key !== null;
  }

  /** The key the analysis worker decrypts stored recordings with; undefined for a plaintext library. */
  get decodeKey(): Uint8Array | undefined {
    return this.key ?? undefined;
  }

  /**
   * Moves a finished file into the library; an encrypted library encrypts it and removes the
   * plaintext (an upload that arrived encrypted is only renamed).
   */
  async adopt(source: string, target: string): Promise<void> {
    if (!this.key || (await isEncryptedFile(source))) {
      await rename(source, target);
      return;
    }
    await encryptFileTo(source, `${target}.encrypting`, this.key);
    await rename(`${target}.encrypting`, target);
    await rm(source, { force: true });
  }

  /** Writes a whole library file (a saved report). */
  async write(path: string, data: string): Promise<void> {
    if (this.key) await writeEncryptedFile(path, data, this.key);
    else await writePrivateFile(path, data);
  }

  /** A byte range of a stored file's plaintext and the plaintext's size; damage is an AppError. */
  async readRange(path: string, offset: number, length: number): Promise<{ bytes: Buffer; totalBytes: number }> {
    if (await isEncryptedFile(path)) {
      if (!this.key) throw new AppError('database_locked', 'This recording is encrypted and the library is locked.');
      try {
        const reader = await EncryptedFileReader.open(path, this.key);
        try {
          return { bytes: await reader.read(offset, length), totalBytes: reader.sizeBytes };
        } finally {
          await reader.close();
        }
      } catch (error) {
        if (error instanceof EncryptedFileError) throw new AppError(error.code === 'truncated' ? 'truncated' : 'corrupt', error.message);
        throw error;
      }
    }
    const handle = await open(path, 'r');
    try {
      const totalBytes = (await handle.stat()).size;
      const bytes = Buffer.alloc(Math.max(0, Math.min(length, totalBytes - offset)));
      if (bytes.length > 0) await handle.read(bytes, 0, bytes.length, offset);
      return { bytes, totalBytes };
    } finally {
      await handle.close();
    }
  }
}
