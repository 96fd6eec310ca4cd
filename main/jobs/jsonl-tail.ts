// Reads an append-only JSONL file (metrics.jsonl, completions.jsonl) incrementally: each read parses
// only the bytes appended since the last one, so a dashboard polling a 100,000-step run does not
// re-parse it. A file that was replaced or shortened (the runtime rewrites metrics.jsonl on resume,
// cutting the steps it is about to redo) is read again from the start. A torn last line waits.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

export class JsonlTail<T> {
  private records: T[] = [];
  private offset = 0;
  private inode = -1;
  private remainder = '';

  constructor(
    readonly file: string,
    private readonly accept: (value: unknown) => value is T,
  ) {}

  /** Every record so far (the same array between reads when nothing was appended). */
  read(): readonly T[] {
    if (!existsSync(this.file)) {
      this.reset(-1);
      return this.records;
    }
    const stat = statSync(this.file);
    if (stat.ino !== this.inode || stat.size < this.offset) this.reset(stat.ino);
    if (stat.size === this.offset) return this.records;
    const length = stat.size - this.offset;
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.file, 'r');
    try {
      readSync(fd, buffer, 0, length, this.offset);
    } finally {
      closeSync(fd);
    }
    this.offset = stat.size;
    const text = this.remainder + buffer.toString('utf8');
    const lines = text.split('\n');
    this.remainder = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      try {
        const value: unknown = JSON.parse(line);
        if (this.accept(value)) this.records.push(value);
      } catch {
        // An unreadable line (torn by a crash, then appended after) is skipped, as readMetrics does.
      }
    }
    return this.records;
  }

  private reset(inode: number): void {
    this.records = [];
    this.offset = 0;
    this.remainder = '';
    this.inode = inode;
  }
}

/** Accepts any object with a numeric step (both files' lines have one). */
export const hasStep = <T extends { step: number }>(value: unknown): value is T =>
  typeof value === 'object' && value !== null && typeof (value as { step?: unknown }).step === 'number';
