// What the handler groups share: the services behind the library, review, export and recording areas.
import type { RequestChannel } from '../../../shared/ipc/contract';
import type { EventBus } from '../../ipc/event-bus';
import type { Handlers } from '../../ipc/router';
import type { LibraryFolders } from '../../store/library-folders';
import type { LibraryService } from '../../library/library-service';
import type { UploadStore } from '../../library/upload-store';
import type { ExplanationService } from '../../analysis/explanation-service';
import type { ModelRegistry } from '../../installed-models/model-registry';
import type { LiveEmotionEstimator } from '../../recording/live-emotion';
import type { RecordingService } from '../../recording/recording-service';
import type { ReviewRepository } from '../../store/review-repository';
import type { PdfPrinter } from '../../reports/pdf-printer';
import { describeError } from '../../../shared/errors/coded-error';

/**
 * Every service the library-area handlers are built from (the composition root, compose-library-area.ts,
 * makes one). Each handler group takes only the part it uses: `Uses<'library' | 'events'>`.
 */
export interface LibraryContext {
  library: LibraryService;
  reviews: ReviewRepository;
  uploads: UploadStore;
  recordings: RecordingService;
  folders: LibraryFolders;
  models: ModelRegistry;
  explanations: ExplanationService;
  liveEmotion: LiveEmotionEstimator;
  events: EventBus;
  /** The shell's report printer (Electron printToPDF, headless Chromium, or none). */
  pdf: PdfPrinter;
  log: (line: string) => void;
}

/** The part of the context a handler group uses. */
export type Uses<K extends keyof LibraryContext> = Pick<LibraryContext, K>;

/** What starting an explanation with the active model needs. */
export type ExplainsWithActiveModel = Uses<'models' | 'explanations' | 'log'>;

/** The handlers of the channels whose names start with `Prefix`. */
export type HandlerGroup<Prefix extends string> = Pick<Handlers, Extract<RequestChannel, `${Prefix}.${string}`>>;

/**
 * Starts an explanation run with the active model, if one is usable; resolves when it ends. Never
 * rejects: the recording is in the library either way, and a failed run reports itself as an event.
 */
export async function explainWithActiveModel(ctx: ExplainsWithActiveModel, recordingId: string): Promise<void> {
  try {
    const model = ctx.models.active();
    if (model) await ctx.explanations.start(recordingId, model).done;
  } catch (error) {
    ctx.log(`explanation of ${recordingId} not started: ${describeError(error)}`);
  }
}
