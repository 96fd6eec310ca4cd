// Playback sources: a stored audio file fetched over IPC in 4 MiB ranges into a Blob and a blob URL
// for an <audio> element (the CSP allows media from blob:). Library recordings and dataset clips use
// the same range reader; only the channel differs.
import type { Api } from '../../../shared/ipc/api';
import type { IpcError, IpcResult } from '../../../shared/ipc/result';
import { fromBase64 } from '../bytes';

const RANGE_BYTES = 4 * 1024 * 1024;

/** One range of a stored file, as the audioChunk channels answer. */
export interface AudioRange {
  dataBase64: string;
  totalBytes: number;
  mimeType: string;
}

/** Reads a whole file range by range; `describeError` words a failed read for the thrown Error. */
export async function fetchAudioBlob(
  readRange: (offset: number, length: number) => Promise<IpcResult<AudioRange>>,
  describeError: (error: IpcError) => string = (error) => error.message,
): Promise<Blob> {
  const parts: Uint8Array[] = [];
  let offset = 0;
  let total = Infinity;
  let mimeType = 'audio/wav';
  while (offset < total) {
    const range = await readRange(offset, RANGE_BYTES);
    if (!range.ok) throw new Error(describeError(range.error));
    const bytes = fromBase64(range.value.dataBase64);
    total = range.value.totalBytes;
    mimeType = range.value.mimeType;
    if (bytes.length === 0) break;
    parts.push(bytes);
    offset += bytes.length;
  }
  return new Blob(parts as BlobPart[], { type: mimeType });
}

export async function loadPlaybackUrl(api: Api, recordingId: string): Promise<string> {
  const blob = await fetchAudioBlob((offset, length) => api.recordings.audioChunk({ recordingId, offset, length }));
  return URL.createObjectURL(blob);
}
