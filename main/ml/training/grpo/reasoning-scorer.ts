// Who supplies the four reasoning scores: a trained reasoning reward model (issue 12, a later part)
// or the app's evidence checker (evidence-scorer.ts). GRPO-PTR only needs this interface.
import type { CriterionScores } from '../../../../shared/types/grpo';
import type { EvidenceProsody } from '../../../data/evidence/check-evidence';
import type { ClipFeatures } from '../../features/clip-features';

/** One reasoning to judge, with what a scorer may need to know about its clip. */
export interface ReasoningScoreRequest {
  clipId: string;
  /** The reasoning inside <think>…</think>. */
  reasoning: string;
  /** The label the completion answered (null when it gave none). */
  answer: string | null;
  /** The clip's measured prosody (the evidence checker needs it). */
  prosody?: EvidenceProsody;
  /** The clip's model inputs (a reward model on the same engine needs them). */
  features?: ClipFeatures;
}

export interface ReasoningScorer {
  /** Shown in metrics and the completions file, e.g. "evidence-checker". */
  readonly name: string;
  /** Four scores in 1..5 per request, in order. */
  score(requests: readonly ReasoningScoreRequest[]): Promise<CriterionScores[]>;
}
