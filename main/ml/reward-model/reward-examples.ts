// Training and held-out examples for the reasoning reward model: each EmotionCoT record as written
// (all criteria high) plus corrupted copies with known effects (corruptions.ts), every one with its
// clip's prosody vector and four targets. Also the row encoding the training graph takes.
import type { EmotionCotRecord, DatasetSplit } from '../../../shared/types/dataset';
import { REASONING_CRITERIA, type CriterionScores } from '../../../shared/types/grpo';
import type { Random } from '../../../shared/util/random';
import { pick } from '../../../shared/util/random';
import type { CheckOptions } from '../../data/evidence/check-evidence';
import type { TextTokenizer } from '../models/tokenizer';
import type { RatedExplanation } from '../../store/rated-explanations';
import { hashString } from '../../../shared/util/random';
import { CORRUPTIONS, clean, corrupt, type Completion, type Corrupted, type CorruptionName } from './corruptions';
import { PROSODY_FUNCTIONAL_NAMES } from '../../prosody/functionals';
import { functionalZScores, prosodyVector, type FunctionalScale } from './prosody-vector';
import { targetScores } from './targets';

export interface RewardExample {
  clipId: string;
  speaker: string;
  split: DatasetSplit;
  completion: Completion;
  /** Corruptions applied, in order (empty: the trace as written; 'clinician': a review's rating). */
  applied: readonly (CorruptionName | 'clinician')[];
  prosody: Float32Array;
  targets: CriterionScores;
  /** Which targets are known (a clinician may rate only some criteria). */
  known: Record<keyof CriterionScores, boolean>;
}

const ALL_KNOWN = Object.fromEntries(REASONING_CRITERIA.map((c) => [c, true])) as RewardExample['known'];

export interface ExampleOptions {
  labels: readonly string[];
  /** Corrupted copies per record (besides the record as written). */
  variants: number;
  /** Share of corrupted copies with a second corruption on top of the first. */
  doubleShare?: number;
  checkOptions?: CheckOptions;
  scale: FunctionalScale;
}

/** A record's prosody vector (its functionals are in PROSODY_FUNCTIONAL_NAMES order). */
export function recordProsodyVector(record: EmotionCotRecord, scale: FunctionalScale): Float32Array {
  return prosodyVector(record.prosody, functionalZScores({ names: PROSODY_FUNCTIONAL_NAMES, values: record.functionals }, scale));
}

/** The record as written plus `variants` corrupted copies (fewer when corruptions do not apply). */
export function rewardExamples(rng: Random, record: EmotionCotRecord, options: ExampleOptions): RewardExample[] {
  const prosody = recordProsodyVector(record, options.scale);
  const base = clean(record.reasoning, record.label);
  const made: Corrupted[] = [base];
  for (let v = 0, tries = 0; v < options.variants && tries < options.variants * 4; tries++) {
    let c = corrupt(rng, base, pick(rng, CORRUPTIONS), options.labels);
    if (c && rng() < (options.doubleShare ?? 0.3)) c = corrupt(rng, c, pick(rng, CORRUPTIONS), options.labels) ?? c;
    if (!c) continue;
    made.push(c);
    v++;
  }
  return made.map((c) => ({
    clipId: record.audioPath,
    speaker: record.speaker,
    split: record.split,
    completion: { reasoning: c.reasoning, answer: c.answer },
    applied: c.applied,
    prosody,
    targets: targetScores(c, record.prosody, options.checkOptions),
    known: ALL_KNOWN,
  }));
}

/** Review rating field → criterion (the review calls fluency & structure "fluency"). */
const RATING_OF: Record<keyof CriterionScores, keyof RatedExplanation['ratings']> = {
  factualAlignment: 'factualAlignment',
  interpretativeQuality: 'interpretativeQuality',
  captionCompleteness: 'captionCompleteness',
  fluencyStructure: 'fluency',
};

/**
 * Clinicians' ratings as examples: the criteria they rated are targets, the others are masked out.
 * One in five recordings (by a hash of its id, so stable across runs) is held out.
 */
export function clinicianExamples(rated: readonly RatedExplanation[], scale: FunctionalScale): RewardExample[] {
  return rated.map((r) => {
    const known = Object.fromEntries(REASONING_CRITERIA.map((c) => [c, r.ratings[RATING_OF[c]] !== null])) as RewardExample['known'];
    const targets = Object.fromEntries(REASONING_CRITERIA.map((c) => [c, r.ratings[RATING_OF[c]] ?? 3])) as CriterionScores;
    return {
      clipId: r.recordingId,
      speaker: r.recordingId,
      split: hashString(r.recordingId) % 5 === 0 ? 'validation' : 'train',
      completion: { reasoning: r.reasoning, answer: r.label },
      applied: ['clinician'],
      prosody: prosodyVector(r.prosody, functionalZScores(r.prosody.functionals, scale)),
      targets,
      known,
    };
  });
}

/** The text the reward model reads: the completion as the policy writes it. */
export function completionText(c: Completion): string {
  return `<think>${c.reasoning}</think><answer>${c.answer}</answer>`;
}

/** Token ids and mask of a completion at the graph's fixed length (longer texts keep their start). */
export function encodeCompletion(c: Completion, tokenizer: TextTokenizer, tokens: number): { ids: number[]; mask: number[] } {
  const encoded = tokenizer.encode(completionText(c)).slice(0, tokens);
  const pad = tokenizer.tokenId('<pad>') ?? 0;
  const ids = Array.from({ length: tokens }, (_, i) => encoded[i] ?? pad);
  const mask = Array.from({ length: tokens }, (_, i) => (i < encoded.length ? 1 : 0));
  return { ids, mask };
}

/** One line of the training graph's tensor-jsonl dataset (row_mask is added by the reader). */
export function tensorRow(example: RewardExample, tokenizer: TextTokenizer, tokens: number): Record<string, number[]> {
  const { ids, mask } = encodeCompletion(example.completion, tokenizer, tokens);
  return {
    prosody_vector: Array.from(example.prosody, (v) => Math.round(v * 1e4) / 1e4),
    input_ids: ids,
    token_mask: mask,
    target_scores: REASONING_CRITERIA.map((c) => Math.round(example.targets[c] * 1e3) / 1e3),
    target_mask: REASONING_CRITERIA.map((c) => (example.known[c] ? 1 : 0)),
  };
}
