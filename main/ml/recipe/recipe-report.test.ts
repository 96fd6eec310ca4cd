// The recipe's record of itself: the report, the manifest fields and the card written from the
// shipped default model's own report.json reproduce what that model's folder holds.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingMetricRecord } from '../../../shared/types/training';
import { writeModelCard, type CardReport } from './model-card';
import type { GrpoFacts } from './model-card-sections';
import type { RefreshSummary } from './refresh-stage';
import type { ModelFigures, WeightAverageSummary } from './weight-average';
import { defaultModelManifestFields, recipeReport, type RecipeFacts } from './recipe-report';

const DEFAULT_DIR = path.resolve(import.meta.dirname, '../../../resources/models/default');
const read = <T>(file: string) => JSON.parse(readFileSync(path.join(DEFAULT_DIR, file), 'utf8')) as T;
const shipped = read<CardReport>('report.json');
const manifest = read<Record<string, unknown> & { stages: unknown[]; trainingData: unknown[]; metrics: Record<string, number> }>(
  'manifest.json',
);

/** Metric rows with the given losses and step times. */
const rows = (losses: number[], stepMs: (i: number) => number): TrainingMetricRecord[] =>
  losses.map((loss, i) => ({ step: i + 1, loss, stepMs: stepMs(i), lr: 1e-3 }) as TrainingMetricRecord);

/** The facts the shipped run ended with (its report, and stage 2's 1,458 constant-rate + 1,500 decay steps). */
const facts = (metrics: { stage1: TrainingMetricRecord[]; stage2: TrainingMetricRecord[] }): RecipeFacts => ({
  createdAt: shipped.createdAt,
  corpora: shipped.corpora,
  trainByCorpus: shipped.trainByCorpus,
  validationByCorpus: shipped.validationByCorpus,
  validationSpeakers: shipped.validationSpeakers,
  augmentedCopies: shipped.augmentedCopies,
  seed: 1,
  stage1: {
    steps: shipped.stage1.steps,
    lr: shipped.stage1.lr,
    drills: shipped.stage1.drills,
    wallMinutes: shipped.stage1.wallMinutes,
    metrics: metrics.stage1,
  },
  stage2: {
    constantSteps: 1458,
    decayDone: 1500,
    decayPlanned: 1500,
    lr: shipped.stage2.lr,
    traces: shipped.stage2.traces,
    copyTraces: shipped.stage2.copyTraces,
    emotionDrills: shipped.stage2.emotionDrills,
    prosodyDrills: shipped.stage2.prosodyDrills,
    wallMinutes: shipped.stage2.wallMinutes,
    metrics: metrics.stage2,
  },
  perception: shipped.perception,
  emotionByCorpus: shipped.emotionByCorpus,
  totalMinutes: shipped.totalMinutes,
});

