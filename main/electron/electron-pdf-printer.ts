// Electron's PDF printer for the report (issue 15): the report's HTML in a hidden, sandboxed window
// with no script, no preload and no network (the page is self-contained: inline styles and images),
// printed by webContents.printToPDF — no print dialog, nothing written to disk.
import { BrowserWindow } from 'electron';
import { describeError } from '../../shared/errors/coded-error';
import { PdfError, type PdfPrinter } from '../reports/pdf-printer';

export const electronPdfPrinter: PdfPrinter = {
  async print(html: string): Promise<Uint8Array> {
    const window = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, javascript: false, nodeIntegration: false, offscreen: true },
    });
    // Nothing but the report's own data: URL may load (its images are data: URLs too).
    window.webContents.session.webRequest.onBeforeRequest({ urls: ['*://*/*'] }, (_details, respond) => respond({ cancel: true }));
    try {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
      return new Uint8Array(pdf);
    } catch (error) {
      throw new PdfError('pdf_failed', `Electron could not print the report: ${describeError(error)}`);
    } finally {
      window.destroy();
    }
  },
};
