// Reading a dataset's built EmotionCoT file from the main process. The build's child may be appending
// to it right now, so this reader never repairs (truncates) the file the way the builder's own reader
// does: it parses the complete lines and leaves a torn tail alone. Parsed files are kept per path
// until their size or time changes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { EmotionCotRecord, ProsodySummary } from '../../shared/types/dataset';
import type { VoiceQualityNorms } from '../data';

interface Parsed {
  stamp: string;
  byPath: Map<string, EmotionCotRecord>;
}

export class BuiltRecords {
  private readonly files = new Map<string, Parsed>();

  /** The records of `file` by audio path (empty when it does not exist yet). */
  read(file: string): Map<string, EmotionCotRecord> {
    if (!existsSync(file)) {
      this.files.delete(file);
      return new Map();
    }
    const stat = statSync(file);
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.files.get(file);
    if (cached?.stamp === stamp) return cached.byPath;
    const byPath = new Map<string, EmotionCotRecord>();
    const text = readFileSync(file, 'utf8');
    const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
    for (const line of complete.split('\n')) {
      if (!line.trim()) continue;
      try {
        const record = JSON.parse(line) as EmotionCotRecord;
        byPath.set(record.audioPath, record);
      } catch {
        // A damaged line inside the file: the builder's next run cuts the file back to before it.
        break;
      }
    }
    this.files.set(file, { stamp, byPath });
    return byPath;
  }

  forget(file: string): void {
    this.files.delete(file);
  }
}

/** The voice-quality norms the build measured (its meta sidecar), for checking voice-quality claims. */
export function readVoiceQualityNorms(metaFile: string): VoiceQualityNorms | null {
  try {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { voiceQualityNorms?: VoiceQualityNorms | null };
    return meta.voiceQualityNorms ?? null;
  } catch {
    return null;
  }
}

/** A record's prosody with JSON's nulls turned back into NaN, as the evidence checker expects numbers. */
export function reviveProsody(stored: ProsodySummary): ProsodySummary {
  const summary = JSON.parse(JSON.stringify(stored), (_key, value: unknown) => (value === null ? NaN : value)) as ProsodySummary;
  summary.gender = stored.gender;
  summary.intonation.turningPoint = stored.intonation.turningPoint ? summary.intonation.turningPoint : null;
  return summary;
}
