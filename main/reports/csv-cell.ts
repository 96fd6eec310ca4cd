// One CSV cell, safe to open in a spreadsheet. RFC 4180 quoting, and no formula injection (OWASP
// "CSV Injection", issue 14): a recording named `=HYPERLINK("http://…")` or notes starting with `@`
// would otherwise run as a live formula in Excel, LibreOffice or Sheets. Such text gets a leading
// apostrophe, which spreadsheets show as text; numbers (including negative ones) stay numbers.

/** What a spreadsheet treats as the start of a formula: = + - @, and tab or CR (which some strip first). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number, which a spreadsheet reads as a value, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `text` with a leading apostrophe if a spreadsheet would otherwise run it as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** RFC 4180 quoting: in double quotes (doubled inside) when the text holds a quote, comma or line break. */
export function quoteCsv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A cell from a value: null and non-finite numbers are empty, text is neutralised and quoted. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return quoteCsv(neutraliseFormula(value));
}
