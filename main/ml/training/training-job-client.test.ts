import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TrainingJobConfig, TrainingWorkerMessage } from '../../../shared/types/training';
import { listCheckpoints, readCheckpoint } from './checkpoint-store';
import { linearJobConfig, writeLinearDataset } from './fixtures/linear-fixture';
import { readMetrics } from './metrics-log';
import { TrainingJobClient, type TrainingJobHandle } from './training-job-client';

const client = new TrainingJobClient();
const tornWriter = new TrainingJobClient({ entry: fileURLToPath(new URL('./fixtures/dies-mid-checkpoint-entry.ts', import.meta.url)) });

function freshJob(overrides: Partial<TrainingJobConfig> = {}): TrainingJobConfig {
  const dir = mkdtempSync(path.join(tmpdir(), 'worker-job-'));
  return linearJobConfig(path.join(dir, 'job'), writeLinearDataset(path.join(dir, 'data.jsonl'), 60), overrides);
}

function record(handle: TrainingJobHandle): TrainingWorkerMessage[] {
  const messages: TrainingWorkerMessage[] = [];
  handle.onMessage((m) => messages.push(m));
  return messages;
}

describe('TrainingJobClient (worker in a child process)', () => {
  it('runs a job to completion, numbering the worker messages 1, 2, 3, …', async () => {
    const handle = client.start(freshJob({ totalSteps: 20, checkpointEvery: 10, reportEvery: 5 }));
    const messages = record(handle);
    const outcome = await handle.done;
    expect(outcome).toMatchObject({ type: 'result', status: 'completed', step: 20 });
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    expect(messages.filter((m) => m.type === 'metric').map((m) => (m.type === 'metric' ? m.record.step : 0))).toEqual([5, 10, 15, 20]);
  });

  it('survives kill -9 after a checkpoint: the restarted job resumes from it and finishes without doubled metrics', async () => {
    const config = freshJob({ totalSteps: 3000, checkpointEvery: 200, reportEvery: 100 });
    const first = client.start(config);
    let checkpointSeen = 0;
    first.onMessage((m) => {
      if (m.type === 'checkpoint' && m.step >= 400 && checkpointSeen === 0) {
        checkpointSeen = m.step;
        first.kill();
      }
    });
    const killed = await first.done;
    expect(killed).toMatchObject({ type: 'failed', error: { code: 'worker_exited', message: expect.stringContaining('SIGKILL') } });

    const second = client.start(config);
    const messages = record(second);
    const outcome = await second.done;
    const resumedFrom = messages.find((m) => m.type === 'progress')!;
    expect(resumedFrom.type === 'progress' && resumedFrom.resumedFromStep).toBeGreaterThanOrEqual(checkpointSeen);
    expect(outcome).toMatchObject({ type: 'result', status: 'completed', step: 3000 });
    expect(readMetrics(path.join(config.jobDir, 'metrics.jsonl')).map((r) => r.step)).toEqual(
      Array.from({ length: 3000 }, (_, i) => i + 1),
    );
  });

  it('never loses the last good checkpoint to a kill during a checkpoint write', async () => {
    const config = freshJob({ totalSteps: 50, checkpointEvery: 10 });
    const dying = tornWriter.start(config);
    expect(await dying.done).toMatchObject({ type: 'failed', error: { code: 'worker_exited' } });
    expect(readdirSync(config.jobDir).some((name) => name.includes('.tmp-'))).toBe(true); // the torn temporary file
    expect(listCheckpoints(config.jobDir).map((c) => c.step)).toEqual([10]);
    expect(readCheckpoint(listCheckpoints(config.jobDir)[0]!.file).step).toBe(10);

    const again = client.start(config);
    const messages = record(again);
    expect(await again.done).toMatchObject({ type: 'result', status: 'completed', step: 50 });
    expect(messages.find((m) => m.type === 'progress')).toMatchObject({ resumedFromStep: 10 });
    expect(readdirSync(config.jobDir).some((name) => name.includes('.tmp-'))).toBe(false);
  });

  it('pauses, resumes and cancels through the handle', async () => {
    const handle = client.start(freshJob({ totalSteps: 1_000_000, checkpointEvery: 100_000, reportEvery: 50 }));
    const messages = record(handle);
    await new Promise<void>((resolve) => handle.onMessage((m) => m.type === 'metric' && resolve()));
    await handle.pause();
    const pausedAt = messages.filter((m) => m.type === 'checkpoint').at(-1);
    expect(pausedAt).toMatchObject({ reason: 'pause' });
    await handle.resume();
    const outcome = await handle.cancel();
    expect(outcome).toMatchObject({ type: 'result', status: 'cancelled' });
    expect(outcome.type === 'result' && outcome.step).toBeGreaterThanOrEqual(pausedAt!.type === 'checkpoint' ? pausedAt!.step : 0);
  });

  it('ends with a bad_request error, not a hang, when the start request itself is malformed', async () => {
    const handle = client.start(freshJob({ totalSteps: -1 }));
    expect(await handle.done).toMatchObject({
      type: 'failed',
      error: { code: 'bad_request', message: expect.stringContaining('totalSteps') },
    });
  });

  it('ends with a typed error, not a hang, when the dataset is unreadable', async () => {
    const config = freshJob();
    const handle = client.start({ ...config, dataset: { ...config.dataset, path: '/nonexistent/data.jsonl' } });
    expect(await handle.done).toMatchObject({
      type: 'failed',
      error: { code: 'dataset_invalid', message: expect.stringContaining('/nonexistent/data.jsonl') },
    });
  });
});
