// Completions for reward tests and the benchmark: per EmotionCoT record, a group of K = 8 — its clean
// trace, controlled corruptions of it (main/ml/reward-model/corruptions.ts: wrong facts, another
// answer, dropped cues, shuffled or repeated sentences, contrary links) and one malformed answer —
// so each group mixes right and wrong answers and R_reason and τ have something to judge.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EmotionCotRecord } from '../../../shared/types/dataset';
import { seededRandom } from '../../../shared/util/random';
import { buildEmotionCot } from '../../data/cot/build-cot';
import { makeSmallRavdess } from '../../datasets/testing/ravdess-fixture';
import { clean, corrupt, type CorruptionName } from '../../ml/reward-model/corruptions';

const SLOTS: CorruptionName[] = ['contradicted-facts', 'answer-mismatch', 'dropped-cues', 'shuffled', 'repeated', 'contrary-link'];

export interface CompletionGroup {
  record: EmotionCotRecord;
  texts: string[];
}

const tagged = (reasoning: string, answer: string) => `<think>${reasoning}</think><answer>${answer}</answer>`;

/** Eight completions of `record`; `seed` varies which words the corruptions change. */
export function completionGroup(record: EmotionCotRecord, labels: readonly string[], seed: number): CompletionGroup {
  const rng = seededRandom(`${record.contentHash}:${seed}`);
  const base = clean(record.reasoning, record.label);
  const texts = [tagged(base.reasoning, base.answer)];
  for (const name of SLOTS) {
    const c = corrupt(rng, base, name, labels) ?? base;
    texts.push(tagged(c.reasoning, c.answer));
  }
  // No closing tags: R_format 0, and the parser's fallback decides R_outcome.
  texts.push(`${record.reasoning} So the answer is ${record.label}.`);
  return { record, texts };
}

/** The real EmotionCoT build of the 12-clip RAVDESS fixture (actor 1 train, 2 validation, 3 test). */
export async function ravdessCot(): Promise<{ cotFile: string; records: EmotionCotRecord[]; labels: string[] }> {
  const cotFile = path.join(mkdtempSync(path.join(tmpdir(), 'rl-cot-')), 'emotion-cot.jsonl');
  const built = await buildEmotionCot({ dataDir: makeSmallRavdess(), outFile: cotFile, validationSpeakers: ['2'], testSpeakers: ['3'] });
  return { cotFile, records: built.records, labels: [...new Set(built.records.map((r) => r.label))].sort() };
}
