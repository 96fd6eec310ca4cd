// Live recording from the microphone: what the renderer streams and what main pushes back.
import { z } from 'zod';

/** Live pitch and intensity frames for the recording view, plus the chunk's peak level. */
export const liveFramesSchema = z.object({
  sessionId: z.string(),
  frames: z.array(z.object({ timeS: z.number(), f0Hz: z.number(), voicedProbability: z.number(), intensityDb: z.number().nullable() })),
  /** Seconds written to disk so far. */
  writtenS: z.number().nonnegative(),
  /** Milliseconds main spent between receiving the chunk and pushing these frames. */
  processingMs: z.number().nonnegative(),
});
/** Live pitch and intensity frames for the recording view. */
export type LiveFrames = z.infer<typeof liveFramesSchema>;

/** A recording whose session ended without a stop (crash, kill): offered for recovery at start. */
export const interruptedRecordingSchema = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/),
  startedAt: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  /** Audio seconds the file holds (from its length). */
  durationS: z.number().nonnegative(),
});
/** A recording whose session ended without a stop. */
export type InterruptedRecording = z.infer<typeof interruptedRecordingSchema>;
