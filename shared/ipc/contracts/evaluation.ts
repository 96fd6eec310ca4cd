// The evaluation area's channels, spread into the one contract (../contract.ts).
import { z } from 'zod';
import { exportedFileSchema } from '../../types/export';
import { evaluationIdSchema, evaluationRecordSchema, evaluationRequestSchema, evaluationSummarySchema } from '../../types/evaluation';
import type { EventSpec, RequestSpec } from '../contract-spec';

const byId = z.object({ id: evaluationIdSchema }).strict();

export const evaluationRequests = {
  'evaluation.start': {
    payload: evaluationRequestSchema,
    response: evaluationSummarySchema,
    doc: 'Starts evaluating a model on a dataset split or a corpus folder in its own process; progress follows as evaluation.progress.',
  },
  'evaluation.list': {
    payload: z.object({}).strict(),
    response: z.array(evaluationSummarySchema),
    doc: 'Every stored evaluation, newest first, running ones with their progress.',
  },
  'evaluation.get': {
    payload: byId,
    response: evaluationRecordSchema,
    doc: 'One evaluation: its request, progress and (when done) its result.',
  },
  'evaluation.cancel': {
    payload: byId,
    response: evaluationSummarySchema,
    doc: 'Stops a running evaluation (its process is ended; nothing partial is kept).',
  },
  'evaluation.delete': {
    payload: byId,
    response: z.object({ undoWindowMs: z.number().int().nonnegative() }),
    doc: 'Hides a finished, failed or cancelled evaluation at once; evaluation.restore brings it back within the undo window, after which its file is removed.',
  },
  'evaluation.restore': {
    payload: byId,
    response: evaluationSummarySchema,
    doc: 'Undoes evaluation.delete while its undo window is open: the evaluation and its results are back as they were.',
  },
  'evaluation.export': {
    payload: z.object({ id: evaluationIdSchema, format: z.enum(['json', 'csv']) }).strict(),
    response: exportedFileSchema.extend({ path: z.string() }),
    doc: "A finished evaluation as JSON (everything) or CSV (systems, per-class recall, confusion matrices, per-corpus table); also saved in the data folder's exports/.",
  },
} as const satisfies Record<string, RequestSpec>;

export const evaluationEvents = {
  'evaluation.progress': {
    payload: evaluationSummarySchema,
    doc: 'An evaluation moved on (stage, clips done) or ended (done, failed, cancelled).',
  },
} as const satisfies Record<string, EventSpec>;
