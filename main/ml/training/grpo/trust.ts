// The trust weight τ of GRPO-PTR (DESIGN.md): per group, τ = 1 when the mean R_reason of the correct
// completions is at least that of the wrong ones, else exp(mean_correct − mean_wrong) < 1 — the reward
// model is trusted less when it prefers the reasoning of wrong answers.

export interface GroupTrust {
  trust: number;
  /** Mean R_reason of the correct / wrong completions; null when the group has none of that kind. */
  meanCorrect: number | null;
  meanWrong: number | null;
}

/**
 * τ for one group. With only correct or only wrong completions there is nothing to compare and τ = 1
 * (such groups are not scored at all: see group-rewards.ts). Ties give τ = 1.
 */
export function groupTrust(reasonRewards: readonly number[], correct: readonly boolean[]): GroupTrust {
  if (reasonRewards.length !== correct.length)
    throw new RangeError(`${reasonRewards.length} R_reason values for ${correct.length} completions`);
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
  const meanCorrect = mean(reasonRewards.filter((_, i) => correct[i]));
  const meanWrong = mean(reasonRewards.filter((_, i) => !correct[i]));
  if (meanCorrect === null || meanWrong === null || meanCorrect >= meanWrong) return { trust: 1, meanCorrect, meanWrong };
  return { trust: Math.exp(meanCorrect - meanWrong), meanCorrect, meanWrong };
}
