// Stage 3 (GRPO-PTR) and its promotion: the training clips it reads, the summary it writes, and a
// real one-step run on the tiny model and four RAVDESS clips, promoted to a default folder.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingMetricRecord } from '../../../shared/types/training';
import { openModelFolder } from '../models/model-folder';
import { grpoSettingsFor } from '../training/grpo/ablations';
import { readMetrics } from '../training/metrics-log';
import { GRPO_STAGE_DEFAULTS, grpoSummary, grpoTrainingClips, parseAblation, runGrpoStage } from './grpo-stage';
import { evaluationMetrics, promoteGrpoRun } from './promote-grpo';
import { RecipeError } from './recipe-error';

const TINY = path.resolve(import.meta.dirname, '../../../resources/models/tiny');
const RAVDESS = path.resolve(import.meta.dirname, '../../../../shared/data/ravdess');
const CLIPS = [
  ['01', 'neutral', 'train'],
  ['03', 'happy', 'train'],
  ['04', 'sad', 'train'],
  ['05', 'angry', 'validation'],
].map(([code, label, split]) => ({
  audio: path.join(RAVDESS, `Actor_01/03-01-${code}-01-01-01-01.wav`),
  label,
  split,
  speaker: 'ravdess_01',
}));

function cotDir(root: string): string {
  const dir = path.join(root, 'cot');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'ravdess.jsonl'), CLIPS.map((c) => JSON.stringify(c)).join('\n'));
  // The builder's sidecars sit beside the records and are not records.
  writeFileSync(path.join(dir, 'ravdess.analysis-cache.jsonl'), '{"audio":"not a record"}\n');
  writeFileSync(path.join(dir, 'ravdess.meta.json'), '{}');
  return dir;
}

const grpoRow = (step: number, reward: number, accuracy: number, stepMs: number, switchedOnAtStep: number | null) =>
  ({
    step,
    loss: 0,
    lr: 2e-5,
    stepMs,
    grpo: { reward: { total: [reward, 0] }, outcomeAccuracy: accuracy, switchedOnAtStep, rolloutTokensPerS: 100 },
  }) as unknown as TrainingMetricRecord;

