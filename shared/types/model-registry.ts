// The emotion models the app knows: shipped ones (resources/models/*) and the user's own
// (<data folder>/models/*, e.g. exported by training), each validated, with what the Models area shows.
import { z } from 'zod';

/** Where a model folder lives: shipped with the app (read-only) or in the user's data folder. */
export const modelOriginSchema = z.enum(['shipped', 'user']);
/** Where a model folder lives. */
export type ModelOrigin = z.infer<typeof modelOriginSchema>;

/** Registry key of a model: `<origin>:<folder name>` (manifest ids may repeat across folders). */
export const modelKeySchema = z.string().regex(/^(shipped|user):[A-Za-z0-9._-]{1,120}$/, 'not a model key');
/** Registry key of a model. */
export type ModelKey = z.infer<typeof modelKeySchema>;

/** What the Models area lists for a folder that opened cleanly. */
export const modelDetailsSchema = z.object({
  /** The manifest's id (what analyses record as their model). */
  id: z.string(),
  /** The name shown: the one the user gave it (Rename), else the manifest's. */
  name: z.string(),
  /** The manifest's own name (what the folder calls it). */
  manifestName: z.string(),
  /** Whether `name` is one the user gave. */
  renamed: z.boolean(),
  version: z.string(),
  description: z.string(),
  /** Untrained test model: its output is noise and is never shown as an emotion judgement. */
  testModel: z.boolean(),
  labels: z.array(z.string()),
  parameterCount: z.number().int(),
  weightsBytes: z.number().int(),
  /** Bytes of every file in the folder. */
  folderBytes: z.number().int(),
  /** Headline sizes from the manifest config. */
  sizes: z.object({
    dModel: z.number().int(),
    heads: z.number().int(),
    encoderLayers: z.number().int(),
    decoderLayers: z.number().int(),
    vocab: z.number().int(),
  }),
  stages: z.array(z.object({ name: z.string(), completedAt: z.string().optional(), notes: z.string().optional() })),
  metrics: z.record(z.string(), z.number()),
  trainingData: z.array(z.object({ name: z.string(), clips: z.number().int().optional(), notes: z.string().optional() })),
  licence: z.string(),
  /** The licence forbids commercial use (e.g. models trained on RAVDESS, CC BY-NC-SA 4.0). */
  nonCommercial: z.boolean(),
  createdAt: z.string(),
  /** Whether the folder carries training graphs (can be fine-tuned further). */
  trainable: z.boolean(),
});
/** What the Models area lists for a folder that opened cleanly. */
export type ModelDetails = z.infer<typeof modelDetailsSchema>;

/** One model folder found by the registry: its details, or the error that stopped it from opening. */
export const modelEntrySchema = z.object({
  key: modelKeySchema,
  origin: modelOriginSchema,
  folderName: z.string(),
  /** Absolute folder path, for the user to find it on disk. */
  path: z.string(),
  details: modelDetailsSchema.nullable(),
  /** Why the folder is not usable (ModelFolderError code and message); null when it opened. */
  problem: z.object({ code: z.string(), message: z.string() }).nullable(),
});
/** One model folder found by the registry. */
export type ModelEntry = z.infer<typeof modelEntrySchema>;

/** The registry as the Models area shows it. */
export const modelListingSchema = z.object({
  /** Every folder (test models included only when showTestModels is on). */
  models: z.array(modelEntrySchema),
  /** The model analyses use now; null when no usable model is available. */
  activeKey: modelKeySchema.nullable(),
  /** Why the active model is what it is, in words (chosen by the user, or the default). */
  activeReason: z.string(),
  /** Developer setting: list test models and allow choosing them. */
  showTestModels: z.boolean(),
  /** Test models hidden from the list while showTestModels is off. */
  hiddenTestModels: z.number().int(),
});
/** The registry as the Models area shows it. */
export type ModelListing = z.infer<typeof modelListingSchema>;

/** The texts of a model folder shown in full: its model card and licence files (plain text, never HTML). */
export const modelDocumentsSchema = z.object({
  key: modelKeySchema,
  /** MODEL_CARD.md as plain text; null when the folder has none. */
  modelCard: z.string().nullable(),
  /** LICENSE / LICENCE file text; null when the folder has none (the manifest's licence still applies). */
  licenceText: z.string().nullable(),
});
/** The texts of a model folder shown in full. */
export type ModelDocuments = z.infer<typeof modelDocumentsSchema>;

/** Phrases that mark a licence as non-commercial (Creative Commons NC variants and plain words). */
const NON_COMMERCIAL = /non[-\s]?commercial|\bCC[-\s]BY[-\s](?:SA[-\s])?NC\b|\bBY-NC/i;

/** True when a licence text or identifier restricts commercial use. */
export function isNonCommercialLicence(licence: string): boolean {
  return NON_COMMERCIAL.test(licence);
}

/** Where an exported model was written. */
export const modelExportSchema = z.object({
  /** Absolute path of the folder or .zip written. */
  path: z.string(),
  format: z.enum(['folder', 'zip']),
  bytes: z.number().int(),
});
/** Where an exported model was written. */
export type ModelExport = z.infer<typeof modelExportSchema>;