describe('the recipe’s report and manifest', () => {
  const stage1Losses = Array.from({ length: 50 }, (_, i) => 50 - i);
  const report = recipeReport(facts({ stage1: rows(stage1Losses, (i) => (i === 7 ? 900 : 100 + i)), stage2: [] }));

  it('reports the run with the shipped report’s counts, and stage 2 as both of its jobs', () => {
    const { stage1, stage2, ...rest } = report;
    const { stage1: s1, stage2: s2, ...shippedRest } = shipped;
    expect(rest).toEqual(shippedRest);
    expect(stage2).toMatchObject({
      steps: 2958,
      records: s2.records,
      traces: s2.traces,
      copyTraces: s2.copyTraces,
      emotionDrills: s2.emotionDrills,
      prosodyDrills: s2.prosodyDrills,
    });
    expect(stage2.notes).toBe('1458 steps at a constant rate, then 1500 of 1500 planned with the rate decaying linearly toward 10 %');
    expect(stage1).toMatchObject({ steps: s1.steps, lr: s1.lr, drills: s1.drills });
    expect(Object.keys(report)).toEqual(Object.keys(shipped));
  });

  it('takes the median step and the mean loss of the first and last 20 steps from the metric rows', () => {
    expect(report.stage1.firstLoss).toBeCloseTo(40.5);
    expect(report.stage1.lastLoss).toBeCloseTo(10.5);
    // Steps of 100–149 ms, one slow outlier: the median (the upper one of an even count) ignores it.
    expect(report.stage1.medianStepMs).toBe(126);
    expect(report.stage2.medianStepMs).toBeNaN();
    expect(
      recipeReport({ ...facts({ stage1: [], stage2: [] }), stage2: { ...facts({ stage1: [], stage2: [] }).stage2, decayDone: 0 } }).stage2,
    ).toMatchObject({ steps: 1458, notes: 'constant rate' });
  });

  it('writes the shipped manifest’s stages, training data, licence and training metrics', () => {
    const fields = defaultModelManifestFields(facts({ stage1: [], stage2: [] }), report);
    expect(fields.stages).toEqual(manifest.stages.slice(0, 3));
    expect(fields.trainingData).toEqual(manifest.trainingData.slice(0, 2));
    expect(fields).toMatchObject({
      id: manifest.id,
      licence: manifest.licence,
      prompt: manifest.prompt,
      reasoningPrefix: manifest.reasoningPrefix,
      version: '2.1.0',
      testModel: false,
    });
    const { perceptionBeforePct, perceptionAfterStage1Pct, perceptionAfterStage2Pct, stage1Steps, stage2Steps, trainMinutes } =
      manifest.metrics;
    expect(fields.metrics).toMatchObject({
      perceptionBeforePct,
      perceptionAfterStage1Pct,
      perceptionAfterStage2Pct,
      stage1Steps,
      stage2Steps,
      trainMinutes,
    });
    expect(fields.metrics).toHaveProperty('nemoValidationUarPct');
  });

  it('calls a run without the decay continuation 2.0.0 and says its rate was constant', () => {
    const base = facts({ stage1: [], stage2: [] });
    const fields = defaultModelManifestFields({ ...base, stage2: { ...base.stage2, decayDone: 0 } }, report) as {
      version: string;
      stages: { notes: string }[];
    };
    expect(fields.version).toBe('2.0.0');
    expect(fields.stages[2]!.notes).toMatch(/^2958 steps \(constant rate\) on 7668 EmotionCoT traces/);
  });
});

