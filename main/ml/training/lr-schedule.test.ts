import { describe, expect, it } from 'vitest';
import { learningRateAt } from './lr-schedule';

describe('learningRateAt', () => {
  it('warms up linearly, then stays constant without a final fraction', () => {
    const hyper = { lr: 1e-3, warmupSteps: 10 };
    expect(learningRateAt(hyper, 1, 100)).toBeCloseTo(1e-4);
    expect(learningRateAt(hyper, 5, 100)).toBeCloseTo(5e-4);
    expect(learningRateAt(hyper, 10, 100)).toBeCloseTo(1e-3);
    expect(learningRateAt(hyper, 100, 100)).toBeCloseTo(1e-3);
  });

  it('decays linearly after warm-up to the final fraction at the last step', () => {
    const hyper = { lr: 1e-3, warmupSteps: 10, finalLrFraction: 0.1 };
    expect(learningRateAt(hyper, 10, 110)).toBeCloseTo(1e-3);
    expect(learningRateAt(hyper, 60, 110)).toBeCloseTo(5.5e-4);
    expect(learningRateAt(hyper, 110, 110)).toBeCloseTo(1e-4);
    // steps past the end (a resumed job asked for fewer steps) stay at the floor
    expect(learningRateAt(hyper, 200, 110)).toBeCloseTo(1e-4);
  });

  it('decays from the first step when there is no warm-up', () => {
    const hyper = { lr: 2e-3, warmupSteps: 0, finalLrFraction: 0.5 };
    expect(learningRateAt(hyper, 0, 100)).toBeCloseTo(2e-3);
    expect(learningRateAt(hyper, 100, 100)).toBeCloseTo(1e-3);
  });
});
