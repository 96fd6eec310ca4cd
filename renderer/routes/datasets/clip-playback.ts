// Playback source of a dataset clip, through the same range reader as the Library's recordings.
import type { Api } from '../../../shared/ipc/api';
import { fetchAudioBlob } from '../../lib/audio/playback';

/** The clip's bytes as a Blob (for the waveform) and a blob URL of it (for the player). */
export async function loadClip(api: Api, datasetId: string, index: number): Promise<{ blob: Blob; url: string }> {
  const blob = await fetchAudioBlob(
    (offset, length) => api.datasets.audioChunk({ datasetId, index, offset, length }),
    (error) => `${error.code}: ${error.message}`,
  );
  return { blob, url: URL.createObjectURL(blob) };
}
