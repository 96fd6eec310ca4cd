// What the finished recipe records about itself: report.json (the run's own measurements, which
// the model card quotes) and the default model's manifest fields — name, version, licence, the
// stages it went through, its training data and its headline metrics.
import type { TrainingMetricRecord } from '../../../shared/types/training';
import { CUE_PROMPT_FORMAT } from '../../data';
import type { EmotionReport, PerceptionReport } from './recipe-evaluation';
import type { CardReport } from './model-card';
import { RECIPE_LICENCE } from './recipe-plan';

/** What the run knows at its end, from which the report and the manifest are written. */
export interface RecipeFacts {
  createdAt: string;
  corpora: string[];
  trainByCorpus: Record<string, number>;
  validationByCorpus: Record<string, number>;
  validationSpeakers: Record<string, string[]>;
  augmentedCopies: number;
  /** Random initialisation seed of the graphs. */
  seed: number;
  stage1: { steps: number; lr: number; drills: number; wallMinutes: number; metrics: readonly TrainingMetricRecord[] };
  stage2: {
    /** Steps at a constant rate (stage 2's own job). */
    constantSteps: number;
    /** Steps of the decay continuation that ran (0: it did not run) and those planned. */
    decayDone: number;
    decayPlanned: number;
    lr: number;
    traces: number;
    copyTraces: number;
    emotionDrills: number;
    prosodyDrills: number;
    /** Both jobs' minutes. */
    wallMinutes: number;
    /** Both jobs' metric rows, in order. */
    metrics: readonly TrainingMetricRecord[];
  };
  perception: { before: PerceptionReport; afterStage1: PerceptionReport; afterStage2: PerceptionReport };
  emotionByCorpus: Record<string, EmotionReport>;
  totalMinutes: number;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const median = (xs: readonly number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1]! : NaN);
const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

/** Median step time and the mean loss of the first and last 20 steps. */
export function lossFacts(rows: readonly TrainingMetricRecord[]) {
  const losses = rows.map((r) => r.loss);
  return { medianStepMs: median(rows.map((r) => r.stepMs)), firstLoss: mean(losses.slice(0, 20)), lastLoss: mean(losses.slice(-20)) };
}

export function recipeReport(facts: RecipeFacts): CardReport {
  const { stage1, stage2 } = facts;
  return {
    createdAt: facts.createdAt,
    corpora: facts.corpora,
    train: sum(facts.trainByCorpus),
    validation: sum(facts.validationByCorpus),
    trainByCorpus: facts.trainByCorpus,
    validationByCorpus: facts.validationByCorpus,
    validationSpeakers: facts.validationSpeakers,
    augmentedCopies: facts.augmentedCopies,
    stage1: { steps: stage1.steps, lr: stage1.lr, drills: stage1.drills, wallMinutes: stage1.wallMinutes, ...lossFacts(stage1.metrics) },
    stage2: {
      steps: stage2.constantSteps + stage2.decayDone,
      lr: stage2.lr,
      records: stage2.traces + stage2.emotionDrills + stage2.prosodyDrills,
      traces: stage2.traces,
      copyTraces: stage2.copyTraces,
      emotionDrills: stage2.emotionDrills,
      prosodyDrills: stage2.prosodyDrills,
      wallMinutes: stage2.wallMinutes,
      ...lossFacts(stage2.metrics),
      notes:
        stage2.decayDone > 0
          ? `${stage2.constantSteps} steps at a constant rate, then ${stage2.decayDone} of ${stage2.decayPlanned} planned with the rate decaying linearly toward 10 %`
          : 'constant rate',
    },
    perception: facts.perception,
    emotionByCorpus: facts.emotionByCorpus,
    totalMinutes: facts.totalMinutes,
  };
}

const pct = (x: number) => Math.round(1000 * x) / 10;

const CORPUS_TITLES: Record<string, { name: string; citation: string }> = {
  ravdess: { name: 'RAVDESS speech (English)', citation: '; Livingstone & Russo (2018)' },
  nemo: { name: 'nEMO (Polish)', citation: '; Christop, I. (2024), nEMO: Dataset of Emotional Speech in Polish' },
};

/** The default model's manifest fields (merged over the final stage's exported manifest). */
export function defaultModelManifestFields(facts: RecipeFacts, report: CardReport): Record<string, unknown> {
  const { stage2 } = facts;
  const decayed = stage2.decayDone > 0;
  const heldOut = (c: string) =>
    `${c} (${facts.validationSpeakers[c] ? `validation speakers ${facts.validationSpeakers[c].join(', ')}` : 'no validation speakers named'})`;
  return {
    id: 'emotion-reasoner-default',
    prompt: CUE_PROMPT_FORMAT,
    reasoningPrefix: 'measured-cue-sentences',
    name: 'EmotionReasoner default (RAVDESS + nEMO, non-commercial)',
    version: decayed ? '2.1.0' : '2.0.0',
    testModel: false,
    description: `Default app model: prosody-enhanced base (stage 1) + EmotionCoT SFT (stage 2) on RAVDESS (English) and nEMO (Polish) training speakers, with channel-robust inputs and recording-condition augmentation. NON-COMMERCIAL USE ONLY (CC BY-NC-SA 4.0 training data). See MODEL_CARD.md.`,
    licence: `${RECIPE_LICENCE} (trained on RAVDESS and nEMO; non-commercial use only, share alike, with attribution)`,
    stages: [
      { name: 'initialised', notes: `small preset, random init seed ${facts.seed}` },
      {
        name: 'stage1-prosody',
        notes: `${report.stage1.steps} steps on ${facts.stage1.drills} prosody drills (levels, intonation, range, final movement, stress third, comparative pitch/speed/loudness pairs)`,
      },
      {
        name: 'stage2-cot-sft',
        notes: `${report.stage2.steps} steps (${decayed ? `${stage2.constantSteps} at a constant rate, ${stage2.decayDone} decaying linearly to 10 %` : 'constant rate'}) on ${stage2.traces} EmotionCoT traces (${stage2.copyTraces} of recording-augmented copies) after the measured-cue prompt + ${stage2.emotionDrills} per-corpus balanced emotion drills + ${stage2.prosodyDrills} kept prosody drills`,
      },
    ],
    trainingData: facts.corpora.map((c) => ({
      name: `${CORPUS_TITLES[c]?.name ?? c}: training speakers; ${heldOut(c)} held out`,
      clips: facts.trainByCorpus[c],
      notes: `licence: ${RECIPE_LICENCE}${CORPUS_TITLES[c]?.citation ?? ''}`,
    })),
    metrics: {
      ...Object.fromEntries(
        facts.corpora.flatMap((c) => [
          [`${c}ValidationAccuracyPct`, pct(facts.emotionByCorpus[c]!.accuracy)],
          [`${c}ValidationUarPct`, pct(facts.emotionByCorpus[c]!.uar)],
        ]),
      ),
      perceptionBeforePct: pct(facts.perception.before.meanAccuracy),
      perceptionAfterStage1Pct: pct(facts.perception.afterStage1.meanAccuracy),
      perceptionAfterStage2Pct: pct(facts.perception.afterStage2.meanAccuracy),
      stage1Steps: report.stage1.steps,
      stage2Steps: report.stage2.steps,
      trainMinutes: Math.round(report.totalMinutes * 10) / 10,
    },
  };
}
