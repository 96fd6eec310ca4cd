import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TrainingJobConfig, TrainingRequest, TrainingWorkerMessage } from '../../../shared/types/training';
import { listCheckpoints, readCheckpoint } from './checkpoint-store';
import { linearJobConfig, writeLinearDataset } from './fixtures/linear-fixture';
import { readMetrics } from './metrics-log';
import { TrainingJob, type UnsequencedMessage } from './training-job';

/** Runs a TrainingJob in this process, collecting its messages; `react` may send requests back. */
async function runInProcess(
  config: TrainingJobConfig,
  react: (m: UnsequencedMessage, send: (r: Omit<TrainingRequest, 'seq'>) => void) => void = () => {},
) {
  const messages: UnsequencedMessage[] = [];
  let seq = 0;
  const job: TrainingJob = new TrainingJob({
    send: (m) => {
      messages.push(m);
      react(m, (r) => job.handle({ ...r, seq: ++seq } as TrainingRequest));
    },
  });
  job.handle({ seq: ++seq, type: 'start', config });
  await job.finished;
  return messages;
}

function freshJob(overrides: Partial<TrainingJobConfig> = {}): TrainingJobConfig {
  const dir = mkdtempSync(path.join(tmpdir(), 'job-'));
  return linearJobConfig(path.join(dir, 'job'), writeLinearDataset(path.join(dir, 'data.jsonl'), 60), overrides);
}

const ofType = <T extends TrainingWorkerMessage['type']>(messages: UnsequencedMessage[], type: T) =>
  messages.filter((m): m is Extract<UnsequencedMessage, { type: T }> => m.type === type);

