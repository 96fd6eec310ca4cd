// The evidence checker as a reasoning scorer: the four criteria read off measurable facts, for the
// "checker instead of the trained reward model" ablation and until that model exists. These are
// proxies, stated plainly so nobody mistakes them for judged scores:
//   factual alignment     1 + 4 · verified / (verified + contradicted); 1 with no checkable claim
//   interpretative quality 5 when the closing sentence concludes the answered label, 3 when it
//                         concludes nothing recognisable, 1 when it concludes another label; −2
//                         (floor 1) when the "nearest alternative" is the answer itself (issue 12)
//   caption completeness  1 + 4 · (caption attributes with a verified claim) / 4
//   fluency & structure   1 + 4 · (distinct sentences / sentences), 1 for an empty reasoning
import { REASONING_CRITERIA, type CriterionScores } from '../../../../shared/types/grpo';
import type { ClaimAttribute } from '../../../../shared/types/evidence';
import { checkEvidence, type CheckOptions } from '../../../data/evidence/check-evidence';
import { alternativeLabel, concludedLabel } from '../../../data/evidence/conclusion';
import type { ReasoningScorer, ReasoningScoreRequest } from './reasoning-scorer';

/** The attributes an EmotionCoT caption states (pitch, energy, speed level and intonation). */
export const CAPTION_ATTRIBUTES: readonly ClaimAttribute[] = ['pitch-level', 'energy-level', 'speed-level', 'intonation-pattern'];

const clampScore = (x: number) => Math.min(5, Math.max(1, x));

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

/** The four proxy scores of one reasoning (see the header for the rules). */
export function evidenceScores(request: ReasoningScoreRequest, labels: readonly string[], options: CheckOptions = {}): CriterionScores {
  if (!request.prosody) throw new RangeError(`clip ${request.clipId}: the evidence checker needs the clip's prosody`);
  const reasoning = request.reasoning.trim();
  if (reasoning === '') return { factualAlignment: 1, interpretativeQuality: 1, captionCompleteness: 1, fluencyStructure: 1 };
  const report = checkEvidence(reasoning, request.prosody, options);
  const checkable = report.verified + report.contradicted;
  const factualAlignment = checkable === 0 ? 1 : 1 + (4 * report.verified) / checkable;
  const concluded = concludedLabel(reasoning, labels);
  let interpretativeQuality = concluded === null ? 3 : concluded === request.answer ? 5 : 1;
  if (request.answer !== null && alternativeLabel(reasoning, labels) === request.answer) interpretativeQuality -= 2;
  const covered = new Set(report.claims.filter((c) => c.verdict === 'verified').map((c) => c.attribute));
  const captionCompleteness = 1 + (4 * CAPTION_ATTRIBUTES.filter((a) => covered.has(a)).length) / CAPTION_ATTRIBUTES.length;
  const all = sentences(reasoning);
  const fluencyStructure = 1 + (4 * new Set(all).size) / all.length;
  const scores = { factualAlignment, interpretativeQuality, captionCompleteness, fluencyStructure };
  for (const c of REASONING_CRITERIA) scores[c] = clampScore(scores[c]);
  return scores;
}

export class EvidenceCheckerScorer implements ReasoningScorer {
  readonly name = 'evidence-checker';

  constructor(
    private readonly labels: readonly string[],
    private readonly options: CheckOptions = {},
  ) {}

  async score(requests: readonly ReasoningScoreRequest[]): Promise<CriterionScores[]> {
    return requests.map((r) => evidenceScores(r, this.labels, this.options));
  }
}
