// The one IPC contract (in the manner of deta/surf's contract module): every request, response and
// event the renderer and main exchange is declared here once, as data with runtime schemas. The main
// side validates every payload against it; the preload and the WebSocket client are generated from its
// channel names (channel-names.ts, written by `npm run generate:ipc`); the renderer imports only its types.
// Numbers are finite: an undefined measure (a silent or unvoiced clip's pitch, a clip without
// syllables' rate) is null where a schema allows it, and never NaN/±Infinity (see finite.ts).
import { z } from 'zod';
import { engineStatusSchema, systemInfoSchema } from '../types/system';
import { settingsSchema } from '../types/settings';
import {
  importProgressSchema,
  libraryListingSchema,
  libraryQuerySchema,
  reanalyzeProgressSchema,
  recordingIdSchema,
  recordingSummarySchema,
} from '../types/library';
import { reviewChangesSchema, reviewWithHistorySchema, reviewSchema } from '../types/review';
import { interruptedRecordingSchema, liveFramesSchema } from '../types/recording';
import { chartImageSchema, exportedFileSchema } from '../types/export';
import { calibrationIdSchema, calibrationListingSchema, calibrationSummarySchema } from '../types/calibration';
import { modelDocumentsSchema, modelExportSchema, modelKeySchema, modelListingSchema } from '../types/model-registry';
import { liveEmotionEstimateSchema } from '../types/explanation-stream';
import type { EventSpec, RequestSpec } from './contract-spec';
import { analysisEvents, analysisRequests } from './contracts/analysis';
import { datasetEvents, datasetRequests } from './contracts/datasets';
import { evaluationEvents, evaluationRequests } from './contracts/evaluation';
import { encryptionRequests } from './contracts/encryption';
import { trainingEvents, trainingRequests } from './contracts/training';

export type { EventSpec, RequestSpec } from './contract-spec';

const noPayload = z.object({}).strict();
const byRecording = z.object({ recordingId: recordingIdSchema }).strict();
const recordingIds = z.array(recordingIdSchema).min(1).max(10_000);
/** Base64 of at most 4 MiB (5.6 M characters), so one message stays well under the transport's limit. */
const base64Chunk = z
  .string()
  .max(5_600_000)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
const uploadId = z.string().regex(/^[0-9a-f-]{36}$/);