describe('the GRPO-PTR stage', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'recipe-grpo-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps the defaults of `npm run train:grpo` and names the ablations it knows', () => {
    expect(GRPO_STAGE_DEFAULTS).toEqual({
      ablation: 'full',
      steps: 150,
      clipsPerStep: 4,
      groupSize: 8,
      maxTokens: 160,
      lr: 2e-5,
      switchThreshold: 0.5,
    });
    expect(parseAblation('checker')).toBe('checker');
    expect(() => parseAblation('fast')).toThrow(RecipeError);
  });

  it('trains on the training split of every EmotionCoT file, not on sidecars or validation clips', () => {
    const { files, clips } = grpoTrainingClips(cotDir(root));
    expect(files.map((f) => path.basename(f))).toEqual(['ravdess.jsonl']);
    expect(clips.map((c) => c.label)).toEqual(['neutral', 'happy', 'sad']);
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    expect(() => grpoTrainingClips(empty)).toThrow(expect.objectContaining({ code: 'missing_records' }));
  });

  it('summarises the first and last steps over a window of a third of the run (at most 20)', () => {
    const rows = Array.from({ length: 9 }, (_, i) => grpoRow(i + 1, i, i / 10, 1000 * (i + 1), i >= 4 ? 4 : null));
    const summary = grpoSummary([{ step: 0, loss: 1, lr: 0, stepMs: 5 } as TrainingMetricRecord, ...rows], {
      ablation: 'full',
      steps: 9,
      lr: 2e-5,
      wallMinutes: 1,
      settings: grpoSettingsFor('full'),
    });
    expect(summary.firstSteps).toEqual({ reward: 1, accuracy: expect.closeTo(0.1, 9) });
    expect(summary.lastSteps).toEqual({ reward: 7, accuracy: expect.closeTo(0.7, 9) });
    expect(summary).toMatchObject({ switchedOnAtStep: 4, medianStepS: 5, rolloutTokensPerS: 100 });
    expect(Object.keys(summary)).toEqual([
      'ablation',
      'steps',
      'lr',
      'wallMinutes',
      'settings',
      'firstSteps',
      'lastSteps',
      'switchedOnAtStep',
      'medianStepS',
      'rolloutTokensPerS',
    ]);
  });

  it('takes the model’s per-corpus accuracy and UAR from an evaluation, not a baseline’s or the cross-fitted row', () => {
    expect(
      evaluationMetrics({
        corpora: [
          {
            name: 'nemo',
            systems: [
              { name: 'logistic-regression (functionals)', accuracy: 0.9, unweightedAverageRecall: 0.9 },
              { name: 'model, T cross-fitted', accuracy: 0.8, unweightedAverageRecall: 0.8 },
              { name: 'model emotion-reasoner-default', accuracy: 0.4537, unweightedAverageRecall: 0.4541 },
            ],
          },
        ],
      }),
    ).toEqual({ nemoValidationAccuracyPct: 45.4, nemoValidationUarPct: 45.4 });
  });

  it.skipIf(!existsSync(CLIPS[0]!.audio))(
    'runs a real step on the tiny model, writes its summary, and promotes the run',
    async () => {
      const lines: string[] = [];
      const { outDir, summary } = await runGrpoStage({
        modelDir: TINY,
        cotDir: cotDir(root),
        workDir: path.join(root, 'work'),
        ablation: 'outcome-only',
        steps: 1,
        clipsPerStep: 1,
        groupSize: 2,
        maxTokens: 8,
        lr: 2e-5,
        switchThreshold: 0.5,
        log: (m) => lines.push(m),
      });
      expect(outDir).toBe(path.join(root, 'work', 'outcome-only', 'model'));
      expect(summary).toMatchObject({
        ablation: 'outcome-only',
        steps: 1,
        lr: 2e-5,
        settings: { clipsPerStep: 1, groupSize: 2, maxTokens: 8 },
      });
      expect(JSON.parse(readFileSync(path.join(outDir, 'grpo-summary.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(summary)));
      const rows = readMetrics(path.join(root, 'work', 'outcome-only', 'job', 'metrics.jsonl'));
      expect(rows.map((r) => r.step)).toEqual([1]);
      expect(lines).toContain('3 training clips from ravdess.jsonl');
      // The runtime streams a metric every reportEvery steps and at the end; each streamed one is a log line.
      expect(lines.filter((l) => /^step \d: reward .* accuracy \d+ %/.test(l)).length).toBeGreaterThanOrEqual(1);

      const defaultDir = path.join(root, 'default');
      const promoted = await promoteGrpoRun({
        jobDir: path.join(root, 'work', 'outcome-only', 'job'),
        version: '9.9.0',
        outDir: defaultDir,
        evaluation: {
          corpora: [
            { name: 'ravdess', systems: [{ name: 'model emotion-reasoner-default', accuracy: 0.25, unweightedAverageRecall: 0.125 }] },
          ],
        },
      });
      expect(promoted).toMatchObject({ outDir: defaultDir, step: 1 });
      const manifest = openModelFolder(defaultDir).manifest as unknown as Record<string, unknown> & { metrics: Record<string, number> };
      expect(manifest).toMatchObject({
        id: 'emotion-reasoner-default',
        version: '9.9.0',
        licence: expect.stringMatching(/^CC BY-NC-SA 4\.0 /),
      });
      expect(manifest.metrics).toMatchObject({ ravdessValidationAccuracyPct: 25, ravdessValidationUarPct: 12.5 });
      expect(manifest).not.toHaveProperty('parent');
      expect(existsSync(path.join(defaultDir, 'grpo-summary.json'))).toBe(true);
    },
    120_000,
  );

  it('names the job folder that holds no checkpoint to promote', async () => {
    const jobDir = path.join(root, 'no-job');
    mkdirSync(jobDir);
    await expect(promoteGrpoRun({ jobDir, version: '1.0.0', outDir: path.join(root, 'never') })).rejects.toMatchObject({
      code: 'no_checkpoint',
      message: expect.stringContaining(jobDir),
    });
  });
});
