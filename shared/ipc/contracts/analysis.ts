// What the Analyze view draws and asks of the emotion model for one recording: its analysis, the
// waveform and spectrogram of a window, explanation runs (streamed, stored) and "explain this
// selection". Spread into the one contract (../contract.ts).
import { z } from 'zod';
import {
  analysisViewSchema,
  spectrogramSchema,
  timelineSegmentSchema,
  timeWindowRequestSchema,
  waveformEnvelopeSchema,
} from '../../types/analysis-view';
import {
  explanationFinishedSchema,
  explanationProgressSchema,
  explanationRunSchema,
  reasoningTokensSchema,
} from '../../types/explanation-stream';
import { recordingIdSchema } from '../../types/library';
import { modelKeySchema } from '../../types/model-registry';
import type { EventSpec, RequestSpec } from '../contract-spec';

const byRecording = z.object({ recordingId: recordingIdSchema }).strict();

export const analysisRequests = {
  'analysis.get': {
    payload: byRecording,
    response: analysisViewSchema,
    doc: 'The latest analysis of a recording, ready to draw (not_found if it has none yet).',
  },
  'analysis.waveform': {
    payload: timeWindowRequestSchema,
    response: waveformEnvelopeSchema,
    doc: 'Min/max waveform envelope of a time window at a display width.',
  },
  'analysis.spectrogram': {
    payload: timeWindowRequestSchema,
    response: spectrogramSchema,
    doc: 'Spectrogram of a time window at a display width.',
  },
  'analysis.explain': {
    payload: z.object({ recordingId: recordingIdSchema, modelKey: modelKeySchema.optional() }).strict(),
    response: explanationRunSchema,
    doc: 'Runs an emotion model (the active one, or modelKey) on a recording; reasoning streams as analysis.reasoning, the result is stored as its newest analysis.',
  },
  'analysis.explainSelection': {
    payload: z
      .object({
        recordingId: recordingIdSchema,
        startS: z.number().nonnegative(),
        endS: z.number().positive(),
      })
      .strict()
      .refine((s) => s.endS > s.startS, { message: 'endS must be after startS' }),
    response: timelineSegmentSchema,
    doc: "Runs the active emotion model on one stretch of a recording (at most the model's clip limit) and returns its answer, reasoning and checked claims on the recording's time axis; nothing is stored.",
  },
  'analysis.explanationProgress': {
    payload: byRecording,
    response: z.object({ running: explanationProgressSchema.nullable(), queued: z.number().int() }),
    doc: 'The explanation run going on for a recording now (with the reasoning so far), for a page that opens mid-run.',
  },
} as const satisfies Record<string, RequestSpec>;

export const analysisEvents = {
  'analysis.explanationStarted': {
    payload: explanationRunSchema,
    doc: 'An explanation run began on a recording (its tokens follow as analysis.reasoning).',
  },
  'analysis.reasoning': {
    payload: reasoningTokensSchema,
    doc: 'Reasoning text the model just wrote, seq-numbered per run (0, 1, 2, … without gaps).',
  },
  'analysis.explanationFinished': {
    payload: explanationFinishedSchema,
    doc: 'An explanation run ended: stored as the newest analysis, or failed with its error.',
  },
} as const satisfies Record<string, EventSpec>;
