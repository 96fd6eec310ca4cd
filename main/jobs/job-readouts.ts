// What the job dashboard reads from a job's folder (issue 16: split out of training-job-service.ts):
// its metric columns, its completions table and its log, each file tailed so a poll reads only what
// the worker appended since the last one.
import path from 'node:path';
import type { TrainingMetricRecord } from '../../shared/types/training';
import type { CompletionPage, JobMetrics } from '../../shared/types/training-jobs';
import { METRICS_FILE_NAME } from '../ml/training/metrics-log';
import { completionPage, completionsTail, type CompletionQuery } from './completions-view';
import { tailJobLog } from './job-log';
import { hasStep, JsonlTail } from './jsonl-tail';
import { jobMetrics, MetricColumnsBuilder } from './metric-series';

export class JobReadouts {
  private readonly metricsTails = new Map<string, JsonlTail<TrainingMetricRecord>>();
  private readonly metricColumns = new Map<string, MetricColumnsBuilder>();
  private readonly completionTails = new Map<string, ReturnType<typeof completionsTail>>();

  /** `dirOf`: a job's folder from its id. */
  constructor(private readonly dirOf: (id: string) => string) {}

  metrics(id: string, points: number): JobMetrics {
    let builder = this.metricColumns.get(id);
    if (!builder) this.metricColumns.set(id, (builder = new MetricColumnsBuilder()));
    let tail = this.metricsTails.get(id);
    if (!tail)
      this.metricsTails.set(id, (tail = new JsonlTail(path.join(this.dirOf(id), METRICS_FILE_NAME), hasStep<TrainingMetricRecord>)));
    return jobMetrics(id, tail.read(), points, builder);
  }

  completions(id: string, query: CompletionQuery): CompletionPage {
    let tail = this.completionTails.get(id);
    if (!tail) this.completionTails.set(id, (tail = completionsTail(this.dirOf(id))));
    return completionPage(tail.read(), query);
  }

  log(id: string, lines: number): string[] {
    return tailJobLog(this.dirOf(id), lines);
  }
}
