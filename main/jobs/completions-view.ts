// A GRPO job's completions.jsonl as the dashboard's table: filtered by step (one, or a range) and by
// right/wrong (the outcome reward), newest step first, a page at a time.
import path from 'node:path';
import type { GrpoCompletionRecord } from '../../shared/types/grpo';
import type { CompletionPage, CompletionRow } from '../../shared/types/training-jobs';
import { COMPLETIONS_FILE_NAME } from '../ml/training/grpo/grpo-engine';
import { hasStep, JsonlTail } from './jsonl-tail';

export interface CompletionQuery {
  offset: number;
  limit: number;
  fromStep?: number;
  toStep?: number;
  /** true: only right answers (outcome reward 1); false: only wrong ones. */
  correct?: boolean;
}

export const completionsTail = (jobDir: string) =>
  new JsonlTail<GrpoCompletionRecord>(path.join(jobDir, COMPLETIONS_FILE_NAME), hasStep<GrpoCompletionRecord>);

export function completionPage(all: readonly GrpoCompletionRecord[], query: CompletionQuery): CompletionPage {
  const matching: number[] = [];
  // Newest first: the table opens on what the model writes now.
  for (let i = all.length - 1; i >= 0; i--) {
    const c = all[i]!;
    if (query.fromStep !== undefined && c.step < query.fromStep) continue;
    if (query.toStep !== undefined && c.step > query.toStep) continue;
    if (query.correct !== undefined && isCorrect(c) !== query.correct) continue;
    matching.push(i);
  }
  const rows = matching.slice(query.offset, query.offset + query.limit).map((i) => toRow(all[i]!, i));
  return {
    total: matching.length,
    all: all.length,
    rows,
    firstStep: all.length > 0 ? all[0]!.step : null,
    lastStep: all.length > 0 ? all[all.length - 1]!.step : null,
  };
}

const isCorrect = (c: GrpoCompletionRecord) => c.rewards.outcome >= 1;

function toRow(c: GrpoCompletionRecord, index: number): CompletionRow {
  return {
    index,
    step: c.step,
    clipId: c.clipId,
    truth: c.truth,
    text: c.text,
    correct: isCorrect(c),
    rewards: { ...c.rewards },
    advantage: c.advantage,
    truncated: c.truncated,
    tokens: c.tokens,
  };
}
