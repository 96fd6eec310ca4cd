import { describe, expect, it } from 'vitest';
import { temperProbabilities } from '../explain-clip';
import { expectedCalibrationError } from './metrics';
import { crossFitTemperatures, fitTemperature, temperedNll, type ScoredAnswer } from './temperature';

const LABELS = ['a', 'b', 'c', 'd'];
const argmax = (p: Record<string, number>) => Object.entries(p).sort((x, y) => y[1] - x[1])[0]![0];

/** An overconfident model: 0.97 on its choice, right `hitRate` of the time (deterministic pattern). */
function overconfident(n: number, hitRate: number): ScoredAnswer[] {
  return Array.from({ length: n }, (_, i) => {
    const choice = LABELS[i % 4]!;
    const truth = (i * 7919) % 100 < hitRate * 100 ? choice : LABELS[(i + 1) % 4]!;
    return { truth, probabilities: Object.fromEntries(LABELS.map((l) => [l, l === choice ? 0.97 : 0.01])) };
  });
}

describe('temperature scaling', () => {
  it('keeps the most probable label and sums to one', () => {
    const p = { a: 0.7, b: 0.2, c: 0.1 };
    for (const t of [0.3, 1, 4]) {
      const q = temperProbabilities(p, t);
      expect(argmax(q)).toBe('a');
      expect(Object.values(q).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    }
    expect(temperProbabilities(p, 1)).toEqual(p);
  });

  it('flattens an overconfident model until confidence matches accuracy', () => {
    const answers = overconfident(400, 0.5);
    const t = fitTemperature(answers);
    expect(t).toBeGreaterThan(1);
    expect(temperedNll(answers, t)).toBeLessThan(temperedNll(answers, 1));
    const ece = (temperature: number) =>
      expectedCalibrationError(
        answers.map((a) => Math.max(...Object.values(temperProbabilities(a.probabilities, temperature)))),
        answers.map((a) => argmax(a.probabilities) === a.truth),
      );
    expect(ece(1)).toBeGreaterThan(0.4);
    expect(ece(t)).toBeLessThan(0.03);
  });

  it('sharpens an underconfident model', () => {
    const answers = LABELS.flatMap((truth) =>
      Array.from({ length: 20 }, () => ({ truth, probabilities: Object.fromEntries(LABELS.map((l) => [l, l === truth ? 0.4 : 0.2])) })),
    );
    expect(fitTemperature(answers)).toBeLessThan(1);
  });

  it('cross-fits by group, so no group is tempered by a fit that saw it', () => {
    const answers = [
      ...overconfident(100, 0.9).map((a) => ({ ...a, group: 's1' })),
      ...overconfident(100, 0.3).map((a) => ({ ...a, group: 's2' })),
    ];
    const { temperatureByGroup, tempered } = crossFitTemperatures(answers);
    // s1 is tempered by the fit on s2 (often wrong → flatter) and vice versa.
    expect(temperatureByGroup.s1).toBeGreaterThan(temperatureByGroup.s2!);
    expect(tempered).toHaveLength(200);
    expect(() => crossFitTemperatures(answers.filter((a) => a.group === 's1'))).toThrow(/two groups/);
  });
});
