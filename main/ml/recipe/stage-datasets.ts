// Turns EmotionCoT records (main/data, issue 5) into the two stages' speech SFT datasets:
// stage 1 = prosody perception drills (single-clip questions + comparative pairs), stage 2 = the CoT
// traces plus a share of drills so the prosody skills are kept, and optionally augmented copies.
// Every record is `{audio, prompt?, target}` — the training runtime's speech-jsonl format.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EmotionCotRecord } from '../../../shared/types/dataset';
import type { SpeechSftRecord } from '../../../shared/types/training';
import { pairExcerpt, pairTask, randomPairSpec, writeComparativePair, type PairSpec } from './comparative-pairs';
import { singleClipTasks, taskTarget, type ProsodyTask } from './prosody-tasks';
import { augmentClip, randomAugmentation } from './augment';
import { seededRandom } from '../../../shared/util/random';

/** A drill with its audio: the clip itself, or a comparative pair written to disk. */
export interface TaskExample {
  audio: string;
  task: ProsodyTask;
}

/** The app's one seeded generator (a rebuilt dataset is the same dataset); re-exported for the recipe's callers. */
export { seededRandom };

const fileKey = (...parts: string[]) => createHash('sha1').update(parts.join('|')).digest('hex').slice(0, 16);

export interface TaskExampleOptions {
  /** Where pair WAVs are written (reused when already there: the name hashes source and spec). */
  pairDir: string;
  /** Comparative pairs per clip (each a fresh random attribute, amount and order). */
  pairsPerClip: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}

/** All single-clip drills of every record, and `pairsPerClip` comparative pairs per record. */
export function buildTaskExamples(
  records: readonly Pick<EmotionCotRecord, 'audio' | 'prosody'>[],
  options: TaskExampleOptions,
): TaskExample[] {
  mkdirSync(options.pairDir, { recursive: true });
  const random = seededRandom(options.seed);
  const out: TaskExample[] = [];
  records.forEach((record, index) => {
    for (const task of singleClipTasks(record.prosody)) out.push({ audio: record.audio, task });
    for (let p = 0; p < options.pairsPerClip; p++) {
      const spec: PairSpec = randomPairSpec(random);
      const excerpt = pairExcerpt(record.prosody.segmentation.speech, record.prosody.durationS);
      const file = path.join(options.pairDir, `${fileKey(record.audio, JSON.stringify(spec), JSON.stringify(excerpt))}.wav`);
      if (!existsSync(file)) writeComparativePair(record.audio, excerpt, spec, file);
      out.push({ audio: file, task: pairTask(spec) });
    }
    options.onProgress?.(index + 1, records.length);
  });
  return out;
}

export const taskRecord = (example: TaskExample): SpeechSftRecord => ({
  audio: example.audio,
  prompt: example.task.prompt,
  target: taskTarget(example.task.answer),
});

type CotSource = Pick<EmotionCotRecord, 'audio' | 'target' | 'prosody'>;

export interface CotRecordOptions {
  /** Augmented copies per clip (pitch/tempo/gain/noise, small enough that the trace's claims still hold). */
  augmentCopies: number;
  augmentDir: string;
  seed: number;
  /** Decoder prompt of a clip (the measured-cue line); none: the app asks with a bare <bos>. */
  promptOf?: (record: CotSource) => string;
  onProgress?: (done: number, total: number) => void;
}

/** The CoT traces as SFT records, plus augmented copies (which keep the original's prompt and trace). */
export async function buildCotRecords(records: readonly CotSource[], options: CotRecordOptions): Promise<SpeechSftRecord[]> {
  const random = seededRandom(options.seed);
  if (options.augmentCopies > 0) mkdirSync(options.augmentDir, { recursive: true });
  const out: SpeechSftRecord[] = [];
  for (const [index, record] of records.entries()) {
    const prompt = options.promptOf?.(record);
    const withPrompt = (audio: string): SpeechSftRecord => ({ audio, ...(prompt !== undefined ? { prompt } : {}), target: record.target });
    out.push(withPrompt(record.audio));
    for (let c = 0; c < options.augmentCopies; c++) {
      const augmentation = randomAugmentation(random);
      const file = path.join(options.augmentDir, `${fileKey(record.audio, JSON.stringify(augmentation))}.wav`);
      if (!existsSync(file)) await augmentClip(record.audio, augmentation, file);
      out.push(withPrompt(file));
    }
    options.onProgress?.(index + 1, records.length);
  }
  return out;
}

/**
 * Loss weight of a drill's label token. A batch of 16 holds ~4 drills among ~1,800 trace tokens, so
 * at weight 1 the label decision got ~0.2 % of the gradient and the model had learned it on only 31 %
 * of its own training clips after 1,200 steps; at 50 it gets ~10 %.
 */
export const EMOTION_DRILL_ANSWER_WEIGHT = 50;

/** Words that end an emotion drill's prompt (after the measured-cue line). */
export const EMOTION_DRILL_QUESTION = 'which emotion?';

/**
 * Emotion drills: the clip's prompt plus a direct question, answered with the label alone. Mixed
 * into stage 2 they give the label decision a short, dense gradient next to the long traces, whose
 * loss is mostly wording; the app always asks for the full trace.
 */
export function emotionDrills(
  records: readonly (CotSource & Pick<EmotionCotRecord, 'label'>)[],
  promptOf: (record: CotSource) => string,
  answerWeight = EMOTION_DRILL_ANSWER_WEIGHT,
): SpeechSftRecord[] {
  return records.map((record) => ({
    audio: record.audio,
    prompt: `${promptOf(record)} ${EMOTION_DRILL_QUESTION}`,
    target: taskTarget(record.label),
    answerWeight,
  }));
}

export function writeJsonl(file: string, rows: readonly object[]): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
}
