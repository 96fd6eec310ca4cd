import { open, type FileHandle } from 'node:fs/promises';
import { AudioError } from './audio-error';

/**
 * Random-access bytes of an encoded file. The decoder reads the header and the tail through this
 * before committing to a full decode, so a 2 GB file is never read whole just to be rejected.
 */
export interface ByteSource {
  readonly sizeBytes: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the source). */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export function memoryByteSource(bytes: Uint8Array): ByteSource {
  return {
    sizeBytes: bytes.byteLength,
    read: async (offset, length) => bytes.subarray(offset, Math.min(bytes.byteLength, offset + length)),
    close: async () => {},
  };
}

export async function openFileByteSource(path: string): Promise<ByteSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileOpenError(path, error);
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new AudioError('unreadable', `"${path}" is not a regular file.`);
  }
  return {
    sizeBytes: stats.size,
    async read(offset, length) {
      const size = Math.max(0, Math.min(length, stats.size - offset));
      const buffer = new Uint8Array(size);
      let filled = 0;
      while (filled < size) {
        const { bytesRead } = await handle.read(buffer, filled, size - filled, offset + filled);
        if (bytesRead === 0) break; // file shrank while we read it
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    },
    close: () => handle.close(),
  };
}

function fileOpenError(path: string, error: unknown): AudioError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AudioError('file_not_found', `Audio file not found: "${path}".`, { cause: error });
  if (code === 'EISDIR') return new AudioError('unreadable', `"${path}" is a folder, not an audio file.`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM') {
    return new AudioError('unreadable', `No permission to read "${path}".`, { cause: error });
  }
  return new AudioError('unreadable', `Could not open "${path}": ${(error as Error).message}`, { cause: error });
}
