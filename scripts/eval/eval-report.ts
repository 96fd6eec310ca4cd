// Metrics of one system on the evaluation clips, and the readable table that puts the model and
// the baselines side by side.
import {
  accuracy, confusionMatrix, ECE_BINS, expectedCalibrationError, perClassRecall, unweightedAverageRecall, wilsonInterval, type ConfusionMatrix,
} from '../../main/ml/pipeline/evaluation/metrics';

/** Everything reported for one system (the model or a baseline). */
export interface SystemMetrics {
  name: string;
  description: string;
  clips: number;
  accuracy: number;
  /** 95 % Wilson interval of the accuracy. */
  accuracyCi95: { low: number; high: number };
  unweightedAverageRecall: number;
  perClassRecall: Record<string, number>;
  confusion: ConfusionMatrix;
  /** ECE over 15 bins of the probability of the predicted label (the answer, or the argmax where there is none). */
  expectedCalibrationError: number;
  /** Accuracy of the argmax of the probabilities (equals accuracy for the baselines). */
  argmaxAccuracy: number;
}

const argmax = (p: Record<string, number>): string => Object.keys(p).reduce((best, c) => (p[c]! > p[best]! ? c : best));

export function systemMetrics(
  name: string, description: string, classes: string[], truth: string[], predicted: (string | null)[], probabilities: Record<string, number>[],
): SystemMetrics {
  const cm = confusionMatrix(truth, predicted, classes);
  const argmaxLabels = probabilities.map(argmax);
  const calibrationLabels = predicted.map((p, i) => p ?? argmaxLabels[i]!);
  const correct = truth.filter((t, i) => predicted[i] === t).length;
  return {
    name, description, clips: truth.length,
    accuracy: accuracy(truth, predicted),
    accuracyCi95: wilsonInterval(correct, truth.length),
    unweightedAverageRecall: unweightedAverageRecall(cm),
    perClassRecall: perClassRecall(cm),
    confusion: cm,
    expectedCalibrationError: expectedCalibrationError(
      calibrationLabels.map((l, i) => probabilities[i]![l] ?? 0), calibrationLabels.map((l, i) => l === truth[i]), ECE_BINS,
    ),
    argmaxAccuracy: accuracy(truth, argmaxLabels),
  };
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a');
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

/** Systems in columns: accuracy with CI, UAR, ECE, per-class recall. */
export function systemsTable(systems: SystemMetrics[], classes: string[]): string {
  const width = Math.max(22, ...systems.map((s) => s.name.length + 2));
  const row = (label: string, cells: string[]) => pad(label, 26) + cells.map((c) => lpad(c, width)).join('');
  const lines = [
    row('', systems.map((s) => s.name)),
    row('accuracy', systems.map((s) => pct(s.accuracy))),
    row('  95 % CI (Wilson)', systems.map((s) => `${pct(s.accuracyCi95.low)}–${pct(s.accuracyCi95.high)}`)),
    row('UAR', systems.map((s) => pct(s.unweightedAverageRecall))),
    row(`ECE (${ECE_BINS} bins)`, systems.map((s) => s.expectedCalibrationError.toFixed(3))),
    row('argmax-probability acc.', systems.map((s) => pct(s.argmaxAccuracy))),
    ...classes.map((c) => row(`recall ${c}`, systems.map((s) => pct(s.perClassRecall[c] ?? NaN)))),
  ];
  return lines.join('\n');
}

/** Rows = true class, columns = predicted (— = no valid answer). */
export function confusionTable(cm: ConfusionMatrix): string {
  const w = Math.max(6, ...cm.classes.map((c) => Math.min(c.length, 9) + 1));
  const short = (c: string) => c.slice(0, 9);
  const header = pad('true \\ predicted', 18) + cm.classes.map((c) => lpad(short(c), w)).join('') + lpad('—', w);
  const rows = cm.classes.map((c, i) => pad(c, 18) + cm.counts[i]!.map((n) => lpad(String(n), w)).join('') + lpad(String(cm.unanswered[i]), w));
  return [header, ...rows].join('\n');
}
