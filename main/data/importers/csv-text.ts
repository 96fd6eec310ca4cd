// Minimal RFC 4180 reader for the manifests corpora ship (quoted fields, commas and newlines inside
// quotes). Manifests are small, so the whole file is parsed in memory.

/** Rows of the CSV text, each a list of fields; blank lines are dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

/** Rows as objects keyed by the (lower-cased, trimmed) header names. */
export function parseCsvRecords(text: string): { header: string[]; records: Record<string, string>[] } {
  const [head, ...body] = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = (head ?? []).map((h) => h.trim().toLowerCase());
  const records = body.map((fields) => Object.fromEntries(header.map((h, i) => [h, (fields[i] ?? '').trim()])));
  return { header, records };
}
