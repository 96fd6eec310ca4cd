// The dataset area's channels, spread into the one contract (../contract.ts).
import { z } from 'zod';
import {
  datasetDetailsSchema,
  datasetIdSchema,
  datasetImportRequestSchema,
  datasetProgressSchema,
  datasetRecordPageSchema,
  datasetRecordQuerySchema,
  datasetRecordSchema,
  datasetSummarySchema,
  labelMappingSchema,
} from '../../types/datasets';
import type { EventSpec, RequestSpec } from '../contract-spec';

const byDataset = z.object({ datasetId: datasetIdSchema }).strict();
const recordIndex = z.number().int().nonnegative().max(10_000_000);

export const datasetRequests = {
  'datasets.import': {
    payload: datasetImportRequestSchema,
    response: datasetDetailsSchema,
    doc: 'Reads a corpus folder (any layout the importers read, or a CSV manifest) and stores it as a dataset; progress as datasets.progress.',
  },
  'datasets.list': {
    payload: z.object({}).strict(),
    response: z.object({ items: z.array(datasetSummarySchema) }),
    doc: 'Every imported dataset, newest first, with its EmotionCoT build state.',
  },
  'datasets.get': {
    payload: byDataset,
    response: datasetDetailsSchema,
    doc: 'One dataset: counts per label, speaker, gender and split, label mapping, unknown labels, problems and build state.',
  },
  'datasets.update': {
    payload: z
      .object({
        datasetId: datasetIdSchema,
        name: z.string().trim().min(1).max(120).optional(),
        licence: z.string().trim().min(1).max(200).optional(),
      })
      .strict(),
    response: datasetDetailsSchema,
    doc: 'Renames a dataset or sets the licence its trained models carry.',
  },
  'datasets.updateLabelMapping': {
    payload: z.object({ datasetId: datasetIdSchema, labelMapping: labelMappingSchema }).strict(),
    response: datasetDetailsSchema,
    doc: 'Saves the corpus label → model label mapping (null leaves a label out); a built dataset needs a rebuild to use it.',
  },
  'datasets.buildCot': {
    payload: byDataset,
    response: datasetSummarySchema,
    doc: 'Starts (or resumes) the EmotionCoT build in a child process; progress as datasets.progress, the end as datasets.changed.',
  },
  'datasets.cancelBuild': {
    payload: byDataset,
    response: datasetSummarySchema,
    doc: 'Stops a running build; what it wrote is kept, and the next build resumes from there.',
  },
  'datasets.records': {
    payload: datasetRecordQuerySchema,
    response: datasetRecordPageSchema,
    doc: "A page of the dataset's clips (filtered by split, label, built), in import order.",
  },
  'datasets.record': {
    payload: z.object({ datasetId: datasetIdSchema, index: recordIndex }).strict(),
    response: datasetRecordSchema,
    doc: "One clip with its EmotionCoT record: levels, caption, reasoning trace and the evidence checker's verdicts.",
  },
  'datasets.audioChunk': {
    payload: z
      .object({
        datasetId: datasetIdSchema,
        index: recordIndex,
        offset: z.number().int().nonnegative(),
        length: z
          .number()
          .int()
          .min(1)
          .max(4 * 1024 * 1024),
      })
      .strict(),
    response: z.object({ dataBase64: z.string(), totalBytes: z.number().int(), mimeType: z.string() }),
    doc: "A byte range of a clip's audio file, for playback from a blob in the page.",
  },
  'datasets.delete': {
    payload: byDataset,
    response: z.object({ undoWindowMs: z.number().int().nonnegative() }),
    doc: 'Hides a dataset at once; datasets.restore brings it back within the undo window, after which its rows and built files are removed (the corpus folder is never touched).',
  },
  'datasets.restore': {
    payload: byDataset,
    response: datasetDetailsSchema,
    doc: 'Undoes datasets.delete while its undo window is open: the dataset is back exactly as it was.',
  },
} as const satisfies Record<string, RequestSpec>;

export const datasetEvents = {
  'datasets.progress': {
    payload: datasetProgressSchema,
    doc: 'Progress of an import or an EmotionCoT build (at most about 10 per second per build).',
  },
  'datasets.changed': {
    payload: z.object({ datasetId: datasetIdSchema.nullable() }),
    doc: 'A dataset was imported, edited, deleted, or its build started or ended.',
  },
} as const satisfies Record<string, EventSpec>;
