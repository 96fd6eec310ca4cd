import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingMetricRecord } from '../../../shared/types/training';
import { MetricsAppender, readMetrics, truncateMetricsAfter } from './metrics-log';

const record = (step: number): TrainingMetricRecord => ({
  step,
  epoch: 0,
  loss: 1 / step,
  gradNorm: 1,
  lr: 0.01,
  stepMs: 2,
  examples: 8,
  time: new Date(0).toISOString(),
});

describe('metrics log', () => {
  it('appends one JSON object per line and reads them back in order', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'metrics-')), 'metrics.jsonl');
    const log = new MetricsAppender(file);
    [1, 2, 3].forEach((s) => log.append(record(s)));
    log.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(readMetrics(file).map((r) => r.step)).toEqual([1, 2, 3]);
  });

  it('ignores a torn last line left by a killed writer', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'metrics-')), 'metrics.jsonl');
    const log = new MetricsAppender(file);
    log.append(record(1));
    log.close();
    appendFileSync(file, '{"step":2,"epo');
    expect(readMetrics(file).map((r) => r.step)).toEqual([1]);
  });

  it('cuts the steps after a resumed checkpoint so no step appears twice', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'metrics-')), 'metrics.jsonl');
    const log = new MetricsAppender(file);
    [1, 2, 3, 4, 5].forEach((s) => log.append(record(s)));
    log.close();
    expect(truncateMetricsAfter(file, 3)).toBe(2);
    const again = new MetricsAppender(file);
    again.append(record(4));
    again.close();
    expect(readMetrics(file).map((r) => r.step)).toEqual([1, 2, 3, 4]);
  });
});
