// Sends a dropped or picked file to main in 1 MiB chunks (the page has no file paths in the browser
// host); main decodes and analyzes it and answers with the recording or the file's audio error.
import type { Api } from '../../shared/ipc/api';
import type { RecordingSummary } from '../../shared/types/library';
import { toBase64 } from './bytes';

const CHUNK_BYTES = 1024 * 1024;

/** How one file's import ended. */
export type UploadOutcome = { ok: true; recording: RecordingSummary; duplicate: boolean } | { ok: false; code: string; message: string };

export async function uploadFile(
  api: Api,
  file: File,
  onUploaded: (fraction: number) => void,
  onBegun: (uploadId: string) => void = () => {},
): Promise<UploadOutcome> {
  if (file.size === 0) return { ok: false, code: 'empty_file', message: `"${file.name}" is empty (0 bytes).` };
  const begun = await api.import.begin({ name: file.name, sizeBytes: file.size });
  if (!begun.ok) return { ok: false, code: begun.error.code, message: begun.error.message };
  const { uploadId } = begun.value;
  onBegun(uploadId);
  for (let offset = 0; offset < file.size; offset += CHUNK_BYTES) {
    const bytes = new Uint8Array(await file.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    const sent = await api.import.chunk({ uploadId, offset, dataBase64: toBase64(bytes) });
    if (!sent.ok) {
      await api.import.cancel({ uploadId });
      return { ok: false, code: sent.error.code, message: sent.error.message };
    }
    onUploaded(Math.min(1, (offset + bytes.length) / file.size));
  }
  const finished = await api.import.finish({ uploadId });
  return finished.ok ? { ok: true, ...finished.value } : { ok: false, code: finished.error.code, message: finished.error.message };
}

/** Files of a drop, folders walked (webkitGetAsEntry is the only folder API drops offer). */
export async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return [...transfer.files];
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) files.push(await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)));
    else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const entry of entries) await walk(entry);
  return files;
}
