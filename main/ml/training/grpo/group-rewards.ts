// Rewards of a batch of groups (K completions of one clip each): format and outcome for every
// completion; when the schedule has R_reason on, the four criteria from the scorer for groups that
// have both right and wrong answers, τ per group, and the weighted total. All-right and all-wrong
// groups are not sent to the scorer (issue 12): their τ is undefined, and R_reason alone would only
// rank reasonings of equally right answers — cheap to skip, and the paper's trust rule needs both.
import type { CompletionRewards, CriterionScores, GrpoRewardConfig } from '../../../../shared/types/grpo';
import type { EvidenceProsody } from '../../../data/evidence/check-evidence';
import type { ClipFeatures } from '../../features/clip-features';
import { formatReward, outcomeReward, reasoningReward, type JudgedCompletion } from './reward-components';
import type { ReasoningScorer, ReasoningScoreRequest } from './reasoning-scorer';
import type { ProsodyFunctionals } from '../../../../shared/types/prosody';
import { groupTrust } from './trust';

export interface RewardGroup {
  clipId: string;
  truth: string;
  completions: JudgedCompletion[];
  prosody?: EvidenceProsody;
  features?: ClipFeatures;
  functionals?: ProsodyFunctionals;
}

export interface GroupRewards {
  clipId: string;
  rewards: CompletionRewards[];
  /** τ of the group (1 when it was not scored). */
  trust: number;
  /** The scorer judged this group's reasonings. */
  scored: boolean;
  correct: number;
}

export interface BatchRewards {
  groups: GroupRewards[];
  /** Reasonings sent to the scorer. */
  scorerCalls: number;
}

export async function rewardGroups(
  groups: readonly RewardGroup[],
  config: GrpoRewardConfig,
  reasoningOn: boolean,
  scorer?: ReasoningScorer,
): Promise<BatchRewards> {
  const outcomes = groups.map((g) => g.completions.map((c) => outcomeReward(c, g.truth)));
  const toScore = groups.map(
    (g, i) => reasoningOn && g.completions.length > 0 && outcomes[i]!.some((o) => o === 1) && outcomes[i]!.some((o) => o === 0),
  );
  const requests: ReasoningScoreRequest[] = [];
  groups.forEach((g, i) => {
    if (!toScore[i]) return;
    for (const c of g.completions) {
      requests.push({
        clipId: g.clipId,
        reasoning: c.parsed.reasoning,
        answer: c.parsed.label,
        ...(g.prosody ? { prosody: g.prosody } : {}),
        ...(g.features ? { features: g.features } : {}),
        ...(g.functionals ? { functionals: g.functionals } : {}),
      });
    }
  });
  let scores: CriterionScores[] = [];
  if (requests.length > 0) {
    if (!scorer) throw new Error('R_reason is on but no reasoning scorer was given');
    scores = await scorer.score(requests);
    if (scores.length !== requests.length)
      throw new Error(`${scorer.name} returned ${scores.length} scores for ${requests.length} reasonings`);
  }
  let next = 0;
  const { weights } = config;
  const result = groups.map((g, i): GroupRewards => {
    const outcome = outcomes[i]!;
    const format = g.completions.map(formatReward);
    const correct = outcome.filter((o) => o === 1).length;
    if (!toScore[i]) {
      const rewards = g.completions.map((_, k) => ({
        format: format[k]!,
        outcome: outcome[k]!,
        reason: null,
        criteria: null,
        trust: 1,
        total: weights.format * format[k]! + weights.outcome * outcome[k]!,
      }));
      return { clipId: g.clipId, rewards, trust: 1, scored: false, correct };
    }
    const criteria = scores.slice(next, next + g.completions.length);
    next += g.completions.length;
    const reason = criteria.map((s) => reasoningReward(s, config.criterionWeights));
    const trust = config.useTrust
      ? groupTrust(
          reason,
          outcome.map((o) => o === 1),
        ).trust
      : 1;
    const rewards = g.completions.map((_, k) => ({
      format: format[k]!,
      outcome: outcome[k]!,
      reason: reason[k]!,
      criteria: criteria[k]!,
      trust,
      total: weights.format * format[k]! + weights.outcome * outcome[k]! + weights.reasoning * trust * reason[k]!,
    }));
    return { clipId: g.clipId, rewards, trust, scored: true, correct };
  });
  return { groups: result, scorerCalls: requests.length };
}
