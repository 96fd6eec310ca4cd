// Playback source of a dataset clip: its file fetched over IPC in 4 MiB ranges into a blob URL for an
// <audio> element (as the Library's recordings are; the CSP allows media from blob:).
import type { Api } from '../../../shared/ipc/api';
import { fromBase64 } from '../../lib/bytes';

const RANGE_BYTES = 4 * 1024 * 1024;

/** The clip's bytes as a Blob (for the waveform) and a blob URL of it (for the player). */
export async function loadClip(api: Api, datasetId: string, index: number): Promise<{ blob: Blob; url: string }> {
  const parts: Uint8Array[] = [];
  let offset = 0;
  let total = Infinity;
  let mimeType = 'audio/wav';
  while (offset < total) {
    const range = await api.datasets.audioChunk({ datasetId, index, offset, length: RANGE_BYTES });
    if (!range.ok) throw new Error(`${range.error.code}: ${range.error.message}`);
    const bytes = fromBase64(range.value.dataBase64);
    total = range.value.totalBytes;
    mimeType = range.value.mimeType;
    if (bytes.length === 0) break;
    parts.push(bytes);
    offset += bytes.length;
  }
  const blob = new Blob(parts as BlobPart[], { type: mimeType });
  return { blob, url: URL.createObjectURL(blob) };
}
