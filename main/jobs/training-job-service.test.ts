// The training job service on the real runtime: the tiny model fine-tuned on four RAVDESS clips
// through the forked worker, a few steps at one thread. Covers the estimate, the frozen job folder,
// progress throttling, pause/resume with a changed setting, a worker killed mid-job (interrupted,
// then resumed from its checkpoint), the recovery of a job an app left "running", the queue, the
// export into the user's models folder, and the form's checks.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingForm, TrainingProgress } from '../../shared/types/training-jobs';
import { decodeAudioFile } from '../audio';
import { summarise } from '../data';
import { AppError } from '../../shared/errors/app-error';
import { analyzeProsody } from '../prosody';
import { ModelRegistry } from '../installed-models/model-registry';
import { memoryPreferences } from '../installed-models/testing/model-copies';
import type { DatasetCatalog } from '../datasets/dataset-catalog';
import { JOB_FILE_NAME, saveJobRecord, type JobRecord } from './job-record';
import { TrainingJobService } from './training-job-service';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RAVDESS = path.resolve(ROOT, '../shared/data/ravdess');
const CLIPS = [
  ['01', 'neutral'],
  ['03', 'happy'],
  ['04', 'sad'],
  ['05', 'angry'],
].map(([code, label]) => ({
  audio: path.join(RAVDESS, `Actor_01/03-01-${code}-01-01-01-01.wav`),
  target: `<think></think><answer>${label}</answer>`,
}));

// The catalog is another area's; these tests train from a file, so any use of it is a bug here.
const noCatalog: DatasetCatalog = {
  clips: () => Promise.reject(new AppError('unavailable', 'not in this test')),
  trainingFile: () => Promise.reject(new AppError('unavailable', 'not in this test')),
};

interface Harness {
  dataDir: string;
  service: TrainingJobService;
  progress: (TrainingProgress & { at: number })[];
  changed: string[];
  exported: string[];
  registry: ModelRegistry;
}

function harness(dataDir = mkdtempSync(path.join(tmpdir(), 'jobs-'))): Harness {
  const registry = new ModelRegistry({
    shippedDir: path.join(ROOT, 'resources/models'),
    userDir: path.join(dataDir, 'models'),
    preferences: memoryPreferences({ showTestModels: true }),
  });
  const h: Omit<Harness, 'service'> = { dataDir, progress: [], changed: [], exported: [], registry };
  const service = new TrainingJobService({
    dataDir,
    models: registry,
    datasets: noCatalog,
    onProgress: (p) => h.progress.push({ ...p, at: Date.now() }),
    onChanged: (id) => h.changed.push(id),
    onModelExported: (key) => h.exported.push(key),
    log: () => {},
  });
  return { ...h, service };
}

function form(file: string, overrides: Partial<TrainingForm> = {}): TrainingForm {
  return {
    name: 'Tiny CoT test',
    stage: 'cot-sft',
    baseModelKey: 'shipped:tiny',
    dataset: { kind: 'file', path: file, licence: 'CC BY-NC-SA 4.0' },
    lr: 3e-3,
    clipsPerStep: 2,
    steps: 6,
    warmupSteps: 0,
    groupSize: 3,
    beta: 0.04,
    maxTokens: 12,
    rewardWeights: { format: 0.3, outcome: 1, reasoning: 0.5 },
    progressiveThreshold: 0.5,
    progressiveWindow: 2,
    useTrust: true,
    executionProvider: 'cpu',
    threads: 1,
    checkpointEvery: 2,
    seed: 3,
    ...overrides,
  };
}

