// The dashboard's chart lines (issue 13): for one chart, each run's series as a faint raw line and a
// smoothed line over it (debiased EMA), by step or by time, ready for a line chart. Pure, so the
// smoothing and the log-axis gaps are tested without a canvas.
import type { JobMetrics, MetricSeries } from '../types/training-jobs';
import { emaDebiased, forLogScale } from './chart-series';
import type { MetricChartSpec } from './metric-charts';

/** One line of a chart. */
export interface ChartLine {
  label: string;
  /** Which run (0 = the job on the page, then the compared ones), for its colour. */
  run: number;
  /** Which of the chart's series, for its dash. */
  series: number;
  kind: 'raw' | 'smoothed';
  points: { x: number; y: number | null }[];
}

export interface ChartOptions {
  /** EMA weight 0..0.99 (0: no smoothed line). */
  smoothing: number;
  x: 'step' | 'time';
  log: boolean;
}

/** A run on the chart: its name and its metrics. */
export interface ChartRun {
  name: string;
  metrics: JobMetrics;
}

export function chartLines(spec: MetricChartSpec, runs: readonly ChartRun[], options: ChartOptions): ChartLine[] {
  const lines: ChartLine[] = [];
  const compare = runs.length > 1;
  runs.forEach((run, runIndex) => {
    spec.series.forEach((entry, seriesIndex) => {
      const series = run.metrics.series.find((s) => s.key === entry.key);
      if (!series || series.values.length === 0) return;
      const xs = options.x === 'step' ? series.steps : series.timesS;
      const name = compare ? `${run.name} · ${entry.label}` : entry.label;
      const toPoints = (values: readonly number[]) => {
        const ys = options.log && !spec.share ? forLogScale(values as number[]) : values.map((v) => (Number.isFinite(v) ? v : null));
        return xs.map((x, i) => ({ x, y: ys[i] ?? null }));
      };
      lines.push({ label: name, run: runIndex, series: seriesIndex, kind: 'raw', points: toPoints(series.values) });
      if (options.smoothing > 0)
        lines.push({
          label: `${name} (smoothed)`,
          run: runIndex,
          series: seriesIndex,
          kind: 'smoothed',
          points: toPoints(emaDebiased(series.values, options.smoothing)),
        });
    });
  });
  return lines;
}

/** The latest value of a series (for the chart's headline), or null. */
export function latestValue(series: MetricSeries | undefined): number | null {
  if (!series) return null;
  for (let i = series.values.length - 1; i >= 0; i--) if (Number.isFinite(series.values[i]!)) return series.values[i]!;
  return null;
}
