// Where the library keeps its files inside the data folder.
import { join } from 'node:path';
import { makePrivateDir } from './private-files';

/** The library's folders; created on first use, 0700 like the data folder (issue 14). */
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
  const folders = {
    recordings,
    incoming: join(recordings, 'incoming'),
    partial: join(recordings, 'partial'),
    reports: join(dataDir, 'reports'),
  };
  makePrivateDir(dataDir);
  for (const dir of Object.values(folders)) makePrivateDir(dir);
  return folders;
}
