// Files the app produces for the user to save: reports, tables, Praat files.
import { z } from 'zod';

/** A text file to save: its content, suggested name and MIME type. */
export const exportedFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  text: z.string(),
});
/** A text file to save. */
export type ExportedFile = z.infer<typeof exportedFileSchema>;

/** A chart the renderer drew, as a PNG data URL, for the report. */
export const chartImageSchema = z.object({
  title: z.string().max(200),
  dataUrl: z.string().startsWith('data:image/png;base64,').max(8_000_000),
});
/** A chart the renderer drew, for the report. */
export type ChartImage = z.infer<typeof chartImageSchema>;
