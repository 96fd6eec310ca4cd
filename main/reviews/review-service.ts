// The clinician's reviews of the library's recordings: the current review with its history, a change
// saved with its history entry, and the rated explanations a reasoning reward model trains on. The
// handlers sit on this service; the rows are the store's (ReviewRepository, rated-explanations).
import type { Review, ReviewChanges, ReviewEvent } from '../../shared/types/review';
import type { LibraryService } from '../library/library-service';
import type { SqliteDatabase } from '../store/database';
import { listRatedExplanations, type RatedExplanation } from '../store/rated-explanations';
import { ReviewRepository } from '../store/review-repository';

export class ReviewService {
  private readonly reviews: ReviewRepository;

  /** `recordings.get` throws not_found for a recording the library does not hold (or has deleted). */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly recordings: Pick<LibraryService, 'get'>,
  ) {
    this.reviews = new ReviewRepository(db);
  }

  /** A library recording's current review (null before its first change) and its history, newest first. */
  withHistory(recordingId: string): { review: Review | null; history: ReviewEvent[] } {
    this.recordings.get(recordingId);
    return { review: this.reviews.get(recordingId), history: this.reviews.history(recordingId) };
  }

  /** Applies a change to a library recording's review (creating it) and appends it to the history. */
  update(recordingId: string, changes: ReviewChanges): Review {
    this.recordings.get(recordingId);
    return this.reviews.update(recordingId, changes);
  }

  /** The current review of a recording the caller has already found; null when it has none. */
  get(recordingId: string): Review | null {
    return this.reviews.get(recordingId);
  }

  /** The current reviews of many recordings in one query; recordings without one are absent. */
  getMany(recordingIds: readonly string[]): Map<string, Review> {
    return this.reviews.getMany(recordingIds);
  }

  /** Every explanation a clinician rated, for the reasoning reward model (issue 12, data source (c)). */
  ratedExplanations(): RatedExplanation[] {
    return listRatedExplanations(this.db);
  }
}
