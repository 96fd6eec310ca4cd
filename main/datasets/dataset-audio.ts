// Byte ranges of a dataset clip's audio file, for playback from a blob in the page. Only paths the
// import found (stored clips) are passed here.
import { open } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors/app-error';

const MIME_BY_EXTENSION: Record<string, string> = {
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.webm': 'audio/webm',
};

/** Up to `length` bytes of `audioPath` from `offset`, base64, with the file's size and MIME type. */
export async function readClipChunk(
  audioPath: string,
  offset: number,
  length: number,
): Promise<{ dataBase64: string; totalBytes: number; mimeType: string }> {
  let handle;
  try {
    handle = await open(audioPath, 'r');
  } catch (error) {
    throw new AppError('file_not_found', `The clip "${audioPath}" cannot be read any more: ${(error as Error).message}`);
  }
  try {
    const totalBytes = (await handle.stat()).size;
    const buffer = Buffer.alloc(Math.max(0, Math.min(length, totalBytes - offset)));
    if (buffer.length > 0) await handle.read(buffer, 0, buffer.length, offset);
    return {
      dataBase64: buffer.toString('base64'),
      totalBytes,
      mimeType: MIME_BY_EXTENSION[path.extname(audioPath).toLowerCase()] ?? 'application/octet-stream',
    };
  } finally {
    await handle.close();
  }
}
