// GRPO-PTR as a job of the app's training runtime (issue 12): the tiny model's train_grpo graph on real
// RAVDESS clips, through the forked worker — metrics and completions on disk, kill -9 and resume to
// bit-identical weights (schedule included), pause/resume/cancel, export, and typed errors.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GrpoCompletionRecord, GrpoEngineState } from '../../../../shared/types/grpo';
import type { TrainingJobConfig, TrainingWorkerMessage } from '../../../../shared/types/training';
import { openModelFolder } from '../../models/model-folder';
import { readCheckpoint } from '../checkpoint-store';
import { exportTrainedModel } from '../export-model';
import { readMetrics } from '../metrics-log';
import { TrainingJobClient, type TrainingJobHandle } from '../training-job-client';
import { grpoSettingsFor } from './ablations';
import { COMPLETIONS_FILE_NAME } from './grpo-engine';

const TINY = path.resolve(import.meta.dirname, '../../../../resources/models/tiny');
const REWARD_MODEL = path.resolve(import.meta.dirname, '../../../../resources/reward-models/default');
const RAVDESS = path.resolve(import.meta.dirname, '../../../../../shared/data/ravdess');
const client = new TrainingJobClient();

const CLIPS = [
  ['01', 'neutral'],
  ['03', 'happy'],
  ['04', 'sad'],
  ['05', 'angry'],
].map(([code, label]) => ({
  audio: path.join(RAVDESS, `Actor_01/03-01-${code}-01-01-01-01.wav`),
  target: `<think></think><answer>${label}</answer>`,
}));

function job(overrides: Partial<TrainingJobConfig> = {}, lines: object[] = CLIPS): TrainingJobConfig {
  const root = mkdtempSync(path.join(tmpdir(), 'grpo-job-'));
  const dataset = path.join(root, 'clips.jsonl');
  writeFileSync(dataset, lines.map((c) => JSON.stringify(c)).join('\n'));
  return {
    jobDir: path.join(root, 'job'),
    modelDir: TINY,
    dataset: { kind: 'speech-jsonl', path: dataset, description: 'RAVDESS actor 1, four clips', licence: 'CC BY-NC-SA 4.0' },
    totalSteps: 4,
    checkpointEvery: 1,
    seed: 5,
    hyper: { lr: 2e-3, warmupSteps: 0 },
    intraOpNumThreads: 1,
    // The untrained tiny model answers at random: the schedule switches on at 25 % over 2 steps.
    grpo: grpoSettingsFor('full', {
      clipsPerStep: 2,
      groupSize: 3,
      maxTokens: 12,
      rewards: { ...grpoSettingsFor('full').rewards, schedule: { mode: 'progressive', threshold: 0, windowSteps: 2 } },
    }),
    ...overrides,
  };
}

function record(handle: TrainingJobHandle): TrainingWorkerMessage[] {
  const messages: TrainingWorkerMessage[] = [];
  handle.onMessage((m) => messages.push(m));
  return messages;
}

const completionsOf = (config: TrainingJobConfig) =>
  readFileSync(path.join(config.jobDir, COMPLETIONS_FILE_NAME), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as GrpoCompletionRecord);

