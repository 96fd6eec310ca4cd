// What the handler groups share: the services behind the library, review, export and recording areas,
// and the researcher's (datasets, training, evaluation). Handlers sit on services, never on the store.
import type { RequestChannel } from '../../../shared/ipc/contract';
import type { EventBus } from '../../ipc/event-bus';
import type { Handlers } from '../../ipc/router';
import type { LibraryService } from '../../library/library-service';
import type { UploadStore } from '../../library/upload-store';
import type { ExplanationService } from '../../analysis/explanation-service';
import type { ModelRegistry } from '../../installed-models/model-registry';
import type { LiveEmotionEstimator } from '../../recording/live-emotion';
import type { RecordingService } from '../../recording/recording-service';
import type { ReviewService } from '../../reviews/review-service';
import type { DatasetCatalog } from '../../datasets/dataset-catalog';
import type { PdfPrinter } from '../../reports/pdf-printer';
import { describeError } from '../../../shared/errors/coded-error';

/**
 * Every service the library-area handlers are built from (the composition root, main/host/compose-library-area.ts,
 * makes one). Each handler group takes only the part it uses: `Uses<'library' | 'events'>`.
 */
export interface LibraryContext {
  library: LibraryService;
  reviews: ReviewService;
  uploads: UploadStore;
  recordings: RecordingService;
  models: ModelRegistry;
  explanations: ExplanationService;
  liveEmotion: LiveEmotionEstimator;
  events: EventBus;
  /** The shell's report printer (Electron printToPDF, headless Chromium, or none). */
  pdf: PdfPrinter;
  log: (line: string) => void;
}

/** What the researcher's handler groups are built from (main/host/compose-research-area.ts makes one). */
export interface ResearchContext {
  /** The app's data folder (datasets, jobs and evaluations live in subfolders of it). */
  dataDir: string;
  models: ModelRegistry;
  events: EventBus;
  log: (line: string) => void;
  /** The imported datasets, as training and evaluation see them. */
  datasets: DatasetCatalog;
  /** The clinicians' reviews, whose rated explanations a reward-model job reads. */
  reviews: Pick<ReviewService, 'ratedExplanations'>;
  /** Registers work to finish when the app closes (stop workers, flush files). */
  onClose(task: () => Promise<void>): void;
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
