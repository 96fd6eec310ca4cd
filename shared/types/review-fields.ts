// The names of a review's fields, apart from the schemas in review.ts so that the page can list them
// without loading zod (review.ts checks its ratings schema against RATING_ASPECTS).

/** The four rating axes of an explanation, in display order. */
export const RATING_ASPECTS = ['factualAlignment', 'interpretativeQuality', 'captionCompleteness', 'fluency'] as const;
/** One rating axis. */
export type RatingAspect = (typeof RATING_ASPECTS)[number];

/** The typed fields of a review (saved after a pause in typing, like the notes). */
export const REVIEW_TEXT_FIELDS = ['notes', 'reviewer', 'patient', 'sessionDate', 'sessionDetails'] as const;
/** One typed field of a review. */
export type ReviewTextField = (typeof REVIEW_TEXT_FIELDS)[number];