describe.skipIf(!existsSync(RAVDESS))('a GRPO-PTR training job on the tiny model', () => {
  let uninterrupted: { config: TrainingJobConfig; checkpoint: string };

  it('streams GRPO metrics, writes every completion with its rewards, and checkpoints the schedule', async () => {
    const config = job();
    const handle = client.start(config);
    const messages = record(handle);
    const outcome = await handle.done;
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ type: 'result', status: 'completed', step: 4 });
    if (outcome.type !== 'result') return;
    uninterrupted = { config, checkpoint: outcome.checkpointFile };

    const metrics = readMetrics(path.join(config.jobDir, 'metrics.jsonl'));
    expect(metrics.map((m) => m.step)).toEqual([1, 2, 3, 4]);
    for (const m of metrics) {
      expect(m.grpo).toMatchObject({
        step: m.step,
        clips: 2,
        completions: expect.any(Number),
        zeroSpreadFraction: expect.any(Number),
        truncationShare: expect.any(Number),
      });
      expect(m.grpo!.completions).toBeGreaterThanOrEqual(6);
      expect(m.grpo!.rolloutTokensPerS).toBeGreaterThan(0);
    }
    // Threshold 0 over a 2-step window: R_reason switches on after step 2 and counts from step 3.
    expect(metrics.map((m) => m.grpo!.reasoningOn)).toEqual([false, false, true, true]);
    expect(metrics[3]!.grpo!.switchedOnAtStep).toBe(2);
    expect(messages.filter((m) => m.type === 'metric').map((m) => (m.type === 'metric' ? m.record.grpo?.step : 0))).toEqual([1, 2, 3, 4]);

    const lines = completionsOf(config);
    expect(new Set(lines.map((l) => l.step))).toEqual(new Set([1, 2, 3, 4]));
    expect(lines.length).toBe(metrics.reduce((n, m) => n + m.grpo!.completions, 0));
    for (const l of lines) {
      expect(CLIPS.map((c) => c.target)).toContain(`<think></think><answer>${l.truth}</answer>`);
      expect(l.rewards.total).toBeCloseTo(0.3 * l.rewards.format + l.rewards.outcome + 0.5 * l.rewards.trust * (l.rewards.reason ?? 0), 9);
      expect(l.truncated).toBe(l.tokens === 12 && l.truncated);
    }
    const state = readCheckpoint(outcome.checkpointFile).engineState as GrpoEngineState;
    expect(state.schedule.switchedOnAtStep).toBe(2);
    expect(state.optimizerSteps).toBe(metrics.reduce((n, m) => n + m.grpo!.optimizerSteps, 0));
  }, 120_000);

  it('resumes after kill -9 to the same weights, schedule and completions as the run that never stopped', async () => {
    expect(uninterrupted).toBeDefined();
    const config = { ...job(), dataset: uninterrupted.config.dataset };
    const first = client.start(config);
    first.onMessage((m) => {
      if (m.type === 'checkpoint' && m.step === 2) first.kill();
    });
    expect(await first.done).toMatchObject({ type: 'failed', error: { code: 'worker_exited' } });

    const second = client.start(config);
    const messages = record(second);
    const outcome = await second.done;
    expect(outcome).toMatchObject({ type: 'result', status: 'completed', step: 4 });
    expect(messages.find((m) => m.type === 'progress')).toMatchObject({ resumedFromStep: expect.any(Number) });
    if (outcome.type !== 'result') return;
    const resumed = readCheckpoint(outcome.checkpointFile);
    const reference = readCheckpoint(uninterrupted.checkpoint);
    expect(resumed.engineState).toEqual(reference.engineState);
    for (const [name, tensor] of reference.tensors) expect(resumed.tensors.get(name), name).toEqual(tensor);
    const strip = (ls: GrpoCompletionRecord[]) => ls.map((l) => [l.step, l.text, l.advantage]);
    expect(strip(completionsOf(config))).toEqual(strip(completionsOf(uninterrupted.config)));
    expect(readMetrics(path.join(config.jobDir, 'metrics.jsonl')).map((m) => m.step)).toEqual([1, 2, 3, 4]);
  }, 180_000);

  it('pauses with a checkpoint, resumes, cancels, and the result exports as a model folder that loads', async () => {
    const config = job({ totalSteps: 6, checkpointEvery: 10 });
    const handle = client.start(config);
    const messages = record(handle);
    let paused = false;
    handle.onMessage((m) => {
      if (m.type === 'metric' && m.record.step === 1 && !paused) {
        paused = true;
        void handle.pause().then(() => handle.resume());
      }
      if (m.type === 'metric' && m.record.step === 3) void handle.cancel();
    });
    const outcome = await handle.done;
    expect(outcome).toMatchObject({ type: 'result', status: 'cancelled' });
    expect(messages.some((m) => m.type === 'checkpoint' && m.reason === 'pause')).toBe(true);
    expect(messages.some((m) => m.type === 'progress' && m.state === 'paused')).toBe(true);
    if (outcome.type !== 'result') return;
    const out = path.join(path.dirname(config.jobDir), 'exported');
    await exportTrainedModel({
      checkpointFile: outcome.checkpointFile,
      outDir: out,
      id: 'tiny-grpo',
      name: 'tiny after GRPO',
      examples: 4,
    });
    expect(openModelFolder(out).manifest.id).toBe('tiny-grpo');
    const stages = (JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { stages: { name: string; notes: string }[] })
      .stages;
    expect(stages.at(-1)).toMatchObject({ name: 'grpo-ptr', notes: expect.stringContaining('evidence-checker') });
  }, 120_000);

  it('ends with typed errors for a target outside the label set and for a folder without train_grpo', async () => {
    const badLabel = client.start(job({}, [{ audio: CLIPS[0]!.audio, target: '<answer>high</answer>' }]));
    expect(await badLabel.done).toMatchObject({
      type: 'failed',
      error: { code: 'dataset_invalid', message: expect.stringContaining('line 1') },
    });
    // The tiny folder without its train_grpo graph (as the shipped default was until 2.1).
    const noGrpo = path.join(mkdtempSync(path.join(tmpdir(), 'no-grpo-')), 'model');
    cpSync(TINY, noGrpo, { recursive: true });
    rmSync(path.join(noGrpo, 'train_grpo.onnx'));
    const manifest = JSON.parse(readFileSync(path.join(noGrpo, 'manifest.json'), 'utf8')) as { graphs: Record<string, unknown> };
    delete manifest.graphs.trainGrpo;
    writeFileSync(path.join(noGrpo, 'manifest.json'), JSON.stringify(manifest));
    const noGraph = client.start(job({ modelDir: noGrpo }));
    expect(await noGraph.done).toMatchObject({
      type: 'failed',
      error: { code: 'model_invalid', message: expect.stringContaining('train_grpo') },
    });
    const badSettings = client.start(job({ grpo: { ...grpoSettingsFor('full'), groupSize: 1 } }));
    expect(await badSettings.done).toMatchObject({
      type: 'failed',
      error: { code: 'bad_request', message: expect.stringContaining('groupSize') },
    });
    const noRewardModel = client.start(job({ grpo: { ...grpoSettingsFor('full'), scorer: 'reward-model' } }));
    expect(await noRewardModel.done).toMatchObject({
      type: 'failed',
      error: { code: 'bad_request', message: expect.stringContaining('rewardModelDir') },
    });
    const brokenRewardModel = client.start(job({ grpo: grpoSettingsFor('full', { rewardModelDir: TINY }) }));
    expect(await brokenRewardModel.done).toMatchObject({
      type: 'failed',
      error: { code: 'model_invalid', message: expect.stringContaining('not a reasoning reward model') },
    });
  }, 60_000);

  it('scores reasoning with the trained reward model when the settings name it (the "checker" ablation does not)', async () => {
    expect(grpoSettingsFor('checker', { rewardModelDir: REWARD_MODEL }).scorer).toBe('evidence-checker');
    const settings = grpoSettingsFor('full', {
      rewardModelDir: REWARD_MODEL,
      clipsPerStep: 2,
      groupSize: 3,
      maxTokens: 12,
      rewards: { ...grpoSettingsFor('full').rewards, schedule: { mode: 'always', threshold: 0, windowSteps: 1 } },
    });
    expect(settings.scorer).toBe('reward-model');
    const config = job({ totalSteps: 2, grpo: settings });
    const outcome = await client.start(config).done;
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ type: 'result', status: 'completed', step: 2 });
    const lines = completionsOf(config);
    const scored = lines.filter((l) => l.rewards.criteria !== null);
    const metrics = readMetrics(path.join(config.jobDir, 'metrics.jsonl'));
    expect(scored.length).toBe(metrics.reduce((n, m) => n + m.grpo!.scorerCalls, 0));
    for (const l of scored) {
      for (const v of Object.values(l.rewards.criteria!)) expect(v >= 1 && v <= 5).toBe(true);
      expect(l.rewards.reason).toBeGreaterThanOrEqual(0.2);
    }
  }, 120_000);
});
