// The four target scores of a (possibly corrupted) completion. Interpretative quality and fluency
// come from what the corruption did (corruptions.ts); caption completeness is measured on the text by
// the evidence checker, so a target never credits a cue the text lacks. Factual alignment costs two
// points per false fact — the checker's contradicted claims or the corruption's known swaps, whichever
// is more (the checker does not parse every wording, a swap is false by construction): one wrong
// fact already makes an explanation one a clinician should not trust.
import { REASONING_CRITERIA, type CriterionScores } from '../../../shared/types/grpo';
import { checkEvidence, type CheckOptions, type EvidenceProsody } from '../../data/evidence/check-evidence';
import { CAPTION_ATTRIBUTES } from '../training/grpo/evidence-scorer';
import type { Corrupted } from './corruptions';

/** Factual alignment when the text makes no checkable claim: neither right nor wrong. */
const NOTHING_CHECKABLE = 3;
const POINTS_PER_FALSE_FACT = 2;

export function targetScores(completion: Corrupted, prosody: EvidenceProsody, options: CheckOptions = {}): CriterionScores {
  const report = checkEvidence(completion.reasoning, prosody, options);
  const checkable = report.verified + report.contradicted;
  const covered = new Set(report.claims.filter((c) => c.verdict === 'verified').map((c) => c.attribute));
  const scores: CriterionScores = {
    factualAlignment:
      checkable === 0 && completion.factualErrors === 0
        ? NOTHING_CHECKABLE
        : 5 - POINTS_PER_FALSE_FACT * Math.max(report.contradicted, completion.factualErrors),
    interpretativeQuality: completion.interpretativeQuality,
    captionCompleteness: 1 + (4 * CAPTION_ATTRIBUTES.filter((a) => covered.has(a)).length) / CAPTION_ATTRIBUTES.length,
    fluencyStructure: completion.fluencyStructure,
  };
  for (const c of REASONING_CRITERIA) scores[c] = Math.min(5, Math.max(1, scores[c]));
  return scores;
}
