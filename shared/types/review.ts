// A clinician's review of one recording's analysis: the label decision, four 1–5 ratings of the
// explanation (the EmotionThinker paper's human-evaluation axes), notes, and an append-only history.
import { z } from 'zod';
import { recordingIdSchema } from './library';
import type { RatingAspect } from './review-fields';

/** A 1–5 rating, or null while unrated. */
export const ratingSchema = z.number().int().min(1).max(5).nullable();

/** The four ratings. */
export const ratingsSchema = z.object({
  factualAlignment: ratingSchema,
  interpretativeQuality: ratingSchema,
  captionCompleteness: ratingSchema,
  fluency: ratingSchema,
} satisfies Record<RatingAspect, typeof ratingSchema>);
/** The four ratings. */
export type Ratings = z.infer<typeof ratingsSchema>;

/** Whether the reviewer kept the model's label or set another. */
export const labelDecisionSchema = z.enum(['accepted', 'corrected']);
/** Whether the reviewer kept the model's label or set another. */
export type LabelDecision = z.infer<typeof labelDecisionSchema>;

/** The current state of a recording's review. */
export const reviewSchema = z.object({
  recordingId: recordingIdSchema,
  label: z.string().nullable(),
  labelDecision: labelDecisionSchema.nullable(),
  ratings: ratingsSchema,
  notes: z.string(),
  reviewer: z.string(),
  /** Who the recording is of, as the clinician writes it (name or record number); printed on the report. */
  patient: z.string(),
  /** When the session was (the clinician's words or a date), for the report. */
  sessionDate: z.string(),
  /** Where, by whom, which task: the session's context as the clinician writes it, for the report. */
  sessionDetails: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** The current state of a recording's review. */
export type Review = z.infer<typeof reviewSchema>;

/** Fields a review change may set (any subset). */
export const reviewChangesSchema = z
  .object({
    label: z.string().max(50).nullable(),
    labelDecision: labelDecisionSchema.nullable(),
    ratings: ratingsSchema.partial().strict(),
    notes: z.string().max(20_000),
    reviewer: z.string().max(200),
    patient: z.string().max(200),
    sessionDate: z.string().max(100),
    sessionDetails: z.string().max(2_000),
  })
  .partial()
  .strict();
/** Fields a review change may set. */
export type ReviewChanges = z.infer<typeof reviewChangesSchema>;

/** One saved change in a review's history. */
export const reviewEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  reviewer: z.string(),
  changes: reviewChangesSchema,
});
/** One saved change in a review's history. */
export type ReviewEvent = z.infer<typeof reviewEventSchema>;

/** A review with its history, newest change first. */
export const reviewWithHistorySchema = z.object({
  review: reviewSchema.nullable(),
  history: z.array(reviewEventSchema),
});
/** A review with its history. */
export type ReviewWithHistory = z.infer<typeof reviewWithHistorySchema>;