describe('TrainingJob', () => {
  it('trains to the last step, logging every step to metrics.jsonl and checkpointing on schedule', async () => {
    const config = freshJob({ totalSteps: 40, checkpointEvery: 10 });
    const messages = await runInProcess(config);
    const result = ofType(messages, 'result')[0]!;
    expect(result).toMatchObject({ status: 'completed', step: 40 });
    expect(ofType(messages, 'checkpoint').map((c) => [c.step, c.reason])).toEqual([
      [10, 'interval'],
      [20, 'interval'],
      [30, 'interval'],
      [40, 'final'],
    ]);
    const metrics = readMetrics(result.metricsFile);
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(metrics.at(-1)!.loss).toBeLessThan(metrics[0]!.loss * 0.5);
    expect(metrics[7]!.epoch).toBe(0); // 60 examples, batch 8: steps 1–8 are epoch 0 (the 8th is a padded 4-row batch)
    expect(metrics[7]!.examples).toBe(4);
    expect(metrics[8]!.epoch).toBe(1);
    expect(listCheckpoints(config.jobDir).map((c) => c.step)).toEqual([40, 30]);
  });

  it('decays the learning rate linearly to the final fraction when one is set', async () => {
    const config = freshJob({ totalSteps: 20, checkpointEvery: 10, hyper: { lr: 0.05, warmupSteps: 0, finalLrFraction: 0.1 } });
    const result = ofType(await runInProcess(config), 'result')[0]!;
    const lrs = readMetrics(result.metricsFile).map((m) => m.lr);
    expect(lrs[0]).toBeCloseTo(0.05 * (1 - 0.9 / 20));
    expect(lrs.at(-1)).toBeCloseTo(0.005);
    for (let i = 1; i < lrs.length; i++) expect(lrs[i]!).toBeLessThan(lrs[i - 1]!);
  });

  it('measures the validation loss on schedule and at the end, without changing what the job trains', async () => {
    const plain = freshJob({ totalSteps: 25 });
    // Held-out rows of the same linear map: the 20 rows after the training file's 60 (same seed).
    const validationSet = writeLinearDataset(path.join(path.dirname(plain.jobDir), 'validation.jsonl'), 80);
    const rows = readFileSync(validationSet.path, 'utf8').trim().split('\n');
    writeFileSync(validationSet.path, `${rows.slice(60).join('\n')}\n`);
    const validated = { ...plain, jobDir: `${plain.jobDir}-validated`, validation: { dataset: validationSet, every: 10, maxExamples: 12 } };
    const plainMetrics = readMetrics(ofType(await runInProcess(plain), 'result')[0]!.metricsFile);
    const messages = await runInProcess(validated);
    const metrics = readMetrics(ofType(messages, 'result')[0]!.metricsFile);
    expect(metrics.filter((m) => m.validation).map((m) => m.step)).toEqual([10, 20, 25]);
    expect(metrics.find((m) => m.validation)!.validation!.examples).toBe(12);
    const losses = metrics.filter((m) => m.validation).map((m) => m.validation!.loss);
    for (const loss of losses) expect(Number.isFinite(loss)).toBe(true);
    expect(losses[2]!).toBeLessThan(losses[0]!);
    // The live metric messages carry it too, for the dashboard.
    expect(
      ofType(messages, 'metric')
        .filter((m) => m.record.validation)
        .map((m) => m.record.step),
    ).toEqual([10, 20, 25]);
    // Same steps, same weights: measuring changes neither the parameters nor the data order.
    expect(metrics.map((m) => m.loss)).toEqual(plainMetrics.map((m) => m.loss));
    const a = readCheckpoint(listCheckpoints(plain.jobDir)[0]!.file);
    const b = readCheckpoint(listCheckpoints(validated.jobDir)[0]!.file);
    expect(b.tensors.get('params.W')).toEqual(a.tensors.get('params.W'));
  });

  it('continues from its checkpoint to exactly the weights of an uninterrupted run', async () => {
    const straight = freshJob({ totalSteps: 30 });
    await runInProcess(straight);
    const interrupted = { ...straight, jobDir: `${straight.jobDir}-interrupted`, totalSteps: 17 };
    await runInProcess(interrupted);
    const resumed = await runInProcess({ ...interrupted, totalSteps: 30 });
    expect(ofType(resumed, 'progress')[0]!.resumedFromStep).toBe(17);
    const a = readCheckpoint(listCheckpoints(straight.jobDir)[0]!.file);
    const b = readCheckpoint(listCheckpoints(interrupted.jobDir)[0]!.file);
    expect(b.step).toBe(30);
    expect(b.position).toEqual(a.position);
    expect(b.tensors.get('params.W')).toEqual(a.tensors.get('params.W'));
    expect(b.tensors.get('adam_v.b')).toEqual(a.tensors.get('adam_v.b'));
  });

  it('pauses between steps with a checkpoint, resumes, and can be cancelled with a cancelled result', async () => {
    const config = freshJob({ totalSteps: 100_000, checkpointEvery: 1000 });
    let paused = false;
    const messages = await runInProcess(config, (m, send) => {
      if (m.type === 'metric' && m.record.step === 5) send({ type: 'pause' });
      if (m.type === 'progress' && m.state === 'paused' && !paused) {
        paused = true;
        setTimeout(() => send({ type: 'resume' }), 20);
      }
      if (m.type === 'metric' && m.record.step === 12) send({ type: 'cancel' });
    });
    const states = ofType(messages, 'progress').map((p) => p.state);
    expect(states).toContain('paused');
    expect(states.at(-1)).toBe('cancelled');
    expect(ofType(messages, 'checkpoint').map((c) => [c.step, c.reason])).toEqual([
      [5, 'pause'],
      [12, 'cancel'],
    ]);
    expect(ofType(messages, 'result')[0]).toMatchObject({ status: 'cancelled', step: 12 });
  });

  it('cancels a paused job without taking another step', async () => {
    const config = freshJob({ totalSteps: 100_000, checkpointEvery: 1000 });
    const messages = await runInProcess(config, (m, send) => {
      if (m.type === 'metric' && m.record.step === 3) send({ type: 'pause' });
      if (m.type === 'progress' && m.state === 'paused') send({ type: 'cancel' });
    });
    expect(ofType(messages, 'result')[0]).toMatchObject({ status: 'cancelled', step: 3 });
    expect(ofType(messages, 'checkpoint')).toHaveLength(1); // the pause checkpoint already holds step 3
  });

  it('refuses to resume a job folder with a checkpoint of different settings', async () => {
    const config = freshJob({ totalSteps: 10 });
    await runInProcess(config);
    const messages = await runInProcess({ ...config, seed: 99 });
    expect(ofType(messages, 'error')[0]!.error).toMatchObject({ code: 'bad_request', message: expect.stringMatching(/different seed/) });
  });

  it('reports a missing model folder as a model_invalid error, not a crash', async () => {
    const messages = await runInProcess(freshJob({ modelDir: '/nonexistent/model' }));
    expect(ofType(messages, 'error')[0]!.error).toMatchObject({
      code: 'model_invalid',
      message: expect.stringContaining('/nonexistent/model'),
    });
  });
});
