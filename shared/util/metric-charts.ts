// Which charts the training dashboard draws and what they are called: each chart groups series that
// share a unit (the reward components on one, accuracy and its rolling window on another). A chart is
// shown when the job's metrics carry at least one of its series.
import type { MetricSeriesKey } from '../types/training-jobs';

/** A chart of the dashboard. */
export interface MetricChartSpec {
  id: string;
  title: string;
  /** Axis unit, in words. */
  unit: string;
  series: { key: MetricSeriesKey; label: string }[];
  /** Values are shares (0..1): shown as such, never on a log axis. */
  share?: boolean;
}

export const METRIC_CHARTS: readonly MetricChartSpec[] = [
  {
    id: 'loss',
    title: 'Loss',
    unit: 'loss',
    series: [
      { key: 'loss', label: 'training loss' },
      // Measured every checkpoint on held-out clips (SFT jobs on a dataset's train split).
      { key: 'validationLoss', label: 'validation loss' },
    ],
  },
  {
    id: 'accuracy',
    title: 'Accuracy',
    unit: 'share right',
    share: true,
    series: [
      { key: 'accuracy', label: 'step accuracy' },
      { key: 'rollingAccuracy', label: 'rolling accuracy' },
    ],
  },
  {
    id: 'rewards',
    title: 'Rewards',
    unit: 'mean reward',
    series: [
      { key: 'rewardTotal', label: 'total' },
      { key: 'rewardFormat', label: 'format' },
      { key: 'rewardOutcome', label: 'outcome' },
      { key: 'rewardReason', label: 'reasoning' },
    ],
  },
  { id: 'trust', title: 'Trust τ', unit: 'τ', share: true, series: [{ key: 'trust', label: 'mean τ' }] },
  { id: 'kl', title: 'KL to the start model', unit: 'nats', series: [{ key: 'kl', label: 'KL' }] },
  { id: 'entropy', title: 'Entropy', unit: 'nats per token', series: [{ key: 'entropy', label: 'entropy' }] },
  {
    id: 'zero-spread',
    title: 'Zero-spread groups',
    unit: 'share of groups',
    share: true,
    series: [{ key: 'zeroSpread', label: 'zero-spread fraction' }],
  },
  {
    id: 'length',
    title: 'Completion length',
    unit: 'tokens',
    series: [
      { key: 'completionLength', label: 'mean' },
      { key: 'completionLengthMax', label: 'max' },
    ],
  },
  { id: 'truncation', title: 'Truncated completions', unit: 'share', share: true, series: [{ key: 'truncation', label: 'truncated' }] },
  { id: 'lr', title: 'Learning rate', unit: 'lr', series: [{ key: 'lr', label: 'learning rate' }] },
  { id: 'grad-norm', title: 'Gradient norm', unit: 'norm (before clipping)', series: [{ key: 'gradNorm', label: 'grad norm' }] },
  { id: 'tokens', title: 'Rollout tokens per second', unit: 'tokens/s', series: [{ key: 'tokensPerS', label: 'tokens/s' }] },
  { id: 'examples', title: 'Examples per second', unit: 'examples/s', series: [{ key: 'examplesPerS', label: 'examples/s' }] },
  { id: 'step-time', title: 'Step time', unit: 'ms', series: [{ key: 'stepMs', label: 'ms per step' }] },
];

/** The charts whose series `available` holds at least one of. */
export function chartsFor(available: ReadonlySet<MetricSeriesKey>): MetricChartSpec[] {
  return METRIC_CHARTS.filter((chart) => chart.series.some((s) => available.has(s.key)));
}