/** Every request channel, named `area.action`; the area becomes the API namespace. */
export const requestContract = {
  'system.getInfo': {
    payload: noPayload,
    response: systemInfoSchema,
    doc: 'App, host, engine and database facts for the System page.',
  },
  'settings.get': {
    payload: noPayload,
    response: settingsSchema,
    doc: 'The stored user preferences (defaults where unset).',
  },
  'settings.update': {
    payload: settingsSchema.partial().strict(),
    response: settingsSchema,
    doc: 'Stores the given preferences at once and returns all of them.',
  },
  'library.list': {
    payload: libraryQuerySchema,
    response: libraryListingSchema,
    doc: 'Recordings not deleted, searched, filtered and sorted, with the labels and models to filter by.',
  },
  'library.get': {
    payload: byRecording,
    response: recordingSummarySchema,
    doc: 'One recording (not_found once deleted).',
  },
  'library.delete': {
    payload: z.object({ recordingIds }).strict(),
    response: z.object({ deleted: z.number().int() }),
    doc: 'Soft-deletes recordings; library.restore undoes it.',
  },
  'library.restore': {
    payload: z.object({ recordingIds }).strict(),
    response: z.object({ restored: z.number().int() }),
    doc: 'Brings soft-deleted recordings back (the undo of library.delete).',
  },
  'library.reanalyze': {
    payload: z.object({ recordingIds }).strict(),
    response: z.object({ jobId: z.string() }),
    doc: 'Re-analyzes recordings in the analysis worker; progress arrives as library.reanalyzeProgress.',
  },
  'import.begin': {
    payload: z.object({ name: z.string().min(1).max(500), sizeBytes: z.number().int().positive() }).strict(),
    response: z.object({ uploadId }),
    doc: 'Opens an upload of one file whose bytes follow in import.chunk calls.',
  },
  'import.chunk': {
    payload: z.object({ uploadId, offset: z.number().int().nonnegative(), dataBase64: base64Chunk }).strict(),
    response: z.object({ receivedBytes: z.number().int() }),
    doc: 'Appends the next chunk of an upload (offset must equal the bytes received so far).',
  },
  'import.finish': {
    payload: z.object({ uploadId }).strict(),
    response: z.object({ recording: recordingSummarySchema, duplicate: z.boolean() }),
    doc: 'Decodes and analyzes the uploaded file and adds it to the library; an undecodable file answers with its audio error code.',
  },
  'import.cancel': {
    payload: z.object({ uploadId }).strict(),
    response: z.object({}),
    doc: 'Drops an unfinished upload.',
  },
  'recordings.audioChunk': {
    payload: z
      .object({
        recordingId: recordingIdSchema,
        offset: z.number().int().nonnegative(),
        length: z
          .number()
          .int()
          .min(1)
          .max(4 * 1024 * 1024),
      })
      .strict(),
    response: z.object({ dataBase64: z.string(), totalBytes: z.number().int(), mimeType: z.string() }),
    doc: 'A byte range of the stored audio file, for playback from a blob in the page.',
  },
  ...analysisRequests,
  'models.list': {
    payload: noPayload,
    response: modelListingSchema,
    doc: 'Shipped and user model folders, validated (broken ones with their error), and which one is active.',
  },
  'models.documents': {
    payload: z.object({ key: modelKeySchema }).strict(),
    response: modelDocumentsSchema,
    doc: 'A model folder’s model card and licence texts (plain text).',
  },
  'models.setActive': {
    payload: z.object({ key: modelKeySchema.nullable() }).strict(),
    response: modelListingSchema,
    doc: 'Chooses the model analyses use (null: the shipped default).',
  },
  'models.setShowTestModels': {
    payload: z.object({ show: z.boolean() }).strict(),
    response: modelListingSchema,
    doc: 'Developer setting: list untrained test models and allow choosing them.',
  },
  'models.remove': {
    payload: z.object({ key: modelKeySchema }).strict(),
    response: z.object({ undoWindowMs: z.number().int() }),
    doc: 'Removes a user model; models.restore brings it back within the undo window.',
  },
  'models.restore': {
    payload: z.object({ key: modelKeySchema }).strict(),
    response: modelListingSchema,
    doc: 'Undoes models.remove while its undo window is open.',
  },
  'models.import': {
    payload: z.object({ path: z.string().trim().min(1).max(4096) }).strict(),
    response: z.object({ key: modelKeySchema, listing: modelListingSchema }),
    doc: 'Imports a model folder or .zip by its full path on this computer, validated in full first (manifest, graphs, tokenizer, weights); a broken one answers with the code of the bad part, an unsafe zip with zip_unsafe.',
  },
  'models.uploadBegin': {
    payload: z
      .object({
        name: z
          .string()
          .min(1)
          .max(500)
          .regex(/\.zip$/i, 'a model upload is a .zip file'),
        sizeBytes: z.number().int().positive(),
      })
      .strict(),
    response: z.object({ uploadId }),
    doc: 'Opens the upload of a model .zip picked in the page; its bytes follow in models.uploadChunk calls.',
  },
  'models.uploadChunk': {
    payload: z.object({ uploadId, offset: z.number().int().nonnegative(), dataBase64: base64Chunk }).strict(),
    response: z.object({ receivedBytes: z.number().int() }),
    doc: 'Appends the next chunk of a model upload (offset must equal the bytes received so far).',
  },
  'models.uploadFinish': {
    payload: z.object({ uploadId }).strict(),
    response: z.object({ key: modelKeySchema, listing: modelListingSchema }),
    doc: 'Imports an uploaded model .zip, validated like models.import; the upload is deleted either way.',
  },
  'models.uploadCancel': {
    payload: z.object({ uploadId }).strict(),
    response: z.object({}),
    doc: 'Drops an unfinished model upload.',
  },
  'models.export': {
    payload: z
      .object({ key: modelKeySchema, format: z.enum(['folder', 'zip']), destination: z.string().trim().min(1).max(4096).optional() })
      .strict(),
    response: modelExportSchema,
    doc: "Writes a copy of a model as a folder or .zip into the given folder (default: the data folder's exports/) and says where.",
  },
  'models.rename': {
    payload: z.object({ key: modelKeySchema, name: z.string().max(200).nullable() }).strict(),
    response: modelListingSchema,
    doc: "Sets the name the app shows for a model (null or empty: the manifest's name); the folder itself is not changed.",
  },
  'review.get': {
    payload: byRecording,
    response: reviewWithHistorySchema,
    doc: 'The current review of a recording (null if none) and its change history, newest first.',
  },
  'review.update': {
    payload: z.object({ recordingId: recordingIdSchema, changes: reviewChangesSchema }).strict(),
    response: reviewSchema,
    doc: 'Saves a review change at once and appends it to the history.',
  },
  'export.report': {
    payload: z.object({ recordingId: recordingIdSchema, charts: z.array(chartImageSchema).max(8) }).strict(),
    response: exportedFileSchema.extend({ articleHtml: z.string() }),
    doc: 'A one-page report (charts, measures, explanation, verdicts, review) as an HTML file and as article markup to show and print in the page; also saved in the data folder.',
  },
  'export.reportPdf': {
    payload: z.object({ recordingId: recordingIdSchema, charts: z.array(chartImageSchema).max(8) }).strict(),
    response: z.object({ fileName: z.string(), mimeType: z.literal('application/pdf'), base64: z.string() }),
    doc: 'The same one-page report printed to PDF by the shell (Electron printToPDF, or headless Chromium for the browser host), without the print dialog; pdf_unavailable where the shell cannot.',
  },
  'export.table': {
    payload: z.object({ recordingIds, format: z.enum(['csv', 'json']) }).strict(),
    response: exportedFileSchema,
    doc: 'One row per recording (measures, levels, caption, label, review) as CSV or JSON.',
  },
  'export.praat': {
    payload: z.object({ recordingId: recordingIdSchema, kind: z.enum(['textgrid', 'pitchtier', 'frames-csv', 'prosody-json']) }).strict(),
    response: exportedFileSchema,
    doc: 'Praat TextGrid / PitchTier, per-frame CSV or the full prosody JSON of a recording.',
  },
  'calibration.list': {
    payload: noPayload,
    response: calibrationListingSchema,
    doc: "Calibrations to the user's recordings, newest first, and which one new analyses use (null: the training corpora's tables).",
  },
  'calibration.create': {
    payload: z
      .object({
        name: z.string().trim().min(1).max(100),
        recordingIds,
        /** A recording of the speaker in a neutral voice: levels become relative to this speaker. */
        baselineRecordingId: recordingIdSchema.optional(),
        /** Make it the calibration new analyses use (default true). */
        activate: z.boolean().default(true),
      })
      .strict(),
    response: z.object({ created: calibrationSummarySchema, listing: calibrationListingSchema }),
    doc: "Measures level tertiles and the model's input statistics on the latest analyses of library recordings (at least 5 usable; too_few_clips otherwise) and stores them.",
  },
  'calibration.setActive': {
    payload: z.object({ id: calibrationIdSchema.nullable() }).strict(),
    response: calibrationListingSchema,
    doc: "Chooses the calibration new analyses use; null goes back to the training corpora's tables. Stored analyses keep the one they were made with.",
  },
  'calibration.delete': {
    payload: z.object({ id: calibrationIdSchema }).strict(),
    response: calibrationListingSchema,
    doc: 'Deletes a calibration; analyses made with it keep its name and size.',
  },
  'calibration.export': {
    payload: z.object({ id: calibrationIdSchema }).strict(),
    response: exportedFileSchema,
    doc: 'A calibration as the JSON file `emotionthinker analyze --calibration FILE` reads.',
  },
  'recording.start': {
    payload: z.object({ sampleRate: z.number().int().min(8000).max(192_000), channels: z.number().int().min(1).max(8) }).strict(),
    response: z.object({ sessionId: z.string() }),
    doc: 'Starts writing a recording to disk; PCM follows in recording.chunk calls.',
  },
  'recording.chunk': {
    payload: z.object({ sessionId: z.string(), seq: z.number().int().nonnegative(), pcmBase64: base64Chunk }).strict(),
    response: z.object({ writtenS: z.number() }),
    doc: 'Appends interleaved float32 PCM (little-endian) to a recording; live frames follow as recording.liveFrames.',
  },
  'recording.stop': {
    payload: z.object({ sessionId: z.string(), name: z.string().max(200).optional() }).strict(),
    response: recordingSummarySchema,
    doc: 'Finishes a recording, adds it to the library and analyzes it.',
  },
  'recording.listInterrupted': {
    payload: noPayload,
    response: z.array(interruptedRecordingSchema),
    doc: 'Recordings a crash or kill left unfinished, to offer for recovery.',
  },
  'recording.recover': {
    payload: z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/) }).strict(),
    response: recordingSummarySchema,
    doc: 'Repairs an interrupted recording and adds it to the library.',
  },
  'recording.discard': {
    payload: z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/) }).strict(),
    response: z.object({}),
    doc: 'Deletes an interrupted recording for good.',
  },
  // The researcher's areas keep their channels beside their own types.
  ...datasetRequests,
  ...trainingRequests,
  ...encryptionRequests,
  ...evaluationRequests,
} as const satisfies Record<string, RequestSpec>;

