// What the handler groups share: the services behind the library, review, export and recording areas.
import type { RequestChannel } from '../../../shared/ipc/contract';
import type { EventBus } from '../../ipc/event-bus';
import type { Handlers } from '../../ipc/router';
import type { LibraryFolders } from '../../library/library-folders';
import type { LibraryService } from '../../library/library-service';
import type { UploadStore } from '../../library/upload-store';
import type { RecordingService } from '../../recording/recording-service';
import type { ReviewRepository } from '../../store/review-repository';

export interface LibraryContext {
  library: LibraryService;
  reviews: ReviewRepository;
  uploads: UploadStore;
  recordings: RecordingService;
  folders: LibraryFolders;
  events: EventBus;
  log: (line: string) => void;
}

/** The handlers of the channels whose names start with `Prefix`. */
export type HandlerGroup<Prefix extends string> = Pick<Handlers, Extract<RequestChannel, `${Prefix}.${string}`>>;