const until = async (check: () => boolean, timeoutMs = 120_000) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe.skipIf(!existsSync(RAVDESS))('TrainingJobService on the tiny model', () => {
  let datasetFile: string;
  beforeAll(() => {
    datasetFile = path.join(mkdtempSync(path.join(tmpdir(), 'jobs-data-')), 'clips.jsonl');
    writeFileSync(datasetFile, `${CLIPS.map((c) => JSON.stringify(c)).join('\n')}\n`);
  });
  const services: TrainingJobService[] = [];
  afterAll(async () => {
    for (const s of services) await s.close();
  });

  it('measures a few real steps before start and leaves no folder behind', async () => {
    const h = harness();
    services.push(h.service);
    const estimate = await h.service.estimate(form(datasetFile, { steps: 500 }));
    expect(estimate.stepsMeasured).toBe(4);
    expect(estimate.msPerStep).toBeGreaterThan(0);
    expect(estimate.totalMs).toBeCloseTo(estimate.startupMs + 500 * estimate.msPerStep);
    expect(estimate.settings.find((s) => s.name.startsWith('Batch'))?.value).toBe('4');
    expect(JSON.parse(estimate.runConfigJson)).toMatchObject({ totalSteps: 500, intraOpNumThreads: 1, hyper: { lr: 3e-3 } });
    expect(readdirSync(path.join(h.dataDir, 'jobs', '.estimates'))).toEqual([]);
    expect(h.service.list()).toEqual([]);
  }, 120_000);

  it('runs a job to completion from its frozen folder and exports a model the registry lists', async () => {
    const h = harness();
    services.push(h.service);
    const created = await h.service.create(form(datasetFile), null);
    expect(created.state).toMatch(/queued|running/);
    const jobDir = path.join(h.dataDir, 'jobs', created.id);
    const frozen = JSON.parse(readFileSync(path.join(jobDir, JOB_FILE_NAME), 'utf8')) as JobRecord;
    expect(frozen.run).toMatchObject({
      jobDir,
      totalSteps: 6,
      checkpointEvery: 2,
      seed: 3,
      dataset: { kind: 'speech-jsonl', path: datasetFile },
    });

    await until(() => h.service.list()[0]!.state === 'completed');
    const done = h.service.get(created.id);
    expect(done.summary).toMatchObject({ step: 6, totalSteps: 6, exportedModelKey: `user:trained-${created.id}` });
    expect(done.summary.elapsedMs).toBeGreaterThan(0);
    expect(done.history.map((e) => e.state)).toEqual(['queued', 'running', 'completed']);
    expect(h.exported).toEqual([`user:trained-${created.id}`]);
    const model = h.registry.list().models.find((m) => m.key === `user:trained-${created.id}`);
    expect(model?.details?.name).toBe('Tiny CoT test');
    expect(model?.details?.licence).toBe('CC BY-NC-SA 4.0');

    const metrics = h.service.metrics(created.id, 100);
    expect(metrics.records).toBe(6);
    expect(metrics.series.map((s) => s.key)).toEqual(expect.arrayContaining(['loss', 'lr', 'gradNorm', 'examplesPerS', 'stepMs']));
    expect(metrics.series.find((s) => s.key === 'loss')!.steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(h.service.log(created.id, 200).join('\n')).toMatch(/worker started[\s\S]*checkpoint at step 2[\s\S]*model exported/);

    // Progress goes out at most 10 times a second, except that each state change goes at once.
    const running = h.progress.filter((p) => p.state === 'running');
    expect(running.at(-1)?.step).toBeGreaterThan(0);
    for (let i = 1; i < running.length; i++) expect(running[i]!.at - running[i - 1]!.at).toBeGreaterThanOrEqual(90);
    expect(h.progress.at(-1)).toMatchObject({ state: 'completed', step: 6 });
  }, 180_000);

  it('pauses, resumes with more steps, survives its worker being killed, and resumes from the checkpoint', async () => {
    const h = harness();
    services.push(h.service);
    const created = await h.service.create(form(datasetFile, { steps: 8 }), null);
    await until(() => h.service.list()[0]!.step >= 1 && h.service.list()[0]!.state === 'running');
    const paused = await h.service.pause(created.id);
    expect(paused.state).toBe('paused');
    // A resume may change the steps (not the learning rate: that is frozen with the checkpoints).
    await h.service.resume(created.id, { steps: 10 });
    // Two steps past the pause: the new worker (not the stopped one) holds the job folder's lock now.
    await until(() => h.service.list()[0]!.state === 'running' && h.service.list()[0]!.step >= paused.step + 2);
    expect(h.service.list()[0]!.totalSteps).toBe(10);

    const jobDir = path.join(h.dataDir, 'jobs', created.id);
    const workerPid = Number(readFileSync(path.join(jobDir, 'job.lock'), 'utf8'));
    process.kill(workerPid, 'SIGKILL');
    await until(() => h.service.list()[0]!.state === 'interrupted');
    expect(h.service.list()[0]!.stateNote).toMatch(/SIGKILL.*resume continues from its last checkpoint \(step \d+\)/);

    await h.service.resume(created.id);
    await until(() => h.service.list()[0]!.state === 'completed');
    const metrics = h.service.metrics(created.id, 1000);
    expect(metrics.series.find((s) => s.key === 'loss')!.steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(h.service.log(created.id, 500).join('\n')).toMatch(/resuming from step \d/);
    expect(h.service.get(created.id).history.map((e) => e.state)).toEqual([
      'queued',
      'running',
      'paused',
      'interrupted',
      'queued',
      'running',
      'interrupted',
      'queued',
      'running',
      'completed',
    ]);
  }, 240_000);

  it('finds a job an app left running as interrupted after a restart, and runs one job at a time', async () => {
    const first = harness();
    const created = await first.service.create(form(datasetFile, { steps: 4 }), null);
    const queued = await first.service.create(form(datasetFile, { name: 'Second', steps: 4 }), null);
    expect(first.service.get(queued.id).summary.state).toBe('queued');
    await first.service.cancel(queued.id);
    expect(first.service.get(queued.id).summary.state).toBe('cancelled');
    await first.service.close();
    // What a kill -9 leaves: job.json still saying "running".
    const file = path.join(first.dataDir, 'jobs', created.id, JOB_FILE_NAME);
    const record = JSON.parse(readFileSync(file, 'utf8')) as JobRecord;
    saveJobRecord(path.dirname(file), { ...record, state: 'running' });

    const second = harness(first.dataDir);
    services.push(second.service);
    const found = second.service.get(created.id).summary;
    expect(found.state).toBe('interrupted');
    expect(found.stateNote).toMatch(/app stopped while this job was running/);
    await second.service.resume(created.id);
    await until(() => second.service.get(created.id).summary.state === 'completed');
  }, 240_000);

  it('trains the prosody base stage on the prosody drills of EmotionCoT records', async () => {
    const h = harness();
    services.push(h.service);
    const records = await Promise.all(
      CLIPS.map(async (clip) => ({ ...clip, prosody: summarise(analyzeProsody((await decodeAudioFile(clip.audio)).audio)) })),
    );
    const cotFile = path.join(h.dataDir, 'train.jsonl');
    writeFileSync(cotFile, records.map((r) => JSON.stringify(r)).join('\n'));
    const estimate = await h.service.estimate(form(cotFile, { stage: 'prosody-base' }));
    expect(estimate.msPerStep).toBeGreaterThan(0);
    expect(estimate.settings.find((s) => s.name === 'Training data')?.value).toMatch(
      /^prosody drills of train\.jsonl \(4 records\) \(\d+ questions on 4 clips\)$/,
    );
    expect(JSON.parse(estimate.runConfigJson).dataset.path).toMatch(/prosody-drills\.jsonl$/);
    await expect(h.service.estimate(form(datasetFile, { stage: 'prosody-base' }))).rejects.toMatchObject({
      code: 'invalid_payload',
      message: expect.stringMatching(/measured prosody/),
    });
  }, 120_000);

  it('refuses a model without the stage’s training graph, a missing file and a file that is not a training file', async () => {
    const h = harness();
    services.push(h.service);
    await expect(h.service.create(form(datasetFile, { baseModelKey: 'shipped:nope' }), null)).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.service.create(form('/nonexistent/clips.jsonl'), null)).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('/nonexistent/clips.jsonl'),
    });
    const notTraining = path.join(h.dataDir, 'labels.jsonl');
    writeFileSync(notTraining, '{"path": "a.wav", "label": "sad"}\n');
    await expect(h.service.create(form(notTraining), null)).rejects.toMatchObject({
      code: 'invalid_payload',
      message: expect.stringMatching(/"audio" and "target"/),
    });
    await expect(h.service.pause('no-such-job')).rejects.toMatchObject({ code: 'not_found' });
    expect(h.service.list()).toEqual([]);
  });
});