/** Every event main may push. */
export const eventContract = {
  'engine.statusChanged': {
    payload: engineStatusSchema,
    doc: 'The engine smoke check finished (or failed); carries the provider reports.',
  },
  'import.progress': {
    payload: importProgressSchema,
    doc: 'One imported file moved on (uploading → decoding → analyzing → done, or failed with its error).',
  },
  'library.reanalyzeProgress': {
    payload: reanalyzeProgressSchema,
    doc: 'A bulk re-analysis finished one more recording (or all of them).',
  },
  'library.changed': {
    payload: z.object({}),
    doc: 'Recordings were added, deleted, restored or re-analyzed: listings should refresh.',
  },
  'recording.liveFrames': {
    payload: liveFramesSchema,
    doc: 'Pitch and intensity frames of the recording in progress, as soon as they are final.',
  },
  'recording.emotionEstimate': {
    payload: liveEmotionEstimateSchema,
    doc: 'The active (non-test) model’s estimate for the last seconds of the recording in progress, about every 2 s.',
  },
  ...analysisEvents,
  'models.changed': {
    payload: z.object({}),
    doc: 'The model list or the active model changed.',
  },
  'calibration.changed': {
    payload: z.object({}),
    doc: 'A calibration was made, deleted or made active (or none is).',
  },
  ...datasetEvents,
  ...trainingEvents,
  ...evaluationEvents,
} as const satisfies Record<string, EventSpec>;

/** Name of a request channel. */
export type RequestChannel = keyof typeof requestContract;
/** What a caller passes on a channel. */
export type RequestPayload<C extends RequestChannel> = z.input<(typeof requestContract)[C]['payload']>;
/** What a handler receives on a channel, after validation. */
export type ValidatedPayload<C extends RequestChannel> = z.output<(typeof requestContract)[C]['payload']>;
/** What a channel answers with. */
export type ResponseOf<C extends RequestChannel> = z.output<(typeof requestContract)[C]['response']>;
/** Name of an event. */
export type EventName = keyof typeof eventContract;
/** What an event carries. */
export type EventPayload<E extends EventName> = z.output<(typeof eventContract)[E]['payload']>;

/** True when `name` is a request channel of the contract (for untrusted input). */
export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && Object.hasOwn(requestContract, name);
}

/** True when `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(eventContract, name);
}
