// Metrics of one system (the model or a baseline) on one set of clips. A corpus is scored over its
// own classes: nEMO has 6 of the model's 8 labels, so UAR averages those 6, and an answer outside
// them (calm, disgust) is simply wrong. "Collapse" is the share of the most frequent answer: a model
// that calls 71 % of a balanced corpus 'sad' has learnt the channel, not the emotion (issue 11).
import {
  accuracy,
  confusionMatrix,
  ECE_BINS,
  expectedCalibrationError,
  perClassRecall,
  wilsonInterval,
  type ConfusionMatrix,
} from '../pipeline/evaluation/metrics';

/** The most frequent predicted label (null = no valid answer) and its share of the clips. */
export interface Collapse {
  label: string | null;
  share: number;
}

/** One bin of a reliability diagram: clips whose confidence fell in (low, high]. */
export interface ReliabilityBin {
  low: number;
  high: number;
  clips: number;
  /** Mean confidence of the bin's clips (null when empty). */
  meanConfidence: number | null;
  /** Share of the bin's clips answered right (null when empty). */
  accuracy: number | null;
}

/** Reliability-diagram bins, the same equal-width bins ECE is taken over. */
export function reliabilityBins(confidences: readonly number[], correct: readonly boolean[], bins = ECE_BINS): ReliabilityBin[] {
  const count = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  confidences.forEach((c, i) => {
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(c * bins) - 1));
    count[b]!++;
    sum[b]! += c;
    if (correct[i]) hits[b]!++;
  });
  return count.map((n, b) => ({
    low: b / bins,
    high: (b + 1) / bins,
    clips: n,
    meanConfidence: n ? sum[b]! / n : null,
    accuracy: n ? hits[b]! / n : null,
  }));
}

/** Everything reported for one system on one set of clips. */
export interface SystemMetrics {
  name: string;
  description: string;
  clips: number;
  accuracy: number;
  /** 95 % Wilson interval of the accuracy. */
  accuracyCi95: { low: number; high: number };
  /** Mean recall over `classes` (the corpus's own classes that occur in these clips). */
  unweightedAverageRecall: number;
  classes: string[];
  perClassRecall: Record<string, number>;
  /** Rows and columns over the union of the system's labels and the true classes. */
  confusion: ConfusionMatrix;
  /** ECE over 15 bins of the probability of the predicted label (the answer, or the argmax where there is none). */
  expectedCalibrationError: number;
  /** The reliability diagram behind the ECE (confidence of the answer vs how often it was right). */
  reliability: ReliabilityBin[];
  /** Accuracy of the argmax of the probabilities (equals accuracy for the baselines). */
  argmaxAccuracy: number;
  collapse: Collapse;
}

const argmax = (p: Record<string, number>): string => Object.keys(p).reduce((best, c) => (p[c]! > p[best]! ? c : best));

export function collapseOf(predicted: readonly (string | null)[]): Collapse {
  if (predicted.length === 0) return { label: null, share: NaN };
  const counts = new Map<string | null, number>();
  for (const p of predicted) counts.set(p, (counts.get(p) ?? 0) + 1);
  let best: Collapse = { label: null, share: -1 };
  for (const [label, n] of counts) if (n > best.share) best = { label, share: n };
  return { label: best.label, share: best.share / predicted.length };
}

/**
 * `labels`: what the system can answer (its label set). UAR and per-class recall are taken over the
 * true classes present in `truth`, so each corpus is scored over its own classes.
 */
export function systemMetrics(
  name: string,
  description: string,
  labels: readonly string[],
  truth: readonly string[],
  predicted: readonly (string | null)[],
  probabilities: readonly Record<string, number>[],
): SystemMetrics {
  const classes = [...new Set(truth)].sort();
  const all = [...labels, ...classes.filter((c) => !labels.includes(c))];
  const cm = confusionMatrix(truth, predicted, all);
  const recall = perClassRecall(cm);
  const perClass = Object.fromEntries(classes.map((c) => [c, recall[c]!]));
  const argmaxLabels = probabilities.map(argmax);
  const calibrationLabels = predicted.map((p, i) => p ?? argmaxLabels[i]!);
  const correct = truth.filter((t, i) => predicted[i] === t).length;
  const confidences = calibrationLabels.map((l, i) => probabilities[i]![l] ?? 0);
  const outcomes = calibrationLabels.map((l, i) => l === truth[i]);
  return {
    name,
    description,
    clips: truth.length,
    accuracy: accuracy(truth, predicted),
    accuracyCi95: wilsonInterval(correct, truth.length),
    unweightedAverageRecall: classes.length ? classes.reduce((sum, c) => sum + perClass[c]!, 0) / classes.length : NaN,
    classes,
    perClassRecall: perClass,
    confusion: cm,
    expectedCalibrationError: expectedCalibrationError(confidences, outcomes, ECE_BINS),
    reliability: reliabilityBins(confidences, outcomes, ECE_BINS),
    argmaxAccuracy: accuracy(truth, argmaxLabels),
    collapse: collapseOf(predicted),
  };
}
