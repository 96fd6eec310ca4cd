import { describe, expect, it } from 'vitest';
import type { JobMetrics } from '../types/training-jobs';
import { METRIC_CHARTS } from './metric-charts';
import { chartLines, latestValue } from './training-chart-data';

const metrics = (values: number[]): JobMetrics => ({
  jobId: 'job-1',
  records: values.length,
  series: [{ key: 'loss', steps: values.map((_, i) => i + 1), timesS: values.map((_, i) => i * 0.5), values }],
  reasoningOnStep: null,
  warnings: [],
});
const loss = METRIC_CHARTS.find((c) => c.id === 'loss')!;

describe('chartLines', () => {
  it('draws the raw line and a debiased smoothed line by step', () => {
    const lines = chartLines(loss, [{ name: 'a', metrics: metrics([4, 2, 1]) }], { smoothing: 0.6, x: 'step', log: false });
    expect(lines.map((l) => [l.label, l.kind])).toEqual([
      ['training loss', 'raw'],
      ['training loss (smoothed)', 'smoothed'],
    ]);
    expect(lines[0]!.points).toEqual([
      { x: 1, y: 4 },
      { x: 2, y: 2 },
      { x: 3, y: 1 },
    ]);
    expect(lines[1]!.points[0]!.y).toBeCloseTo(4); // debiased: starts at the first value
    expect(lines[1]!.points[2]!.y!).toBeGreaterThan(1);
  });

  it('uses seconds on a time axis and leaves values a log axis cannot draw as gaps', () => {
    const [raw] = chartLines(loss, [{ name: 'a', metrics: metrics([1, 0, 0.5]) }], { smoothing: 0, x: 'time', log: true });
    expect(raw!.points).toEqual([
      { x: 0, y: 1 },
      { x: 0.5, y: null },
      { x: 1, y: 0.5 },
    ]);
  });

  it('names each run’s lines when runs are compared', () => {
    const lines = chartLines(
      loss,
      [
        { name: 'first', metrics: metrics([1]) },
        { name: 'second', metrics: metrics([2]) },
      ],
      { smoothing: 0, x: 'step', log: false },
    );
    expect(lines.map((l) => [l.label, l.run])).toEqual([
      ['first · training loss', 0],
      ['second · training loss', 1],
    ]);
  });

  it('gives the latest finite value for the headline', () => {
    expect(latestValue(metrics([3, Number.NaN]).series[0])).toBe(3);
    expect(latestValue(undefined)).toBeNull();
  });
});
