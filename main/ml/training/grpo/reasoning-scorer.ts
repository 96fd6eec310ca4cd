// Who supplies the four reasoning scores: the trained reasoning reward model
// (main/ml/reward-model/reward-model-scorer.ts) or the app's evidence checker (evidence-scorer.ts). GRPO-PTR only needs this interface.
import type { CriterionScores } from '../../../../shared/types/grpo';
import type { EvidenceProsody } from '../../../data/evidence/check-evidence';
import type { ClipFeatures } from '../../features/clip-features';
import type { ProsodyFunctionals } from '../../../../shared/types/prosody';

/** One reasoning to judge, with what a scorer may need to know about its clip. */
export interface ReasoningScoreRequest {
  clipId: string;
  /** The reasoning inside <think>…</think>. */
  reasoning: string;
  /** The label the completion answered (null when it gave none). */
  answer: string | null;
  /** The clip's measured prosody (the evidence checker needs it). */
  prosody?: EvidenceProsody;
  /** The clip's model inputs. */
  features?: ClipFeatures;
  /** The clip's functionals (the reasoning reward model reads them on its own scale). */
  functionals?: ProsodyFunctionals;
}

export interface ReasoningScorer {
  /** Shown in metrics and the completions file, e.g. "evidence-checker". */
  readonly name: string;
  /** Four scores in 1..5 per request, in order. */
  score(requests: readonly ReasoningScoreRequest[]): Promise<CriterionScores[]>;
  /** Frees what the scorer holds (an ONNX session); absent for scorers that hold nothing. */
  release?(): Promise<void>;
}
