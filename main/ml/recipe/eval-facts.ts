// The parts of `npm run eval`'s JSON (main/ml/evaluation) that the recipe reads back: the model card
// quotes them, promotion writes their per-corpus figures into the manifest, and the weight average
// keeps them side by side.

/** The parts of `npm run eval`'s JSON the card quotes. */
export interface EvalFacts {
  clips: { validation: number; analyzed: number };
  systems: {
    name: string;
    accuracy: number;
    accuracyCi95: { low: number; high: number };
    unweightedAverageRecall: number;
    expectedCalibrationError: number;
  }[];
  evidence: {
    claimsVerifiedShare: number;
    verified: number;
    contradicted: number;
    unverifiable: number;
    modelWritten?: { claimsVerifiedShare: number; verified: number; contradicted: number };
  };
  wellFormedShare: number;
  alternativeIsAnswerShare?: number;
  calibration: { fittedTemperature: number } | null;
  latency4s: { medianMs: number; p90Ms: number; cpus: number } | null;
  /** Per-corpus, leave-one-corpus-out, calibrated and invariance results (main/ml/evaluation); absent in older JSON. */
  corpora?: { name: string; classes: string[]; clips: { analyzed: number }; systems: CorpusSystem[] }[];
  leaveOneCorpusOut?: { trainCorpus: string; testCorpus: string; clips: number; systems: CorpusSystem[] }[];
  calibratedCondition?: { corpus: string; calibration: { clips: number }; systems: CorpusSystem[] }[] | null;
  invariance?: {
    clipsPerCorpus: number;
    target: number;
    rows: { corpus: string; transform: string; clips: number; answerUnchanged: Record<string, number>; levelsUnchanged: number }[];
  } | null;
}

export type CorpusSystem = EvalFacts['systems'][number] & { clips: number; collapse?: { label: string | null; share: number } };

/** The model's row of a table (the temperature-cross-fitted variant and the baselines are other rows). */
export const isModelRow = (system: { name: string }): boolean => system.name.startsWith('model') && !system.name.includes('cross-fitted');

/** Pooled accuracy over the corpora's held-out clips (clip-weighted). */
export function pooledAccuracy(facts: EvalFacts): number | undefined {
  const models = (facts.corpora ?? []).map((c) => ({
    clips: c.clips.analyzed,
    model: c.systems.find(isModelRow),
  }));
  const total = models.reduce((n, m) => n + (m.model ? m.clips : 0), 0);
  return total === 0 ? undefined : models.reduce((sum, m) => sum + (m.model ? m.model.accuracy * m.clips : 0), 0) / total;
}
