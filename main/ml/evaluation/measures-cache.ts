// What the evaluation keeps per clip for the baselines and the checker's norms: the eGeMAPS-like
// functionals and voice quality. Always remembered in memory; optionally also in an append-only
// JSONL file so reruns skip the measuring. The file key holds path, size, mtime and the functional
// names, so a renamed or added functional is measured afresh — but a changed computation under the
// same names is not detected, which is why the file cache is opt-in (--cache) and not the default.
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ProsodyAnalysis, VoiceQuality } from '../../../shared/types/prosody';
import { decodeAudioFile } from '../../audio';
import { analyzeProsody, PROSODY_FUNCTIONAL_NAMES } from '../../prosody';
import { errorCode, describeError } from '../pipeline/pipeline-error';

/** Functionals (null where undefined: JSON keeps no NaN) and voice quality of one clip. */
export interface ClipMeasures {
  functionals: (number | null)[];
  voiceQuality: VoiceQuality;
}

interface CacheLine extends ClipMeasures {
  key: string;
}

/** A clip that could not be measured. */
export interface MeasureFailure {
  code: string;
  message: string;
}

// djb2 over the names: short, stable, enough to tell two functional layouts apart.
function layoutTag(names: readonly string[]): string {
  let h = 5381;
  for (const ch of names.join('|')) h = (Math.imul(h, 33) + ch.charCodeAt(0)) >>> 0;
  return `${names.length}f${h.toString(16)}`;
}

export class ClipMeasuresCache {
  private readonly known = new Map<string, ClipMeasures>();
  private readonly layout = layoutTag(PROSODY_FUNCTIONAL_NAMES);

  /** `cacheFile`: JSONL file to read and append to; undefined keeps measures in memory only. */
  constructor(private readonly cacheFile?: string) {
    if (!cacheFile) return;
    if (existsSync(cacheFile)) {
      for (const line of readFileSync(cacheFile, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as Partial<CacheLine>;
          if (entry.key && entry.functionals && entry.voiceQuality)
            this.known.set(entry.key, { functionals: entry.functionals, voiceQuality: entry.voiceQuality });
        } catch {
          // A line cut short by an interrupted run: that clip is simply measured again.
        }
      }
    } else mkdirSync(path.dirname(cacheFile), { recursive: true });
  }

  private key(file: string): string {
    const s = statSync(file);
    return `${path.resolve(file)}|${s.size}|${s.mtimeMs}|${this.layout}`;
  }

  get(file: string): ClipMeasures | undefined {
    return this.known.get(this.key(file));
  }

  put(file: string, prosody: Pick<ProsodyAnalysis, 'functionals' | 'voiceQuality'>): ClipMeasures {
    const functionals = prosody.functionals.values.map((v) => (Number.isFinite(v) ? v : null));
    const measures = { functionals, voiceQuality: prosody.voiceQuality };
    const key = this.key(file);
    this.known.set(key, measures);
    if (this.cacheFile) {
      appendFileSync(
        this.cacheFile,
        `${JSON.stringify({ key, ...measures } satisfies CacheLine, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`,
      );
    }
    return measures;
  }

  /** Known measures, or decode + analyze now; a clip that fails comes back as a failure value. */
  async measure(file: string): Promise<ClipMeasures | MeasureFailure> {
    const cached = this.get(file);
    if (cached) return cached;
    try {
      const { audio } = await decodeAudioFile(file);
      return this.put(file, analyzeProsody(audio));
    } catch (error) {
      return { code: errorCode(error), message: describeError(error) };
    }
  }
}
