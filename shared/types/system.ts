import { z } from 'zod';
import type { ExecutionProviderName } from './engine';

const providerName = z.enum(['cuda', 'dml', 'coreml', 'webgpu', 'cpu']) satisfies z.ZodType<ExecutionProviderName>;

/** Result of trying one execution provider (schema twin of ExecutionProviderReport). */
export const executionProviderReportSchema = z.object({
  name: providerName,
  available: z.boolean(),
  reason: z.string(),
  probeMs: z.number().optional(),
});

/** Where the engine smoke check stands: still probing, ready on a provider, or failed outright. */
export const engineStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('probing') }),
  z.object({
    state: z.literal('ready'),
    chosenProvider: providerName,
    /** Why the chosen provider is not the most preferred one, when it isn't. */
    fallbackReason: z.string().optional(),
    providers: z.array(executionProviderReportSchema),
  }),
  z.object({ state: z.literal('failed'), message: z.string() }),
]);
/** Engine smoke-check state, as the System page shows it. */
export type EngineStatus = z.infer<typeof engineStatusSchema>;

/** Health of the app's SQLite database. */
export const databaseStatusSchema = z.object({
  path: z.string(),
  ok: z.boolean(),
  schemaVersion: z.number().int(),
  latestSchemaVersion: z.number().int(),
  journalMode: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  message: z.string().optional(),
});
/** Health of the app's SQLite database. */
export type DatabaseStatus = z.infer<typeof databaseStatusSchema>;

/** Everything the System page shows, fetched over IPC. */
export const systemInfoSchema = z.object({
  app: z.object({ name: z.string(), version: z.string() }),
  host: z.object({
    /** 'electron' in the desktop shell, 'browser' when served to the system Chromium. */
    kind: z.enum(['electron', 'browser']),
    electronVersion: z.string().nullable(),
    nodeVersion: z.string(),
    platform: z.string(),
    arch: z.string(),
    cpuCount: z.number().int(),
  }),
  engine: z.object({ onnxruntimeVersion: z.string(), status: engineStatusSchema }),
  dataDir: z.string(),
  database: databaseStatusSchema,
});
/** Everything the System page shows, fetched over IPC. */
export type SystemInfo = z.infer<typeof systemInfoSchema>;
