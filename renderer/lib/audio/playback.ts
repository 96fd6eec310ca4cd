// Playback source of a library recording: its stored file fetched over IPC in 4 MiB ranges into a
// blob URL for an <audio> element (the CSP allows media from blob:).
import type { Api } from '../../../shared/ipc/api';
import { fromBase64 } from '../bytes';

const RANGE_BYTES = 4 * 1024 * 1024;

export async function loadPlaybackUrl(api: Api, recordingId: string): Promise<string> {
  const parts: Uint8Array[] = [];
  let offset = 0;
  let total = Infinity;
  let mimeType = 'audio/wav';
  while (offset < total) {
    const range = await api.recordings.audioChunk({ recordingId, offset, length: RANGE_BYTES });
    if (!range.ok) throw new Error(range.error.message);
    const bytes = fromBase64(range.value.dataBase64);
    total = range.value.totalBytes;
    mimeType = range.value.mimeType;
    if (bytes.length === 0) break;
    parts.push(bytes);
    offset += bytes.length;
  }
  return URL.createObjectURL(new Blob(parts as BlobPart[], { type: mimeType }));
}
