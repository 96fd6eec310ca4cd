// Group-relative advantages (GRPO, Shao et al. 2024): A_i = (R_i − mean_group) / (std + ε), the std
// being the group's (`group`, the paper), the whole batch's (`batch`, TRL's scale_rewards="batch",
// which keeps near-uniform groups from being blown up) or none (`none`, Dr. GRPO, Liu et al. 2025).
// std is the unbiased sample std (n − 1), as torch.std in TRL and verl. A group whose rewards all
// agree carries no learning signal: its advantages are 0 and it is counted as zero-spread.
import type { AdvantageScale } from '../../../../shared/types/grpo';

/** Rewards closer than this count as equal (float sums of 0.3/1.0/0.5·τ·R weights). */
export const ZERO_SPREAD_TOLERANCE = 1e-9;

export interface Advantages {
  /** Per group, per completion. */
  advantages: number[][];
  /** Per group: every reward equal (or fewer than two completions). */
  zeroSpread: boolean[];
  zeroSpreadGroups: number;
  /** zeroSpreadGroups / non-empty groups (0 with no groups). */
  zeroSpreadFraction: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) * (x - m), 0) / (xs.length - 1));
}

export function groupAdvantages(rewards: readonly (readonly number[])[], scale: AdvantageScale, epsilon = 1e-4): Advantages {
  if (!(epsilon > 0)) throw new RangeError('epsilon must be > 0');
  for (const group of rewards) if (group.some((r) => !Number.isFinite(r))) throw new RangeError('rewards must be finite');
  const batchStd = sampleStd(rewards.flat());
  const zeroSpread = rewards.map((g) => g.length < 2 || Math.max(...g) - Math.min(...g) <= ZERO_SPREAD_TOLERANCE);
  const advantages = rewards.map((group, i) => {
    if (zeroSpread[i]) return group.map(() => 0);
    const m = mean(group);
    const divisor = scale === 'group' ? sampleStd(group) + epsilon : scale === 'batch' ? batchStd + epsilon : 1;
    return group.map((r) => (r - m) / divisor);
  });
  const nonEmpty = rewards.filter((g) => g.length > 0).length;
  const zeroSpreadGroups = zeroSpread.filter((z, i) => z && rewards[i]!.length > 0).length;
  return { advantages, zeroSpread, zeroSpreadGroups, zeroSpreadFraction: nonEmpty === 0 ? 0 : zeroSpreadGroups / nonEmpty };
}

/**
 * Capped resampling of zero-spread groups: which of them to sample again, given how many resamples
 * this step has already spent (at most `maxPerStep` per step; groups in order).
 */
export function groupsToResample(zeroSpread: readonly boolean[], alreadyResampled: number, maxPerStep: number): number[] {
  const budget = Math.max(0, maxPerStep - alreadyResampled);
  return zeroSpread.flatMap((z, i) => (z ? [i] : [])).slice(0, budget);
}
