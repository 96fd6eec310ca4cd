// Recordings in the library, as the Library and Import views list them, and the queries over them.
import { z } from 'zod';

/** Id of a recording: a random UUID minted by main. */
export const recordingIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'not a recording id');

/** How a recording entered the library. */
export const recordingSourceSchema = z.enum(['import', 'recording']);

/** One row of the library: the file, its latest analysis and whether someone reviewed it. */
export const recordingSummarySchema = z.object({
  id: recordingIdSchema,
  originalName: z.string(),
  source: recordingSourceSchema,
  /** Container/codec the decoder found, e.g. "wav/pcm16". */
  format: z.string(),
  durationS: z.number().nonnegative(),
  sizeBytes: z.number().int().nonnegative(),
  /** SHA-256 of the file's bytes (hex). */
  contentHash: z.string(),
  createdAt: z.string(),
  /** The reviewed label if there is one, else the model's label, else null. */
  label: z.string().nullable(),
  /** Model of the latest analysis; null when it ran without an emotion model. */
  modelId: z.string().nullable(),
  reviewed: z.boolean(),
  analyzedAt: z.string().nullable(),
  /** One-sentence prosody caption of the latest analysis. */
  caption: z.string().nullable(),
});
/** One row of the library. */
export type RecordingSummary = z.infer<typeof recordingSummarySchema>;

/** Sort orders the library offers. */
export const librarySortSchema = z.enum(['newest', 'oldest', 'name', 'longest', 'shortest']);
/** Sort orders the library offers. */
export type LibrarySort = z.infer<typeof librarySortSchema>;

/** Search, filters and sort of a library listing; every field optional. */
export const libraryQuerySchema = z
  .object({
    /** Case-insensitive substring of the name or caption. */
    search: z.string().max(200).optional(),
    label: z.string().max(50).optional(),
    reviewed: z.enum(['any', 'reviewed', 'unreviewed']).optional(),
    /** ISO dates (inclusive) on the created time. */
    from: z.string().max(40).optional(),
    to: z.string().max(40).optional(),
    /** A model id, or 'none' for analyses made without an emotion model. */
    model: z.string().max(200).optional(),
    sort: librarySortSchema.optional(),
  })
  .strict();
/** Search, filters and sort of a library listing. */
export type LibraryQuery = z.infer<typeof libraryQuerySchema>;

/** A library listing with the values the filter menus offer. */
export const libraryListingSchema = z.object({
  items: z.array(recordingSummarySchema),
  facets: z.object({ labels: z.array(z.string()), models: z.array(z.string()) }),
});
/** A library listing with the values the filter menus offer. */
export type LibraryListing = z.infer<typeof libraryListingSchema>;

/** A failure tied to one file or recording, shown inline in a per-file list. */
export const itemErrorSchema = z.object({ code: z.string(), message: z.string() });
/** A failure tied to one file or recording. */
export type ItemError = z.infer<typeof itemErrorSchema>;

/** Where one imported file stands. */
export const importStageSchema = z.enum(['uploading', 'decoding', 'analyzing', 'done', 'failed']);
/** Where one imported file stands. */
export type ImportStage = z.infer<typeof importStageSchema>;

/** Progress of one file's import, pushed as it moves through upload, decoding and analysis. */
export const importProgressSchema = z.object({
  uploadId: z.string(),
  name: z.string(),
  stage: importStageSchema,
  /** 0..1 within the whole import of this file. */
  fraction: z.number().min(0).max(1),
  recordingId: recordingIdSchema.optional(),
  /** Set when the same bytes were already in the library (that recording is returned). */
  duplicate: z.boolean().optional(),
  error: itemErrorSchema.optional(),
});
/** Progress of one file's import. */
export type ImportProgress = z.infer<typeof importProgressSchema>;

/** Progress of a bulk re-analysis. */
export const reanalyzeProgressSchema = z.object({
  jobId: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  current: z.string().nullable(),
  failures: z.array(z.object({ recordingId: z.string(), name: z.string(), error: itemErrorSchema })),
  finished: z.boolean(),
});
/** Progress of a bulk re-analysis. */
export type ReanalyzeProgress = z.infer<typeof reanalyzeProgressSchema>;
