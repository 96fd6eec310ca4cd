import { describe, expect, it } from 'vitest';
import { describeMetric } from './metric-names';

describe('model metrics in words', () => {
  it('names the shipped model’s metrics and gives their units', () => {
    expect(describeMetric('validationAccuracyPct', 54.6)).toEqual({ name: 'Validation accuracy', value: '54.6 %' });
    expect(describeMetric('validationUarPct', 51.6).name).toBe('Validation UAR (unweighted average recall)');
    expect(describeMetric('trainMinutes', 81.9)).toEqual({ name: 'Training time', value: '81.9 min' });
    expect(describeMetric('stage2Steps', 3600)).toEqual({ name: 'Stage 2 training steps', value: '3,600' });
  });

  it('names per-corpus metrics after the known metric and the corpus', () => {
    expect(describeMetric('nemoValidationAccuracyPct', 36.7)).toEqual({ name: 'Validation accuracy (nEMO)', value: '36.7 %' });
    expect(describeMetric('ravdessValidationUarPct', 34)).toEqual({
      name: 'Validation UAR (unweighted average recall) (RAVDESS)',
      value: '34 %',
    });
  });

  it('splits any other camelCase key into words, never showing the raw key', () => {
    expect(describeMetric('meanGenerationMs', 178)).toEqual({ name: 'Mean generation', value: '178 ms' });
    expect(describeMetric('heldOutEce', 0.0412)).toEqual({ name: 'Held out ECE', value: '0.041' });
    expect(describeMetric('grpoRewardMean', 0.5).name).toBe('GRPO reward mean');
  });
});
