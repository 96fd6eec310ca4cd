// Builds the library-area services and their handlers over one database.
import type { EventBus } from '../../ipc/event-bus';
import { AnalysisClient } from '../../analysis/analysis-client';
import { libraryFolders } from '../../library/library-folders';
import { LibraryService } from '../../library/library-service';
import { UploadStore } from '../../library/upload-store';
import { RecordingService } from '../../recording/recording-service';
import type { SqliteDatabase } from '../../store/database';
import { ReviewRepository } from '../../store/review-repository';
import { analysisHandlers, recordingsHandlers, reviewHandlers } from './analysis-handlers';
import type { HandlerGroup, LibraryContext } from './context';
import { exportHandlers } from './export-handlers';
import { importHandlers, libraryHandlers } from './library-handlers';
import { recordingHandlers } from './recording-handlers';

type LibraryAreaHandlers = HandlerGroup<'library' | 'import' | 'analysis' | 'recordings' | 'review' | 'export' | 'recording'>;

export interface LibraryArea {
  handlers: LibraryAreaHandlers;
  close(): Promise<void>;
}

export function createLibraryArea(db: SqliteDatabase, dataDir: string, events: EventBus, log: (line: string) => void): LibraryArea {
  const folders = libraryFolders(dataDir);
  const analysis = new AnalysisClient(log);
  const library = new LibraryService(db, folders, analysis);
  const ctx: LibraryContext = {
    library,
    reviews: new ReviewRepository(db),
    uploads: new UploadStore(folders.incoming),
    recordings: new RecordingService(folders.partial, library),
    folders,
    events,
    log,
  };
  return {
    handlers: {
      ...libraryHandlers(ctx),
      ...importHandlers(ctx),
      ...analysisHandlers(ctx),
      ...recordingsHandlers(ctx),
      ...reviewHandlers(ctx),
      ...exportHandlers(ctx),
      ...recordingHandlers(ctx),
    },
    close: async () => {
      await ctx.recordings.closeAll();
      await ctx.uploads.cancelAll();
      await analysis.close();
    },
  };
}
