// The composition root of the library area: builds its services over one database (library,
// uploads, recordings, explanations, live estimate, reviews) and hands each handler group the part it
// uses. The one place above the handlers that reaches the store: handlers/ sits on these services.
import type { EventBus } from '../ipc/event-bus';
import { AnalysisClient } from '../analysis/analysis-client';
import { ExplanationService } from '../analysis/explanation-service';
import type { ModelRegistry } from '../installed-models/model-registry';
import { LiveEmotionEstimator } from '../recording/live-emotion';
import { libraryFolders } from '../store/library-folders';
import { LibraryService } from '../library/library-service';
import { UploadStore } from '../library/upload-store';
import { RecordingService } from '../recording/recording-service';
import type { LibraryFiles } from '../security/library-files';
import type { SqliteDatabase } from '../store/database';
import { NO_PDF_PRINTER, type PdfPrinter } from '../reports/pdf-printer';
import { ReviewService } from '../reviews/review-service';
import { analysisHandlers, recordingsHandlers, reviewHandlers } from './handlers/analysis-handlers';
import { calibrationHandlers } from './handlers/calibration-handlers';
import type { HandlerGroup, LibraryContext } from './handlers/context';
import { exportHandlers } from './handlers/export-handlers';
import { importHandlers, libraryHandlers } from './handlers/library-handlers';
import { modelHandlers } from './handlers/model-handlers';
import { recordingHandlers } from './handlers/recording-handlers';
import { composeResearchArea, type ResearchAreaHandlers } from './compose-research-area';

type LibraryAreaHandlers = HandlerGroup<
  'library' | 'import' | 'analysis' | 'recordings' | 'review' | 'export' | 'recording' | 'models' | 'calibration'
> &
  ResearchAreaHandlers;

export interface LibraryArea {
  handlers: LibraryAreaHandlers;
  /** A client went away: its recordings are closed (kept as interrupted) and its uploads cancelled. */
  clientGone(clientId: string): Promise<void>;
  close(): Promise<void>;
}

/** `files`: how the library stores its recordings and reports (an unlocked LibraryFiles for an encrypted library). */
export function composeLibraryArea(
  db: SqliteDatabase,
  dataDir: string,
  models: ModelRegistry,
  events: EventBus,
  log: (line: string) => void,
  files?: LibraryFiles,
  pdf: PdfPrinter = NO_PDF_PRINTER,
): LibraryArea {
  const folders = libraryFolders(dataDir);
  const analysis = new AnalysisClient(log);
  const library = new LibraryService(db, folders, analysis, files);
  const uploads = new UploadStore(folders.incoming, {}, library.files.decodeKey);
  // Uploads a previous run never finished can't be resumed (the page that sent them is gone).
  const orphans = uploads.removeOrphans();
  if (orphans > 0) log(`library: removed ${orphans} unfinished upload(s) left by an earlier run`);
  const liveEmotion = new LiveEmotionEstimator(analysis, (estimate) => events.emit('recording.emotionEstimate', estimate), log);
  const recordings = new RecordingService(folders.partial, library, {
    onClosed: ({ sessionId, reason, durationS }) => {
      liveEmotion.end(sessionId);
      log(`recording ${sessionId} closed without a stop (${reason}); ${durationS.toFixed(1)} s kept as an interrupted recording`);
    },
  });
  // Recordings with audio from an earlier run stay for the recovery banner; empty ones go.
  const emptyRecordings = recordings.removeEmptyOrphans();
  if (emptyRecordings > 0) log(`recording: removed ${emptyRecordings} empty recording(s) left by an earlier run`);
  const reviews = new ReviewService(db, library);
  const ctx: LibraryContext = {
    models,
    explanations: new ExplanationService(library, analysis, events, log),
    liveEmotion,
    library,
    reviews,
    uploads,
    recordings,
    events,
    pdf,
    log,
  };
  const research = composeResearchArea({ db, dataDir, models, events, log, reviews });
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
    clientGone: async (clientId) => {
      await Promise.all([recordings.clientGone(clientId), uploads.cancelClient(clientId)]);
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
