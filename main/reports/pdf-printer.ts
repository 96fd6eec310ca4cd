// The one-page report as a PDF file without the print dialog (issue 15): each shell brings its
// printer — Electron's webContents.printToPDF (main/electron/electron-pdf-printer.ts), the browser
// host the system Chromium headless (main/host/chromium-pdf-printer.ts).
import { CodedError } from '../../shared/errors/coded-error';

/** Why no PDF came back: no engine to print with, or the engine failed on this report. */
export class PdfError extends CodedError<'pdf_unavailable' | 'pdf_failed'> {}

/** Prints a self-contained HTML page (inline styles and images, no script) to PDF bytes. */
export interface PdfPrinter {
  print(html: string): Promise<Uint8Array>;
}

/** A printer for a shell that has none: every request gets a clear error instead of a crash. */
export const NO_PDF_PRINTER: PdfPrinter = {
  print: () => Promise.reject(new PdfError('pdf_unavailable', 'This shell cannot print to PDF: use "Print / Save as PDF" instead.')),
};
