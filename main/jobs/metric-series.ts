// A job's metrics.jsonl as chart series: one column per quantity the records carry (SFT: loss,
// validation loss on the steps that measured it, gradient norm, learning rate, throughput; GRPO adds rewards, τ, accuracy, KL, entropy, zero-spread,
// lengths, truncation), decimated per series for display and checked by the guardrails at full
// resolution.
import type { TrainingMetricRecord } from '../../shared/types/training';
import type { JobMetrics, MetricSeries, MetricSeriesKey } from '../../shared/types/training-jobs';
import { METRIC_SERIES } from '../../shared/types/training-jobs';
import { minMaxIndices, pick } from '../../shared/util/chart-series';
import { guardrailWarnings } from '../../shared/util/training-guardrails';

const num = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN);

/** How each series is read from a record (NaN: the record has no value for it). */
const EXTRACT: Record<MetricSeriesKey, (r: TrainingMetricRecord) => number> = {
  loss: (r) => num(r.grpo ? r.grpo.loss : r.loss),
  validationLoss: (r) => num(r.validation?.loss),
  accuracy: (r) => num(r.grpo?.outcomeAccuracy),
  rollingAccuracy: (r) => num(r.grpo?.rollingAccuracy),
  kl: (r) => num(r.grpo?.kl),
  entropy: (r) => num(r.grpo?.entropy),
  rewardTotal: (r) => num(r.grpo?.reward.total[0]),
  rewardFormat: (r) => num(r.grpo?.reward.format[0]),
  rewardOutcome: (r) => num(r.grpo?.reward.outcome[0]),
  rewardReason: (r) => num(r.grpo?.reward.reason?.[0]),
  trust: (r) => num(r.grpo?.trustMean),
  zeroSpread: (r) => num(r.grpo?.zeroSpreadFraction),
  completionLength: (r) => num(r.grpo?.completionLengthMean),
  completionLengthMax: (r) => num(r.grpo?.completionLengthMax),
  truncation: (r) => num(r.grpo?.truncationShare),
  lr: (r) => num(r.lr),
  gradNorm: (r) => num(r.grpo ? r.grpo.gradNorm : r.gradNorm),
  tokensPerS: (r) => num(r.grpo?.rolloutTokensPerS),
  examplesPerS: (r) => (r.stepMs > 0 ? num(r.examples / (r.stepMs / 1000)) : Number.NaN),
  stepMs: (r) => num(r.stepMs),
};

/** Full-resolution columns of a job's records. */
export interface MetricColumns {
  steps: readonly number[];
  timesS: readonly number[];
  /** Only the series at least one record has a value for. */
  values: Map<MetricSeriesKey, readonly number[]>;
}

/**
 * Columns kept up to date as records are appended: a dashboard polling a long run converts only the
 * new records. A different records array (the file was rewritten on resume) is converted afresh.
 */
export class MetricColumnsBuilder {
  private source: readonly TrainingMetricRecord[] | null = null;
  private steps: number[] = [];
  private timesS: number[] = [];
  private columns = new Map<MetricSeriesKey, number[]>();
  private t0 = 0;

  update(records: readonly TrainingMetricRecord[]): MetricColumns {
    if (records !== this.source || records.length < this.steps.length) this.reset(records);
    for (let i = this.steps.length; i < records.length; i++) {
      const r = records[i]!;
      if (i === 0) this.t0 = Date.parse(r.time) - num(r.stepMs);
      this.steps.push(r.step);
      this.timesS.push((Date.parse(r.time) - this.t0) / 1000);
      for (const key of METRIC_SERIES) this.columns.get(key)!.push(EXTRACT[key](r));
    }
    const values = new Map<MetricSeriesKey, readonly number[]>();
    // A series none of whose records has a value is not one this job has.
    for (const [key, column] of this.columns) if (column.some(Number.isFinite)) values.set(key, column);
    return { steps: this.steps, timesS: this.timesS, values };
  }

  private reset(records: readonly TrainingMetricRecord[]): void {
    this.source = records;
    this.steps = [];
    this.timesS = [];
    this.columns = new Map(METRIC_SERIES.map((key) => [key, [] as number[]]));
  }
}

export function metricColumns(records: readonly TrainingMetricRecord[]): MetricColumns {
  return new MetricColumnsBuilder().update(records);
}

/** The job's charts: each series decimated to about `points` points, guardrails over all of them. */
export function jobMetrics(
  jobId: string,
  records: readonly TrainingMetricRecord[],
  points: number,
  builder = new MetricColumnsBuilder(),
): JobMetrics {
  const columns = builder.update(records);
  const series: MetricSeries[] = [];
  for (const [key, column] of columns.values) {
    const keep = minMaxIndices(column, points);
    series.push({ key, steps: pick(columns.steps, keep), timesS: pick(columns.timesS, keep), values: pick(column, keep) });
  }
  const column = (key: MetricSeriesKey) => columns.values.get(key);
  const warnings = guardrailWarnings({
    steps: columns.steps,
    zeroSpread: column('zeroSpread'),
    truncation: column('truncation'),
    completionLength: column('completionLength'),
    entropy: column('entropy'),
    kl: column('kl'),
    rewardReason: column('rewardReason'),
    accuracy: column('accuracy'),
  });
  return { jobId, records: records.length, series, reasoningOnStep: records.at(-1)?.grpo?.switchedOnAtStep ?? null, warnings };
}
