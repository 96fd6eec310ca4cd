// Augmented training copies, written and then measured by the app's own prosody analysis (cached
// by content hash, so a resumed run re-measures nothing). Work can be split in shards that run as
// separate processes: augmentation and analysis are single-threaded and the machine has two cores.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { EmotionCotRecord, ProsodySummary } from '../../../shared/types/dataset';
import { seededRandom } from '../../../shared/util/random';
import { AnalysisCache } from '../../data/cot/analysis-cache';
import { analyzeClips } from '../../data/cot/analyze-clips';
import { applyRecordingAugmentation, describeRecordingAugmentation, randomRecordingAugmentation } from './recording-augment';

export type CopySource = Pick<EmotionCotRecord, 'audio' | 'speaker' | 'gender' | 'label'> & { corpus: string };

/** The two halves of making copies: SoX/ffmpeg augmentation, then the app's prosody analysis of each copy. */
export type CopiesPhase = 'augment' | 'measure';

export interface AnalyzedCopy extends CopySource {
  /** The original clip. */
  source: string;
  augmentation: string;
  summary: ProsodySummary;
  functionals: (number | null)[];
}

export interface CopyOptions {
  copies: number;
  dir: string;
  seed: number;
  /** [index, count]: this process makes the copies of every count-th source from index. */
  shard?: [number, number];
  /** Sources augmented so far (phase 'augment'), then copies measured (phase 'measure'). */
  onProgress?: (done: number, total: number, phase: CopiesPhase) => void;
}

const key = (...parts: string[]) => createHash('sha1').update(parts.join('|')).digest('hex').slice(0, 16);

/** `copies` augmented copies of each source (babble from other speakers of the same corpus), measured. */
export async function makeAugmentedCopies(sources: readonly CopySource[], options: CopyOptions): Promise<AnalyzedCopy[]> {
  mkdirSync(options.dir, { recursive: true });
  const [index, count] = options.shard ?? [0, 1];
  const byCorpus = new Map<string, CopySource[]>();
  for (const s of sources) byCorpus.set(s.corpus, [...(byCorpus.get(s.corpus) ?? []), s]);
  const planned: { copy: Omit<AnalyzedCopy, 'summary' | 'functionals'> }[] = [];
  for (const [i, source] of sources.entries()) {
    // Drawn for every source in every shard, so a clip's copies do not depend on the shard count.
    const random = seededRandom(`${options.seed}:${source.audio}`);
    const pool = (byCorpus.get(source.corpus) ?? []).filter((o) => o.speaker !== source.speaker).map((o) => o.audio);
    for (let c = 0; c < options.copies; c++) {
      const pick = () => pool[Math.floor(random() * pool.length)]!;
      const augmentation = randomRecordingAugmentation(random, pool.length ? Array.from({ length: 8 }, pick) : []);
      if (i % count !== index) continue;
      const file = path.join(options.dir, `${key(source.audio, JSON.stringify(augmentation))}.wav`);
      planned.push({ copy: { ...source, audio: file, source: source.audio, augmentation: describeRecordingAugmentation(augmentation) } });
      if (!existsSync(file)) {
        const partial = `${file}.part.wav`;
        await applyRecordingAugmentation(source.audio, augmentation, partial);
        renameSync(partial, file);
      }
    }
    if (i % count === index) options.onProgress?.(Math.floor(i / count) + 1, Math.ceil(sources.length / count), 'augment');
  }
  const cache = new AnalysisCache(path.join(options.dir, `analysis-cache-${index}-of-${count}.jsonl`));
  try {
    const analyzed = await analyzeClips(
      planned.map((p) => ({ audioPath: p.copy.audio, gender: p.copy.gender })),
      cache,
      (p) => options.onProgress?.(p.done, planned.length, 'measure'),
    );
    return planned.flatMap((p, k) => {
      const result = analyzed.results[k];
      return result ? [{ ...p.copy, summary: result.summary, functionals: result.functionals }] : [];
    });
  } finally {
    cache.close();
  }
}

export function writeCopies(file: string, copies: readonly AnalyzedCopy[]): void {
  writeFileSync(
    file,
    `${copies.map((c) => JSON.stringify(c, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))).join('\n')}\n`,
  );
}
