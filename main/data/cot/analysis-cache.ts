// Analyses cached by the audio file's content hash (SHA-256 of its bytes), so a re-run — or a run on
// a renamed or copied file — re-analyzes nothing. The cache is an append-only JSONL beside the output.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ProsodySummary } from '../../../shared/types/dataset';
import { JsonlAppender, readJsonlRepairing } from './jsonl-append';
import { nanToNull } from './prosody-summary';

/** Bump when the analysis or the summary changes meaning, so old cache lines are ignored. */
export const ANALYSIS_CACHE_VERSION = 2; // 2: vocal effort (energy.effortDb) and three channel-robust functionals

export interface CachedAnalysis {
  version: number;
  contentHash: string;
  summary: ProsodySummary;
  functionals: (number | null)[];
  analysisMs: number;
}

export function hashFile(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** JSON null back to NaN for the numeric fields the summary types declare as numbers. */
function revive(_key: string, value: unknown): unknown {
  return value === null ? NaN : value;
}

export class AnalysisCache {
  private readonly entries = new Map<string, CachedAnalysis>();
  private readonly appender: JsonlAppender;

  constructor(file: string) {
    for (const row of readJsonlRepairing<CachedAnalysis>(file)) {
      if (row.version === ANALYSIS_CACHE_VERSION) this.entries.set(row.contentHash, reviveEntry(row));
    }
    this.appender = new JsonlAppender(file, nanToNull);
  }

  get(contentHash: string): CachedAnalysis | undefined {
    return this.entries.get(contentHash);
  }

  put(entry: CachedAnalysis): void {
    this.entries.set(entry.contentHash, entry);
    this.appender.append(entry);
  }

  close(): void {
    this.appender.close();
  }
}

function reviveEntry(row: CachedAnalysis): CachedAnalysis {
  // functionals keep null (records store null); the summary's numbers become NaN again.
  const summary = JSON.parse(JSON.stringify(row.summary), revive) as ProsodySummary;
  summary.gender = row.summary.gender;
  summary.intonation.turningPoint = row.summary.intonation.turningPoint ? summary.intonation.turningPoint : null;
  return { ...row, summary };
}
