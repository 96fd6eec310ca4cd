// Guardrail warnings of the training dashboard (issue 13): signs that a run has stopped learning
// or learns the wrong thing, from its per-step metrics. Each rule compares windows of recent steps
// with earlier ones, so one noisy step does not raise a warning (except a KL spike, which is one).
import type { GuardrailWarning } from '../types/training-jobs';

/** Per-step series (NaN where a step has no value), all as long as `steps`. */
export interface GuardrailInput {
  steps: readonly number[];
  zeroSpread?: readonly number[];
  truncation?: readonly number[];
  completionLength?: readonly number[];
  entropy?: readonly number[];
  kl?: readonly number[];
  rewardReason?: readonly number[];
  accuracy?: readonly number[];
}

/** Thresholds, named after what they guard (DeepSeek-R1/DAPO-style GRPO diagnostics). */
export const GUARDRAIL_LIMITS = {
  /** Share of groups whose K completions all got the same reward: no gradient from them. */
  zeroSpread: 0.8,
  /** Truncated share must rise by this much (and be above `truncationFloor`) to warn. */
  truncationRise: 0.1,
  truncationFloor: 0.2,
  /** Mean completion length drifting by this factor either way. */
  lengthDriftRatio: 1.5,
  /** Entropy falling below this share of its early level, or below `entropyFloor` nats. */
  entropyCollapseShare: 0.25,
  entropyFloor: 0.05,
  /** A KL value this many times the median of the steps before it (and above `klFloor`). */
  klSpikeFactor: 4,
  klFloor: 0.01,
  /** Reasoning reward up and accuracy down by at least this much between windows. */
  divergence: 0.05,
} as const;

const mean = (values: readonly number[]) => {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    sum += v;
    count += 1;
  }
  return count === 0 ? Number.NaN : sum / count;
};

/** Window length for `n` steps: a quarter of the run, between 5 and 50 steps. */
export function guardrailWindow(n: number): number {
  return Math.max(5, Math.min(50, Math.floor(n / 4)));
}

/** Every warning that holds for the run so far, in a fixed order. */
export function guardrailWarnings(input: GuardrailInput): GuardrailWarning[] {
  const n = input.steps.length;
  if (n === 0) return [];
  const w = guardrailWindow(n);
  const head = (s: readonly number[]) => s.slice(0, w);
  const tail = (s: readonly number[]) => s.slice(Math.max(0, n - w));
  const startOfTail = input.steps[Math.max(0, n - w)]!;
  const hasTrend = n >= 2 * w;
  const out: GuardrailWarning[] = [];
  const L = GUARDRAIL_LIMITS;

  if (input.zeroSpread) {
    const recent = mean(tail(input.zeroSpread));
    if (recent > L.zeroSpread) {
      out.push({
        kind: 'zero-spread',
        step: startOfTail,
        message: `${Math.round(recent * 100)} % of groups had no reward spread over the last ${Math.min(w, n)} steps (> ${L.zeroSpread * 100} %): those groups give no gradient. Raise K, the temperature, or use harder/easier clips.`,
      });
    }
  }
  if (input.truncation && hasTrend) {
    const [early, late] = [mean(head(input.truncation)), mean(tail(input.truncation))];
    if (late > L.truncationFloor && late - early > L.truncationRise) {
      out.push({
        kind: 'truncation-rising',
        step: startOfTail,
        message: `Truncated completions rose from ${pct(early)} to ${pct(late)}: completions hit the token limit and are masked out of the loss. Raise max tokens or check for rambling.`,
      });
    }
  }
  if (input.completionLength && hasTrend) {
    const [early, late] = [mean(head(input.completionLength)), mean(tail(input.completionLength))];
    if (early > 0 && (late / early > L.lengthDriftRatio || early / late > L.lengthDriftRatio)) {
      out.push({
        kind: 'length-drift',
        step: startOfTail,
        message: `Mean completion length drifted from ${early.toFixed(0)} to ${late.toFixed(0)} tokens (${late > early ? 'longer' : 'shorter'} by more than ×${L.lengthDriftRatio}).`,
      });
    }
  }
  if (input.entropy && hasTrend) {
    const [early, late] = [mean(head(input.entropy)), mean(tail(input.entropy))];
    if (late < L.entropyFloor || (early > 0 && late < early * L.entropyCollapseShare)) {
      out.push({
        kind: 'entropy-collapse',
        step: startOfTail,
        message: `Policy entropy fell from ${early.toFixed(3)} to ${late.toFixed(3)} nats per token: the model is collapsing onto a few answers. Lower the learning rate or raise β.`,
      });
    }
  }
  if (input.kl) {
    const spikes: number[] = [];
    // The median of the 20 steps before, in a reused typed buffer: 100,000 steps stay fast.
    const window = new Float64Array(20);
    for (let i = 5; i < n; i++) {
      const v = input.kl[i]!;
      if (!Number.isFinite(v) || v <= L.klFloor) continue;
      let count = 0;
      for (let j = Math.max(0, i - 20); j < i; j++) {
        const x = input.kl[j]!;
        if (!Number.isFinite(x)) continue;
        // Insertion into the sorted buffer (at most 20 values: cheaper than a sort call).
        let k = count++;
        for (; k > 0 && window[k - 1]! > x; k -= 1) window[k] = window[k - 1]!;
        window[k] = x;
      }
      if (count === 0) continue;
      const before = window[Math.floor(count / 2)]!;
      if (v > L.klSpikeFactor * Math.max(before, L.klFloor / L.klSpikeFactor)) spikes.push(i);
    }
    if (spikes.length > 0) {
      const last = spikes.at(-1)!;
      out.push({
        kind: 'kl-spike',
        step: input.steps[last]!,
        message: `KL to the start model spiked ${spikes.length === 1 ? 'once' : `${spikes.length} times`}, last at step ${input.steps[last]} (${input.kl[last]!.toFixed(3)}, more than ×${L.klSpikeFactor} the steps before). Lower the learning rate or raise β.`,
      });
    }
  }
  if (input.rewardReason && input.accuracy && hasTrend) {
    // The last window against every step before it (R_reason is NaN before it switches on).
    const [reasonEarly, reasonLate] = [mean(input.rewardReason.slice(0, n - w)), mean(tail(input.rewardReason))];
    const [accEarly, accLate] = [mean(input.accuracy.slice(0, n - w)), mean(tail(input.accuracy))];
    if (reasonLate - reasonEarly >= L.divergence && accEarly - accLate >= L.divergence) {
      out.push({
        kind: 'reason-vs-accuracy',
        step: startOfTail,
        message: `The reasoning reward rose (${reasonEarly.toFixed(2)} → ${reasonLate.toFixed(2)}) while accuracy fell (${pct(accEarly)} → ${pct(accLate)}): the model may be writing to please the scorer rather than to be right. Check τ is on.`,
      });
    }
  }
  return out;
}

const pct = (v: number) => `${Math.round(v * 100)} %`;
