// A job's log (job.log in its folder): the worker's log lines and the service's own (start, pause,
// resume, export, interruption), one per line with its time, appended so a restart keeps them.
import { appendFileSync, closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

export const LOG_FILE_NAME = 'job.log';
/** The tail read covers at most this many bytes (a long run's log is not read whole). */
const TAIL_BYTES = 256 * 1024;

export function appendJobLog(jobDir: string, level: string, message: string): void {
  try {
    appendFileSync(path.join(jobDir, LOG_FILE_NAME), `${new Date().toISOString()} ${level.padEnd(5)} ${message.replace(/\n/g, ' ')}\n`);
  } catch {
    // A log line that cannot be written (disk full, folder removed) must not stop the job.
  }
}

/** The last `lines` lines of the job's log, oldest first. */
export function tailJobLog(jobDir: string, lines: number): string[] {
  const file = path.join(jobDir, LOG_FILE_NAME);
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const length = Math.min(size, TAIL_BYTES);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const all = buffer
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '');
  // A tail that starts mid-file starts mid-line: drop that partial first line.
  if (length < size) all.shift();
  return all.slice(-lines);
}
