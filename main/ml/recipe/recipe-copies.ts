// The recipe's augmented copies, like real recordings (reverb, noise incl. babble, mic EQ, gain,
// telephone, codecs, small pitch/tempo changes), each measured again: made in two processes, one per
// core (copies-shard-worker.ts), then read back levelled at their corpus' tertiles with a trace of
// their own, so the prompt and trace say what the app would measure on the copy.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ProsodySummary } from '../../../shared/types/dataset';
import { relevel } from '../../data';
import { buildTrace } from '../../data/cot/trace-grammar';
import { forkWorker } from '../../system/worker-process';
import type { AnalyzedCopy, CopiesPhase, CopySource } from './augmented-copies';
import type { CopiesShardJob, CopiesShardMessage } from './copies-shard-worker';
import { RecipeError } from './recipe-error';
import type { RecipeClip, RecipeCorpora } from './recipe-corpora';
import { RECIPE_SEEDS, type RecipePaths } from './recipe-plan';
import { seededRandom } from './stage-datasets';

/** A measured copy with its levelled prosody, its prompt and its trace. */
export type RecipeCopy = AnalyzedCopy & { prosody: ProsodySummary; prompt: string; trace: string };

export interface MakeCopiesOptions {
  paths: RecipePaths;
  copies: number;
  log?: (message: string) => void;
  /** The shard worker's entry (default: the TypeScript source beside this file, through tsx). */
  workerEntry?: string;
}

/** Makes the copies of the training clips in two shard processes, unless both shard files are there. */
export async function makeRecipeCopies(train: readonly RecipeClip[], options: MakeCopiesOptions): Promise<void> {
  const { paths } = options;
  mkdirSync(paths.copiesDir, { recursive: true });
  if (options.copies <= 0 || paths.copyShards.every((file) => existsSync(file))) return;
  const sources: CopySource[] = train.map((r) => ({
    audio: r.audio,
    speaker: r.speaker,
    gender: r.gender,
    label: r.label,
    corpus: r.corpus,
  }));
  writeFileSync(paths.copiesSources, JSON.stringify(sources));
  options.log?.(`making ${options.copies} augmented copies of ${sources.length} training clips in two processes…`);
  const started = performance.now();
  await Promise.all(
    paths.copyShards.map((outFile, k) =>
      runShard(
        {
          sources,
          dir: paths.copiesAudio,
          copies: options.copies,
          seed: RECIPE_SEEDS.copies,
          shard: [k, paths.copyShards.length],
          outFile,
        },
        options.workerEntry ?? defaultEntry(),
        (done, total, phase) => {
          if (done % 100 === 0 || done === total)
            options.log?.(
              `shard ${k}/${paths.copyShards.length}: ${phase === 'augment' ? `copies of ${done}/${total} clips made` : `${done}/${total} copies measured`} (${((performance.now() - started) / 60000).toFixed(1)} min)`,
            );
        },
      ),
    ),
  );
}

function runShard(
  job: CopiesShardJob,
  entry: string,
  onProgress: (done: number, total: number, phase: CopiesPhase) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = forkWorker(entry, { serviceName: 'EmotionThinker augmented copies' });
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      reject(new RecipeError('step_failed', `augmented-copies shard ${job.shard[0]}: ${message}`));
    };
    worker.onMessage((raw) => {
      const message = raw as CopiesShardMessage;
      if (message.type === 'progress') onProgress(message.done, message.total, message.phase);
      else if (message.type === 'error') fail(message.message);
      else if (message.type === 'result' && !settled) {
        settled = true;
        resolve(message.copies);
      }
    });
    worker.onError((error) => fail(error.message));
    worker.onExit((code, signal) => fail(`exited with ${code ?? signal} before its result`));
    worker.send({ type: 'start', job });
  });
}

function defaultEntry(): string {
  return fileURLToPath(new URL('./copies-shard-worker-entry.ts', import.meta.url));
}

/** The shard files' copies, each levelled at its corpus' tertiles, with its prompt and a trace. */
export function readRecipeCopies(paths: RecipePaths, copies: number, corpora: Pick<RecipeCorpora, 'metas' | 'promptOf'>): RecipeCopy[] {
  const revive = (_k: string, v: unknown) => (v === null ? NaN : v);
  return (copies > 0 ? paths.copyShards : [])
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l, revive) as AnalyzedCopy),
    )
    .map((copy) => {
      // The copy's own measurements, levelled at its corpus' tertiles: what the app would measure on it.
      const meta = corpora.metas.get(copy.corpus)!;
      const { summary } = relevel(copy.summary, meta.calibration, copy.gender);
      const trace = buildTrace(seededRandom(`copy:${copy.audio}`), summary, copy.label, {
        profile: meta.cueProfile,
        voiceQualityNorms: meta.voiceQualityNorms,
      });
      return { ...copy, prosody: summary, prompt: corpora.promptOf({ corpus: copy.corpus, prosody: summary }), trace };
    });
}
