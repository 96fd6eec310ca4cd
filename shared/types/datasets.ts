// The Datasets area over IPC: imported corpus folders, their counts, label mapping, problems, the
// EmotionCoT build and the records it wrote. Importer-level types (DatasetItem, LabelMapping, …) are
// in ./dataset.ts; these are what the page sees of a stored dataset.
import { z } from 'zod';
import { evidenceClaimSchema } from './analysis-view';
import type { DatasetFormat, DatasetSplit } from './dataset';

/** Id of an imported dataset (a random UUID minted by main). */
export const datasetIdSchema = z.string().regex(/^[0-9a-f-]{36}$/, 'not a dataset id');

/** Corpus layouts the importer reads (schema twin of DatasetFormat). */
export const datasetFormatSchema = z.enum(['ravdess', 'crema-d', 'emodb', 'esd', 'iemocap', 'csv']) satisfies z.ZodType<DatasetFormat>;

/** A split (schema twin of DatasetSplit). */
export const datasetSplitSchema = z.enum(['train', 'validation', 'test']) satisfies z.ZodType<DatasetSplit>;

/** A model label a corpus label maps to: a short word or phrase (letters first). */
export const modelLabelSchema = z
  .string()
  .trim()
  .regex(/^\p{L}[\p{L}\p{N} _-]{0,39}$/u, 'a label is 1–40 letters, digits, spaces, _ or -, starting with a letter');

/** Corpus label → model label, or null to leave the label out on purpose. */
export const labelMappingSchema = z.record(z.string().min(1).max(100), modelLabelSchema.nullable());

/** A clip or manifest row that could not be used, with its error code (e.g. not_audio, file_not_found). */
export const datasetProblemSchema = z.object({
  audioPath: z.string(),
  code: z.string(),
  message: z.string(),
  /** Where it was found: reading the folder, or decoding/analyzing the clip during the EmotionCoT build. */
  stage: z.enum(['import', 'build']),
});
/** A clip or manifest row that could not be used. */
export type DatasetProblem = z.infer<typeof datasetProblemSchema>;

/** Clips per split. */
export const splitCountsSchema = z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() });

/** State of a dataset's EmotionCoT build. */
export const cotBuildStatusSchema = z.enum(['none', 'running', 'done', 'failed', 'cancelled', 'interrupted']);
/** State of a dataset's EmotionCoT build. */
export type CotBuildStatus = z.infer<typeof cotBuildStatusSchema>;

/** Where a build is, as data: the builder's phases plus 'split' (writing the per-split files). */
export const cotBuildPhaseSchema = z.enum(['import', 'analyze', 'write', 'split', 'done']);

/** One progress report of an import or a build. */
export const datasetProgressSchema = z.object({
  datasetId: datasetIdSchema,
  job: z.enum(['import', 'build']),
  /** import: read → found → stored; build: cotBuildPhaseSchema. */
  phase: z.enum(['read', 'found', 'stored', 'import', 'analyze', 'write', 'split', 'done']),
  done: z.number().int(),
  total: z.number().int(),
  /** Clips whose analysis came from the build's cache (a resumed or repeated build). */
  cached: z.number().int(),
  /** Clips that failed to decode or analyze so far. */
  failed: z.number().int(),
  /** Records kept from an earlier, interrupted run of the build. */
  resumed: z.number().int(),
  elapsedMs: z.number(),
});
/** One progress report of an import or a build. */
export type DatasetProgress = z.infer<typeof datasetProgressSchema>;

/** The EmotionCoT build of a dataset. */
export const cotBuildStateSchema = z.object({
  status: cotBuildStatusSchema,
  /** The label mapping changed since the build: the records carry the old labels until rebuilt. */
  stale: z.boolean(),
  records: z.number().int(),
  /** Clips the build set out to analyze (mapped clips). */
  total: z.number().int(),
  /** Records per split, from the per-split training files. */
  splits: splitCountsSchema,
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The last progress report of a running build. */
  progress: datasetProgressSchema.nullable(),
});
/** The EmotionCoT build of a dataset. */
export type CotBuildState = z.infer<typeof cotBuildStateSchema>;

/** A dataset as the list shows it. */
export const datasetSummarySchema = z.object({
  id: datasetIdSchema,
  name: z.string(),
  folder: z.string(),
  format: datasetFormatSchema,
  corpus: z.string(),
  licence: z.string(),
  /** Clips found by the importer. */
  items: z.number().int(),
  /** Clips with a label under the current mapping. */
  clips: z.number().int(),
  createdAt: z.string(),
  build: cotBuildStateSchema,
});
/** A dataset as the list shows it. */
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

/** One corpus label, how often it occurs and what the mapping makes of it. */
export const sourceLabelCountSchema = z.object({
  sourceLabel: z.string(),
  count: z.number().int(),
  /** The model label; null = left out on purpose; undefined = not in the mapping (unknown). */
  mappedTo: z.string().nullable().optional(),
});

