import { describe, expect, it } from 'vitest';
import { seededRandom } from '../generation/sampling';
import { labelUnion, standardiseOwn, trainBaselines } from './baseline-runs';

describe('labelUnion', () => {
  it("lists the training labels in the model's order, then labels the model lacks", () => {
    expect(
      labelUnion(
        ['neutral', 'calm', 'sad', 'angry'],
        [
          { features: [], labels: ['angry', 'sad'] },
          { features: [], labels: ['boredom', 'neutral'] },
        ],
      ),
    ).toEqual(['neutral', 'sad', 'angry', 'boredom']);
  });
});

describe('standardiseOwn', () => {
  it("z-scores each column with the rows' own statistics, keeping undefined values undefined", () => {
    const rows = [
      [1, 10, 5],
      [3, null, 5],
      [5, 30, 5],
    ];
    const z = standardiseOwn(rows);
    expect(z.map((r) => r[0])).toEqual([-1, 0, 1]);
    expect(z[1]![1]).toBeNull();
    expect(z[0]![1]).toBeCloseTo(-Math.SQRT1_2, 12);
    expect(z.map((r) => r[2])).toEqual([0, 0, 0]); // a constant column carries no information
  });

  it('removes a corpus-wide offset: two "studios" 20 dB apart look alike after it', () => {
    const random = seededRandom(3);
    const quiet = Array.from({ length: 50 }, () => [random() * 6 - 30]);
    const loud = quiet.map(([v]) => [v! + 20]);
    expect(standardiseOwn(loud)).toEqual(standardiseOwn(quiet));
  });
});

describe('trainBaselines', () => {
  it('trains on the rows of several corpora and says so', () => {
    const random = seededRandom(1);
    const rows = (offset: number, n: number) => Array.from({ length: n }, (_, i) => [offset + (i % 2) * 4 + random(), random()]);
    const labels = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 'happy' : 'sad'));
    const runs = trainBaselines(
      [
        { corpus: 'a', features: rows(0, 20), labels: labels(20) },
        { corpus: 'b', features: rows(0.5, 10), labels: labels(10) },
      ],
      [
        [0.2, 0.5],
        [4.5, 0.5],
      ],
      ['neutral', 'sad', 'happy'],
      { mlp: false },
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ name: 'logistic-regression', trainedOn: 'a + b', trainClips: 30, predicted: ['sad', 'happy'] });
    expect(Object.keys(runs[0]!.probabilities[0]!)).toEqual(['sad', 'happy']);
  });
});
