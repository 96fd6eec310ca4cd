// The browser host's PDF printer (issue 15): it has no printToPDF of its own, so it asks the system
// Chromium to print the report's HTML headless — the same engine the app window runs, offline (every
// host name resolves to "not found"), in a throwaway profile.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PdfError, type PdfPrinter } from '../reports/pdf-printer';
import { QUIET_CHROMIUM_FLAGS } from './chromium';

const PRINT_TIMEOUT_MS = 60_000;

/**
 * Where the page and the PDF lie for the moment of printing: memory-backed /dev/shm where there is
 * one (a report holds patient details, and an encrypted library must not leave them on a disk),
 * else the system's temporary folder; a private 0700 folder, removed afterwards either way.
 */
export function pdfScratchDir(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

/** Prints with a Chromium executable in headless mode (see pdfScratchDir for `scratchDir`). */
export function chromiumPdfPrinter(executable: string, scratchDir: string, options: { noSandbox?: boolean } = {}): PdfPrinter {
  return {
    async print(html: string): Promise<Uint8Array> {
      const dir = await mkdtemp(join(scratchDir, 'pdf-'));
      try {
        const page = join(dir, 'report.html');
        const pdf = join(dir, 'report.pdf');
        await writeFile(page, html, { mode: 0o600 });
        const args = [
          '--headless',
          '--disable-gpu',
          `--user-data-dir=${join(dir, 'profile')}`,
          '--no-pdf-header-footer',
          `--print-to-pdf=${pdf}`,
          ...QUIET_CHROMIUM_FLAGS,
          ...(options.noSandbox ? ['--no-sandbox'] : []),
          pathToFileURL(page).href,
        ];
        await new Promise<void>((resolve, reject) =>
          execFile(executable, args, { timeout: PRINT_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) =>
            error
              ? reject(
                  new PdfError(
                    'pdf_failed',
                    `Chromium could not print the report: ${String(stderr).trim().split('\n').at(-1) || error.message}`,
                  ),
                )
              : resolve(),
          ),
        );
        const bytes = await readFile(pdf).catch(() => {
          throw new PdfError('pdf_failed', 'Chromium wrote no PDF for the report.');
        });
        if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-')
          throw new PdfError('pdf_failed', 'Chromium wrote a file that is not a PDF.');
        return new Uint8Array(bytes);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
