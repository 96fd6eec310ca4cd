// Builds the library-area services and their handlers over one database.
import type { EventBus } from '../../ipc/event-bus';
import { AnalysisClient } from '../../analysis/analysis-client';
import { ExplanationService } from '../../analysis/explanation-service';
import type { ModelRegistry } from '../../models/model-registry';
import { LiveEmotionEstimator } from '../../recording/live-emotion';
import { libraryFolders } from '../../library/library-folders';
import { LibraryService } from '../../library/library-service';
import { UploadStore } from '../../library/upload-store';
import { RecordingService } from '../../recording/recording-service';
import type { SqliteDatabase } from '../../store/database';
import { ReviewRepository } from '../../store/review-repository';
import { analysisHandlers, recordingsHandlers, reviewHandlers } from './analysis-handlers';
import { calibrationHandlers } from './calibration-handlers';
import type { HandlerGroup, LibraryContext } from './context';
import { exportHandlers } from './export-handlers';
import { importHandlers, libraryHandlers } from './library-handlers';
import { modelHandlers } from './model-handlers';
import { recordingHandlers } from './recording-handlers';
import { createResearchArea, type ResearchAreaHandlers } from './research-area';

type LibraryAreaHandlers = HandlerGroup<'library' | 'import' | 'analysis' | 'recordings' | 'review' | 'export' | 'recording' | 'models' | 'calibration'> & ResearchAreaHandlers;

export interface LibraryArea {
  handlers: LibraryAreaHandlers;
  close(): Promise<void>;
}

export function createLibraryArea(db: SqliteDatabase, dataDir: string, models: ModelRegistry, events: EventBus, log: (line: string) => void): LibraryArea {
  const folders = libraryFolders(dataDir);
  const analysis = new AnalysisClient(log);
  const library = new LibraryService(db, folders, analysis);
  const uploads = new UploadStore(folders.incoming);
  // Uploads a previous run never finished can't be resumed (the page that sent them is gone).
  const orphans = uploads.removeOrphans();
  if (orphans > 0) log(`library: removed ${orphans} unfinished upload(s) left by an earlier run`);
  const ctx: LibraryContext = {
    models,
    explanations: new ExplanationService(library, analysis, events, log),
    liveEmotion: new LiveEmotionEstimator(analysis, (estimate) => events.emit('recording.emotionEstimate', estimate), log),
    library,
    reviews: new ReviewRepository(db),
    uploads,
    recordings: new RecordingService(folders.partial, library),
    folders,
    events,
    log,
  };
  const research = createResearchArea({ db, dataDir, models, events, log });
  return {
    handlers: {
      ...research.handlers,
      ...libraryHandlers(ctx),
      ...importHandlers(ctx),
      ...analysisHandlers(ctx),
      ...recordingsHandlers(ctx),
      ...reviewHandlers(ctx),
      ...exportHandlers(ctx),
      ...recordingHandlers(ctx),
      ...calibrationHandlers(ctx),
      ...modelHandlers(models, events),
    },
    close: async () => {
      await research.close();
      await ctx.recordings.closeAll();
      await ctx.uploads.cancelAll();
      await analysis.close();
      models.purgeRemoved();
    },
  };
}
