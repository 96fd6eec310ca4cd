// Where the library keeps its files inside the data folder.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The library's folders; created on first use. */
export interface LibraryFolders {
  /** Audio files of the library, named <recording id>.<ext>. */
  recordings: string;
  /** Uploads still arriving from the page (removed when finished or cancelled). */
  incoming: string;
  /** Recordings being written from the microphone; a file left here after a crash is offered for recovery. */
  partial: string;
  /** Saved reports. */
  reports: string;
}

export function libraryFolders(dataDir: string): LibraryFolders {
  const recordings = join(dataDir, 'recordings');
  const folders = { recordings, incoming: join(recordings, 'incoming'), partial: join(recordings, 'partial'), reports: join(dataDir, 'reports') };
  for (const dir of Object.values(folders)) mkdirSync(dir, { recursive: true });
  return folders;
}
