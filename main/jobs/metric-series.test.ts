import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GrpoStepMetrics } from '../../shared/types/grpo';
import type { TrainingMetricRecord } from '../../shared/types/training';
import { truncateMetricsAfter } from '../ml/training/metrics-log';
import { hasStep, JsonlTail } from './jsonl-tail';
import { jobMetrics } from './metric-series';

const start = Date.parse('2026-01-01T00:00:00Z');
const sft = (step: number): TrainingMetricRecord => ({
  step,
  epoch: 0,
  loss: 5 / step,
  gradNorm: 1,
  lr: 1e-4,
  stepMs: 100,
  examples: 4,
  time: new Date(start + step * 100).toISOString(),
});

function grpo(step: number, over: Partial<GrpoStepMetrics> = {}): TrainingMetricRecord {
  const g: GrpoStepMetrics = {
    step,
    optimizerSteps: 1,
    clips: 2,
    completions: 6,
    reward: { total: [0.5, 0.1], format: [1, 0], outcome: [0.3, 0.4], reason: step > 2 ? [0.6, 0.1] : null },
    trustMean: step > 2 ? 0.8 : null,
    outcomeAccuracy: 0.3,
    rollingAccuracy: null,
    reasoningOn: step > 2,
    switchedOnAtStep: step > 2 ? 2 : null,
    zeroSpreadFraction: 0.95,
    resampledGroups: 0,
    scorerCalls: 1,
    loss: null,
    kl: null,
    gradNorm: null,
    entropy: 1.2,
    clipFractionLow: 0,
    clipFractionHigh: 0,
    completionLengthMean: 12,
    completionLengthMax: 12,
    truncationShare: 1,
    rolloutMs: 100,
    stepMs: 200,
    rolloutTokensPerS: 400,
    ...over,
  };
  return { ...sft(step), loss: Number.NaN, gradNorm: Number.NaN, grpo: g };
}

describe('jobMetrics', () => {
  it('has the series an SFT job’s records carry, and only those', () => {
    const m = jobMetrics('job-1', [1, 2, 3].map(sft), 100);
    expect(m.series.map((s) => s.key)).toEqual(['loss', 'lr', 'gradNorm', 'examplesPerS', 'stepMs']);
    const loss = m.series[0]!;
    expect(loss.steps).toEqual([1, 2, 3]);
    expect(loss.timesS).toEqual([0.1, 0.2, 0.3].map((t) => expect.closeTo(t, 9)));
    expect(m.series.find((s) => s.key === 'examplesPerS')!.values).toEqual([40, 40, 40]);
  });

  it('reads a GRPO job’s rewards, τ, switch-on step and guardrails; steps without an update have no loss', () => {
    const m = jobMetrics(
      'job-1',
      [1, 2, 3, 4].map((s) => grpo(s)),
      100,
    );
    const keys = m.series.map((s) => s.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'accuracy',
        'rewardTotal',
        'rewardFormat',
        'rewardOutcome',
        'rewardReason',
        'trust',
        'zeroSpread',
        'entropy',
        'truncation',
        'tokensPerS',
      ]),
    );
    expect(keys).not.toContain('loss');
    expect(keys).not.toContain('kl');
    expect(m.series.find((s) => s.key === 'rewardReason')!.steps).toEqual([3, 4]);
    expect(m.reasoningOnStep).toBe(2);
    expect(m.warnings.map((w) => w.kind)).toContain('zero-spread');
  });

  it('keeps 100,000 steps responsive: every series decimated to the requested points within 1.5 s even on a busy 2-core machine', () => {
    const records = Array.from({ length: 100_000 }, (_, i) => grpo(i + 1, { kl: i === 61_234 ? 3 : 0.02 + (i % 10) * 0.001, loss: 0.1 }));
    const started = performance.now();
    const m = jobMetrics('job-1', records, 1000);
    const ms = performance.now() - started;
    expect(ms).toBeLessThan(1500);
    for (const s of m.series) expect(s.values.length).toBeLessThanOrEqual(1000);
    expect(Math.max(...m.series.find((s) => s.key === 'kl')!.values)).toBe(3); // the spike survives
    expect(m.warnings.map((w) => w.kind)).toContain('kl-spike');
    expect(m.records).toBe(100_000);
  });
});

describe('JsonlTail', () => {
  it('reads only what was appended, waits for a torn line, and starts over when the file is rewritten', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tail-')), 'metrics.jsonl');
    const tail = new JsonlTail<TrainingMetricRecord>(file, hasStep<TrainingMetricRecord>);
    expect(tail.read()).toEqual([]);
    writeFileSync(file, `${JSON.stringify(sft(1))}\n${JSON.stringify(sft(2))}\n{"step": 3, "lo`);
    expect(tail.read().map((r) => r.step)).toEqual([1, 2]);
    appendFileSync(file, `ss": 1}\n${JSON.stringify(sft(4))}\n`);
    expect(tail.read().map((r) => r.step)).toEqual([1, 2, 3, 4]);
    // A resume cuts the steps it will redo (rewrite + rename: a new file).
    truncateMetricsAfter(file, 2);
    expect(tail.read().map((r) => r.step)).toEqual([1, 2]);
  });
});