/** One speaker: gender, split and clip count (mapped clips). */
export const speakerCountSchema = z.object({
  speaker: z.string(),
  gender: z.enum(['female', 'male']).nullable(),
  split: datasetSplitSchema,
  clips: z.number().int(),
});

/** Counts of the mapped clips. */
export const datasetCountsSchema = z.object({
  /** Model label → clips per split. */
  byLabel: z.array(
    z.object({ label: z.string(), train: z.number().int(), validation: z.number().int(), test: z.number().int(), total: z.number().int() }),
  ),
  bySpeaker: z.array(speakerCountSchema),
  byGender: z.object({ female: z.number().int(), male: z.number().int(), unknown: z.number().int() }),
  bySplit: splitCountsSchema,
});
/** Counts of the mapped clips. */
export type DatasetCounts = z.infer<typeof datasetCountsSchema>;

/** Everything the dataset page shows. */
export const datasetDetailsSchema = datasetSummarySchema.extend({
  labelMapping: labelMappingSchema,
  sourceLabels: z.array(sourceLabelCountSchema),
  /** Corpus labels with no entry in the mapping, with up to three example files. */
  unknownLabels: z.array(z.object({ sourceLabel: z.string(), count: z.number().int(), examples: z.array(z.string()) })),
  counts: datasetCountsSchema,
  /** Up to 500 problems (import and build), and how many there are in all. */
  problems: z.array(datasetProblemSchema),
  problemCount: z.number().int(),
});
/** Everything the dataset page shows. */
export type DatasetDetails = z.infer<typeof datasetDetailsSchema>;

/** What to import: a folder (or a CSV manifest file) the user typed, with optional choices. */
export const datasetImportRequestSchema = z
  .object({
    path: z.string().trim().min(1, 'type the folder path').max(4096),
    name: z.string().trim().max(120).optional(),
    /** Layout; detected from the file names when absent. */
    format: datasetFormatSchema.optional(),
    licence: z.string().trim().max(200).optional(),
    /** Speakers held out for validation / test (ids or their numbers); otherwise 20 % of speakers, seeded. */
    validationSpeakers: z.array(z.string().trim().min(1).max(100)).max(1000).optional(),
    testSpeakers: z.array(z.string().trim().min(1).max(100)).max(1000).optional(),
  })
  .strict();
/** What to import. */
export type DatasetImportRequest = z.infer<typeof datasetImportRequestSchema>;

/** Which records to list. */
export const datasetRecordQuerySchema = z
  .object({
    datasetId: datasetIdSchema,
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(200).default(50),
    split: datasetSplitSchema.optional(),
    label: z.string().max(100).optional(),
    /** Only clips with (true) or without (false) a built EmotionCoT record. */
    built: z.boolean().optional(),
  })
  .strict();
/** Which records to list. */
export type DatasetRecordQuery = z.input<typeof datasetRecordQuerySchema>;

/** One clip of a dataset in the records list. */
export const datasetRecordRowSchema = z.object({
  /** Position of the clip in the dataset (stable: the import order). */
  index: z.number().int(),
  /** Path relative to the dataset folder. */
  file: z.string(),
  speaker: z.string(),
  gender: z.enum(['female', 'male']).nullable(),
  sourceLabel: z.string(),
  /** Model label under the current mapping; null when left out or unknown. */
  label: z.string().nullable(),
  split: datasetSplitSchema,
  /** The clip has an EmotionCoT record. */
  built: z.boolean(),
  /** Why the build could not use the clip (decode error), when it could not. */
  problem: z.object({ code: z.string(), message: z.string() }).nullable(),
});
/** One clip of a dataset in the records list. */
export type DatasetRecordRow = z.infer<typeof datasetRecordRowSchema>;

/** A page of records. */
export const datasetRecordPageSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(datasetRecordRowSchema),
});
/** A page of records. */
export type DatasetRecordPage = z.infer<typeof datasetRecordPageSchema>;

/** One clip with its EmotionCoT record and the evidence checker's verdicts on its trace. */
export const datasetRecordSchema = z.object({
  row: datasetRecordRowSchema,
  /** Null until the build wrote the clip's record. */
  record: z
    .object({
      /** The label the record was built with (may differ from row.label while the build is stale). */
      label: z.string(),
      levels: z.object({ pitch: z.string(), energy: z.string(), speed: z.string(), calibration: z.string(), mode: z.string() }),
      intonation: z.string(),
      caption: z.string(),
      reasoning: z.string(),
      target: z.string(),
      durationS: z.number(),
      medianF0Hz: z.number().nullable(),
      rateSylPerS: z.number().nullable(),
      claims: z.array(evidenceClaimSchema),
      verified: z.number().int(),
      contradicted: z.number().int(),
      unverifiable: z.number().int(),
    })
    .nullable(),
});
/** One clip with its EmotionCoT record and verdicts. */
export type DatasetRecord = z.infer<typeof datasetRecordSchema>;
