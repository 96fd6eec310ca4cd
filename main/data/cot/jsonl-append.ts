// Crash-safe JSONL: each record is appended and fsync'ed before the next, so a kill loses at most the
// line being written; on open, a torn last line (no trailing newline or unparsable) is cut off.
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';

/** Parsed lines of a JSONL file; repairs the file by truncating a torn tail. */
export function readJsonlRepairing<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const rows: T[] = [];
  let goodBytes = 0;
  let offset = 0;
  for (const line of text.split('\n')) {
    const lineBytes = Buffer.byteLength(line, 'utf8') + 1;
    const complete = offset + lineBytes <= Buffer.byteLength(text, 'utf8');
    offset += lineBytes;
    if (!complete) break;
    if (line.trim() === '') {
      goodBytes = offset;
      continue;
    }
    try {
      rows.push(JSON.parse(line) as T);
      goodBytes = offset;
    } catch {
      break;
    }
  }
  if (goodBytes < Buffer.byteLength(text, 'utf8')) {
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, goodBytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  return rows;
}

/** Appends lines durably. */
export class JsonlAppender {
  private readonly fd: number;

  constructor(
    file: string,
    private readonly replacer?: (key: string, value: unknown) => unknown,
  ) {
    this.fd = openSync(file, 'a');
  }

  append(row: unknown): void {
    writeSync(this.fd, `${JSON.stringify(row, this.replacer as never)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
