// The evaluation's clips: a corpus folder imported with the data service, split by speaker (the
// validation speakers are never trained on), plus the eGeMAPS-like functionals of every clip for the
// baselines, cached in an append-only JSONL file keyed by path, size and mtime so reruns are quick.
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ProsodyAnalysis, SpeakerGender, VoiceQuality } from '../../shared/types/prosody';
import { decodeAudioFile } from '../../main/audio';
import { assignSpeakerSplits, DEFAULT_LABEL_MAPPINGS, importDataset, mapLabels } from '../../main/data';
import { analyzeProsody } from '../../main/prosody';
import { errorCode, errorMessage } from '../../main/ml/pipeline';

/** One labelled clip of the evaluation. */
export interface EvalClip {
  file: string;
  speaker: string;
  gender: SpeakerGender | null;
  label: string;
  split: 'train' | 'validation';
}

export interface EvalData {
  corpus: string;
  train: EvalClip[];
  validation: EvalClip[];
}

export function loadEvalData(dataDir: string, validationSpeakers: string[]): EvalData {
  const imported = importDataset(dataDir);
  const mapping = DEFAULT_LABEL_MAPPINGS[imported.format] ?? {};
  const { items } = mapLabels(imported.items, mapping);
  const splits = assignSpeakerSplits(items.map((i) => i.speaker), { validationSpeakers });
  const clips = items.map((i): EvalClip => ({
    file: i.audioPath, speaker: i.speaker, gender: i.gender, label: i.label, split: splits.get(i.speaker) === 'validation' ? 'validation' : 'train',
  }));
  return { corpus: imported.corpus, train: clips.filter((c) => c.split === 'train'), validation: clips.filter((c) => c.split === 'validation') };
}

/** What the evaluation keeps per clip: the functionals (baselines) and voice quality (checker norms). */
export interface ClipMeasures {
  functionals: (number | null)[];
  voiceQuality: VoiceQuality;
}

interface CacheLine extends ClipMeasures {
  key: string;
}

/** Measures per file, computed once and remembered in `cacheFile`. */
export class FunctionalsCache {
  private readonly known = new Map<string, ClipMeasures>();

  constructor(private readonly cacheFile: string) {
    if (existsSync(cacheFile)) {
      for (const line of readFileSync(cacheFile, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as Partial<CacheLine>;
          if (entry.key && entry.functionals && entry.voiceQuality) this.known.set(entry.key, { functionals: entry.functionals, voiceQuality: entry.voiceQuality });
        } catch {
          // A line cut short by an interrupted run: that clip is simply measured again.
        }
      }
    } else mkdirSync(path.dirname(cacheFile), { recursive: true });
  }

  private static key(file: string): string {
    const s = statSync(file);
    return `${path.resolve(file)}|${s.size}|${s.mtimeMs}`;
  }

  get(file: string): ClipMeasures | undefined {
    return this.known.get(FunctionalsCache.key(file));
  }

  put(file: string, prosody: Pick<ProsodyAnalysis, 'functionals' | 'voiceQuality'>): ClipMeasures {
    // JSON keeps no NaN: undefined values travel as null both in the file and in memory.
    const functionals = prosody.functionals.values.map((v) => (Number.isFinite(v) ? v : null));
    const measures = { functionals, voiceQuality: prosody.voiceQuality };
    const key = FunctionalsCache.key(file);
    this.known.set(key, measures);
    appendFileSync(this.cacheFile, `${JSON.stringify({ key, ...measures } satisfies CacheLine, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
    return measures;
  }

  /** Cached measures, or decode + analyse now; a clip that fails is returned as an error. */
  async measure(file: string): Promise<ClipMeasures | { code: string; message: string }> {
    const cached = this.get(file);
    if (cached) return cached;
    try {
      const { audio } = await decodeAudioFile(file);
      return this.put(file, analyzeProsody(audio));
    } catch (error) {
      return { code: errorCode(error), message: errorMessage(error) };
    }
  }
}
