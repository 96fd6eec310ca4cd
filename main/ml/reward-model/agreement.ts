// How well a reward model's scores agree with held-out targets, per criterion: Spearman's ρ (rank
// correlation, ties given their mean rank) and the share of scores that round to the target exactly
// or within one point — the figures issue 12 asks the model card to report.
import { REASONING_CRITERIA, type CriterionScores, type ReasoningCriterion } from '../../../shared/types/grpo';

export interface CriterionAgreement {
  spearman: number;
  exact: number;
  withinOne: number;
  /** Mean absolute error, in score points. */
  mae: number;
  n: number;
}

/** Ranks 1..n, tied values sharing their mean rank. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) out[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman's ρ: Pearson's correlation of the ranks; NaN when either side is constant. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new RangeError('spearman needs two series of equal length');
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i]! - ma) * (rb[i]! - mb);
    da += (ra[i]! - ma) ** 2;
    db += (rb[i]! - mb) ** 2;
  }
  return da === 0 || db === 0 ? Number.NaN : num / Math.sqrt(da * db);
}

export function agreement(
  predicted: readonly CriterionScores[],
  targets: readonly CriterionScores[],
): Record<ReasoningCriterion, CriterionAgreement> {
  if (predicted.length !== targets.length || predicted.length === 0)
    throw new RangeError('agreement needs as many predictions as targets, at least one');
  const out = {} as Record<ReasoningCriterion, CriterionAgreement>;
  for (const c of REASONING_CRITERIA) {
    const p = predicted.map((s) => s[c]);
    const t = targets.map((s) => s[c]);
    const diffs = p.map((v, i) => Math.abs(Math.round(v) - Math.round(t[i]!)));
    out[c] = {
      spearman: spearman(p, t),
      exact: diffs.filter((d) => d === 0).length / diffs.length,
      withinOne: diffs.filter((d) => d <= 1).length / diffs.length,
      mae: p.reduce((s, v, i) => s + Math.abs(v - t[i]!), 0) / p.length,
      n: p.length,
    };
  }
  return out;
}

/** The mean of the four criteria (R_reason with equal weights, before the /5). */
export function meanScore(s: CriterionScores): number {
  return REASONING_CRITERIA.reduce((sum, c) => sum + s[c], 0) / REASONING_CRITERIA.length;
}