describe('the model card', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'recipe-card-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the shipped card’s text from its report and manifest, up to the parts the evaluation adds', () => {
    const file = path.join(dir, 'MODEL_CARD.md');
    writeModelCard(file, shipped, manifest);
    const card = readFileSync(file, 'utf8');
    const shippedCard = readFileSync(path.join(DEFAULT_DIR, 'MODEL_CARD.md'), 'utf8');
    const upToStage3 = (text: string) => text.slice(0, text.search(/\n\d\. \*\*(Stage 3|Refreshed)|\n\n## Measured/));
    expect(card.startsWith('# EmotionReasoner default model\n\n> **NON-COMMERCIAL USE ONLY.**')).toBe(true);
    expect(upToStage3(card).length).toBeGreaterThan(3000);
    const withGrpo = path.join(dir, 'with-grpo.md');
    writeModelCard(withGrpo, shipped, manifest, { grpo: { summary: read<GrpoFacts['summary']>('grpo-summary.json') } });
    expect(upToStage3(readFileSync(withGrpo, 'utf8'))).toBe(upToStage3(shippedCard));
    expect(card).not.toContain('Stage 3 — GRPO-PTR');
    expect(card).toContain('No speaker-independent evaluation is attached to this card yet.');
  });

  it('puts a refresh between stage 2 and GRPO-PTR, numbers GRPO-PTR after it and counts its minutes', () => {
    const refresh: RefreshSummary = {
      at: '2026-12-03T11:57:00.000Z',
      source: { id: 'emotion-reasoner-default', version: '2.2.0' },
      sourceStages: ['stage1-prosody: 500 steps', 'stage2-cot-sft: 2958 steps', 'grpo-ptr: 200 steps'],
      steps: 800,
      plannedSteps: 800,
      lr: 2.5e-4,
      minutes: 26.9,
      medianStepMs: 1950,
      firstLoss: 0.76,
      lastLoss: 0.66,
      records: 19804,
      traces: 7668,
      copyTraces: 5112,
      emotionDrills: 9580,
      prosodyDrills: 2556,
      restatedFields: [],
      validation: { ravdess: { clips: 240, accuracy: 0.512, uar: 0.492, wellFormed: 1 } },
    };
    const grpo = { summary: { ...read<GrpoFacts['summary']>('grpo-summary.json'), wallMinutes: 22 } };
    const file = path.join(dir, 'refreshed.md');
    writeModelCard(file, shipped, manifest, { grpo, refresh });
    const card = readFileSync(file, 'utf8');
    const refreshAt = card.indexOf('3. **Refreshed on the current measure**');
    expect(refreshAt).toBeGreaterThan(card.indexOf('2. **Stage 2'));
    expect(card.indexOf('4. **Stage 3 — GRPO-PTR** on the refreshed model')).toBeGreaterThan(refreshAt);
    expect(card).toContain('from emotion-reasoner-default@2.2.0 — stage1-prosody → stage2-cot-sft → grpo-ptr');
    expect(card).toContain('800 of 800 steps, lr 0.00025');
    expect(card).toContain('RAVDESS (English) 51.2 % (UAR 49.2 %)');
    expect(card).toContain(`in ${(shipped.totalMinutes + 26.9 + 22).toFixed(0)} min in all`);

    // A weight-space average of the source and that continuation comes last, with the evaluations that decided it.
    const figures = (ravdess: number, nemo: number): ModelFigures => ({
      corpora: { ravdess: { accuracy: ravdess, uar: ravdess - 0.01 }, nemo: { accuracy: nemo, uar: nemo } },
      pooledAccuracy: (ravdess + 2 * nemo) / 3,
      pooledUar: 0.5,
      claimsVerifiedShare: 0.68,
      answerUnchanged: { 'babble 20 dB SNR': 0.5 },
    });
    const average: WeightAverageSummary = {
      at: '2026-12-03T19:00:00.000Z',
      alpha: 0.5,
      anchor: { id: 'emotion-reasoner-default', version: '2.2.0', stages: ['stage1-prosody', 'stage2-cot-sft', 'grpo-ptr'] },
      tuned: { id: 'emotion-reasoner-default', version: '2.3.0-rc', stages: [] },
      parameters: 2041344,
      rmsDifference: 0.0021,
      maxDifference: 0.05,
      compared: { anchor: figures(0.5, 0.469), tuned: figures(0.496, 0.423), average: figures(0.52, 0.48) },
    };
    const averaged = path.join(dir, 'averaged.md');
    writeModelCard(averaged, shipped, manifest, { grpo, refresh, average });
    const text = readFileSync(averaged, 'utf8');
    const averageAt = text.indexOf('5. **Weight-space average**');
    expect(averageAt).toBeGreaterThan(text.indexOf('4. **Stage 3 — GRPO-PTR**'));
    expect(text).toContain(
      '(1 − α)·those of emotion-reasoner-default@2.2.0 (stage1-prosody → stage2-cot-sft → grpo-ptr) + α·those after step 4, α = 0.5',
    );
    expect(text).toContain('| emotion-reasoner-default@2.2.0 (α = 0) | step 4 (α = 1) | this model (α = 0.5) |');
    expect(text).toContain('| nEMO (Polish) accuracy (UAR) | 46.9 % (46.9 %) | 42.3 % (42.3 %) | 48.0 % (48.0 %) |');
    expect(text).toContain('| answer unchanged under babble 20 dB SNR | 50.0 % | 50.0 % | 50.0 % |');
    expect(card).not.toContain('Weight-space average');
  });
});
