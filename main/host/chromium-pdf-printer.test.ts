// The report printed to PDF by the system Chromium, headless (the browser host's path; Electron's
// printToPDF cannot run here): a real report page in, a one-page PDF out, nothing left behind, and a
// clear error when the engine is missing.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_PDF_PRINTER, PdfError } from '../reports/pdf-printer';
import { reportHtml } from '../reports/report-html';
import { analysis, recording } from '../reports/testing/report-fixtures';
import { findChromium } from './chromium';
import { chromiumPdfPrinter } from './chromium-pdf-printer';

const chromium = findChromium();
const scratch = mkdtempSync(join(tmpdir(), 'et-pdf-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!chromium)('printing the report to PDF with headless Chromium', () => {
  it('gives one page of PDF with the report’s text and leaves no files behind', async () => {
    const isRoot = process.getuid?.() === 0;
    const printer = chromiumPdfPrinter(chromium!, scratch, { noSandbox: isRoot });
    const pdf = Buffer.from(await printer.print(reportHtml({ recording, analysis, review: null, charts: [], generatedAt: new Date() })));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    expect(readdirSync(scratch)).toEqual([]);
  }, 90_000);

  it('says so when the engine cannot print, and when the shell has none', async () => {
    const broken = chromiumPdfPrinter('/bin/false', scratch);
    await expect(broken.print('<p>x</p>')).rejects.toMatchObject({ code: 'pdf_failed' });
    await expect(NO_PDF_PRINTER.print('<p>x</p>')).rejects.toBeInstanceOf(PdfError);
    expect(readdirSync(scratch)).toEqual([]);
  });
});
