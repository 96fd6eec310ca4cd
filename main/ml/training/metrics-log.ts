// metrics.jsonl: the durable record of a job's curves (Transformer Lab's pattern, STYLE.md). One JSON
// object per line, appended after every step. On resume the lines after the checkpoint's step are
// cut off first — those steps are about to be redone — so a chart never shows a step twice.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import type { TrainingMetricRecord } from '../../../shared/types/training';

export const METRICS_FILE_NAME = 'metrics.jsonl';

/** Parses metrics.jsonl, skipping a torn last line (a kill -9 mid-append) and any unreadable line. */
export function readMetrics(file: string): TrainingMetricRecord[] {
  if (!existsSync(file)) return [];
  const records: TrainingMetricRecord[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const record = JSON.parse(line) as TrainingMetricRecord;
      if (typeof record.step === 'number') records.push(record);
    } catch {
      // A partial line can only be the last one written before a crash; it describes an unsaved step.
    }
  }
  return records;
}

/**
 * Rewrites metrics.jsonl keeping only records up to `lastStep` (the checkpoint being resumed), via a
 * temporary file and rename so a crash during the rewrite leaves the old file intact. Returns how many
 * records were dropped.
 */
export function truncateMetricsAfter(file: string, lastStep: number): number {
  if (!existsSync(file)) return 0;
  const records = readMetrics(file);
  const kept = records.filter((r) => r.step <= lastStep);
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, kept.map((r) => `${JSON.stringify(r)}\n`).join(''));
  renameSync(temporary, file);
  return records.length - kept.length;
}

/** An open metrics.jsonl that appends one line per record. */
export class MetricsAppender {
  private readonly fd: number;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a');
  }

  /** Any step-numbered record: metrics lines, or a GRPO job's completion lines (same truncation on resume). */
  append(record: { step: number }): void {
    // One write per line: O_APPEND makes it land whole at the end, so lines never interleave.
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  /** Flushes to disk; called before each checkpoint so the file is at least as new as the checkpoint. */
  sync(): void {
    fsyncSync(this.fd);
  }

  close(): void {
    closeSync(this.fd);
  }
}
