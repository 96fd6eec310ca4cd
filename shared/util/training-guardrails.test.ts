import { describe, expect, it } from 'vitest';
import { guardrailWarnings } from './training-guardrails';

const steps = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const ramp = (n: number, from: number, to: number) => Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
const flat = (n: number, v: number) => new Array<number>(n).fill(v);
const kinds = (input: Parameters<typeof guardrailWarnings>[0]) => guardrailWarnings(input).map((w) => w.kind);

describe('training guardrails', () => {
  it('says nothing about a healthy run', () => {
    const n = 100;
    expect(
      kinds({
        steps: steps(n),
        zeroSpread: flat(n, 0.3),
        truncation: flat(n, 0.05),
        completionLength: flat(n, 60),
        entropy: ramp(n, 1.2, 0.9),
        kl: ramp(n, 0, 0.05),
        rewardReason: ramp(n, 0.4, 0.6),
        accuracy: ramp(n, 0.3, 0.5),
      }),
    ).toEqual([]);
  });

  it('warns when more than 80 % of groups have no reward spread recently', () => {
    const n = 40;
    const warnings = guardrailWarnings({ steps: steps(n), zeroSpread: [...flat(30, 0.2), ...flat(10, 0.95)] });
    expect(warnings.map((w) => w.kind)).toEqual(['zero-spread']);
    expect(warnings[0]!.message).toMatch(/95 %/);
  });

  it('warns when truncation rises and when the completion length drifts, but not on a short run', () => {
    const n = 80;
    expect(kinds({ steps: steps(n), truncation: ramp(n, 0.02, 0.5) })).toEqual(['truncation-rising']);
    expect(kinds({ steps: steps(n), completionLength: ramp(n, 40, 120) })).toEqual(['length-drift']);
    expect(kinds({ steps: steps(n), completionLength: ramp(n, 120, 40) })).toEqual(['length-drift']);
    expect(kinds({ steps: steps(6), truncation: ramp(6, 0, 0.9) })).toEqual([]);
  });

  it('warns on entropy collapse', () => {
    expect(kinds({ steps: steps(60), entropy: ramp(60, 1.5, 0.01) })).toEqual(['entropy-collapse']);
  });

  it('finds a KL spike against the steps before it, not a steady rise', () => {
    const kl = ramp(60, 0.01, 0.08);
    expect(kinds({ steps: steps(60), kl })).toEqual([]);
    kl[41] = 0.9;
    const warning = guardrailWarnings({ steps: steps(60), kl })[0]!;
    expect(warning).toMatchObject({ kind: 'kl-spike', step: 42 });
  });

  it('warns when the reasoning reward rises while accuracy falls', () => {
    const n = 80;
    const reason = [...flat(40, 0.4), ...flat(40, 0.7)];
    const accuracy = [...flat(40, 0.6), ...flat(40, 0.4)];
    expect(kinds({ steps: steps(n), rewardReason: reason, accuracy })).toEqual(['reason-vs-accuracy']);
    expect(kinds({ steps: steps(n), rewardReason: reason, accuracy: flat(n, 0.6) })).toEqual([]);
  });
});
