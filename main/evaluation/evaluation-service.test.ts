// The evaluation service end to end below the IPC: a real child process evaluates the untrained tiny
// model on 16 real RAVDESS clips (8 train the baselines, 8 are evaluated on), beside the active model
// and the baselines; progress arrives as events, the result is stored and exports as JSON and CSV;
// a dataset split comes from the real datasets service; cancel ends the process; an evaluation an
// app exit cut short is listed as interrupted.
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationSummary } from '../../shared/types/evaluation';
import type { CatalogClip, DatasetCatalog } from '../datasets/dataset-catalog';
import { DatasetService } from '../datasets/dataset-service';
import { AppError } from '../../shared/errors/app-error';
import { EventBus } from '../ipc/event-bus';
import { ModelRegistry } from '../installed-models/model-registry';
import { openDatabase, type AppDatabase } from '../store/database';
import { copyTinyModel, memoryPreferences } from '../installed-models/testing/model-copies';
import type { EvaluationJob } from './evaluation-protocol';
import { catalogCorpora, EvaluationService } from './evaluation-service';
import { EVALUATED_ACTOR, hasSharedRavdess, makeSmallRavdess } from './testing/ravdess-clips';

describe.skipIf(!hasSharedRavdess())('the evaluation service on 16 real clips with the tiny model', () => {
  let root: string;
  let corpus: string;
  let service: EvaluationService;
  let database: AppDatabase;
  let datasetId: string;
  const events: EvaluationSummary[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'et-evaluation-'));
    corpus = makeSmallRavdess();
    const shippedDir = join(root, 'shipped');
    copyTinyModel(join(shippedDir, 'tiny'));
    // A second copy as the active model, so "beside the active model" has something to show.
    copyTinyModel(join(root, 'data', 'models', 'active-copy'), (m) => {
      m.name = 'Active copy';
    });
    const models = new ModelRegistry({
      shippedDir,
      userDir: join(root, 'data', 'models'),
      preferences: memoryPreferences({ showTestModels: true, activeModelKey: 'user:active-copy' }),
    });
    const bus = new EventBus();
    bus.addSink((event, payload) => {
      if (event === 'evaluation.progress') events.push(payload as EvaluationSummary);
    });
    // The real datasets service over a real database: actor 19 is the test split, actor 01 trains.
    database = openDatabase(join(root, 'data', 'app.db'));
    const datasets = new DatasetService({ db: database.db, dataDir: join(root, 'data'), events: bus, log: () => {} });
    datasetId = datasets.import({ path: corpus, testSpeakers: [EVALUATED_ACTOR] }).id;
    service = new EvaluationService({ dataDir: join(root, 'data'), models, datasets, events: bus, log: () => {}, latencyRuns: 1 });
  });
  afterAll(async () => {
    await service.close();
    database.close();
    rmSync(root, { recursive: true, force: true });
    rmSync(join(corpus, '..'), { recursive: true, force: true });
  });

  const finished = (id: string) =>
    new Promise<EvaluationSummary>((resolve) => {
      const check = () => {
        const last = events.filter((e) => e.id === id).at(-1);
        if (last && last.state !== 'running') resolve(last);
        else setTimeout(check, 50);
      };
      check();
    });

  it('evaluates a corpus folder in a child process, beside the active model and the baselines, and stores the result', async () => {
    const started = await service.start({
      modelKey: 'shipped:tiny',
      source: { kind: 'folder', path: corpus, validationSpeakers: [EVALUATED_ACTOR] },
      compareActive: true,
      mlp: true,
      maxTokens: 16,
      threads: 1,
    });
    expect(started.state).toBe('running');
    const summary = await finished(started.id);
    expect(summary).toMatchObject({ state: 'done', error: null });
    const progress = events.filter((e) => e.id === started.id && e.progress.stage === 'model');
    expect(progress.at(-1)!.progress).toMatchObject({ done: 8, total: 8 });
    expect(events.some((e) => e.id === started.id && e.progress.stage === 'comparison')).toBe(true);

    const { result } = service.get(started.id);
    expect(result!.clips).toEqual({ evaluated: 8, failed: 0, baselineTraining: 8 });
    expect(result!.systems.map((s) => s.role)).toEqual(['model', 'active-model', 'baseline', 'baseline']);
    expect(result!.activeModel).toEqual({ key: 'user:active-copy', name: 'Active copy' });
    const model = result!.systems[0]!;
    expect(model.confusion.classes).toHaveLength(8);
    // Every clip is a row count: answered (a cell) or unanswered.
    expect(model.confusion.counts.flat().reduce((a, b) => a + b, 0) + model.confusion.unanswered.reduce((a, b) => a + b, 0)).toBe(8);
    expect(model.reliability).toHaveLength(15);
    expect(model.reliability.reduce((a, b) => a + b.clips, 0)).toBe(8);
    expect(Object.keys(model.perClassRecall).sort()).toEqual([
      'angry',
      'calm',
      'disgust',
      'fearful',
      'happy',
      'neutral',
      'sad',
      'surprised',
    ]);
    expect(result!.corpora.map((c) => [c.name, c.clips, c.systems.length])).toEqual([['ravdess', 8, 4]]);
    expect(result!.latency.fourSecondMedianMs).toBeGreaterThan(0);

    // Stored as JSON under evaluations/, listed, and exported as JSON and CSV.
    const stored = JSON.parse(readFileSync(join(root, 'data', 'evaluations', `${started.id}.json`), 'utf8'));
    expect(stored.summary.state).toBe('done');
    expect(service.list()[0]).toMatchObject({ id: started.id, state: 'done' });
    const csv = service.export(started.id, 'csv');
    expect(csv.text.split('\n')[1]).toMatch(/^system,role,clips,accuracy,accuracy_ci95_low/);
    expect(csv.text).toMatch(/confusion: EmotionReasoner tiny/);
    expect(csv.text).toMatch(/\nravdess,8,/);
    expect(readFileSync(csv.path, 'utf8')).toBe(csv.text);
    expect(JSON.parse(service.export(started.id, 'json').text).result.systems).toHaveLength(4);
  }, 240_000);

  it('evaluates a dataset split, the baselines trained on its training split', async () => {
    const started = await service.start({
      modelKey: 'shipped:tiny',
      source: { kind: 'dataset', datasetId, split: 'test' },
      compareActive: false,
      mlp: false,
      limit: 4,
      maxTokens: 16,
      threads: 1,
    });
    const summary = await finished(started.id);
    expect(summary.state).toBe('done');
    const { result } = service.get(started.id);
    expect(result!.clips).toEqual({ evaluated: 4, failed: 0, baselineTraining: 8 });
    expect(result!.systems.map((s) => s.name)).toEqual([
      'EmotionReasoner tiny (untrained test model)',
      'logistic-regression (functionals)',
    ]);
  }, 240_000);

  it('refuses a second evaluation while one runs, and cancel ends the process', async () => {
    const started = await service.start({
      modelKey: 'shipped:tiny',
      source: { kind: 'folder', path: corpus, validationSpeakers: [EVALUATED_ACTOR] },
      compareActive: true,
      mlp: false,
      maxTokens: 16,
      threads: 1,
    });
    await expect(
      service.start({ modelKey: 'shipped:tiny', source: { kind: 'folder', path: corpus }, compareActive: false, mlp: false, threads: 1 }),
    ).rejects.toMatchObject({ code: 'busy' });
    service.cancel(started.id);
    expect((await finished(started.id)).state).toBe('cancelled');
    expect(service.get(started.id).result).toBeNull();
    expect(() => service.export(started.id, 'csv')).toThrow(/no results/);
  }, 60_000);

  it('runs in a process that exits when the app that started it goes away, instead of decoding on for nobody', async () => {
    const entry = join(import.meta.dirname, 'evaluation-worker-entry.ts');
    const child = fork(entry, [], {
      execArgv: ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'advanced',
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const job: EvaluationJob = {
      model: { key: 'shipped:tiny', dir: join(root, 'shipped', 'tiny'), name: 'tiny' },
      activeModel: null,
      source: { kind: 'folder', dir: corpus, validationSpeakers: [EVALUATED_ACTOR] },
      mlp: false,
      threads: 1,
      scratchDir: join(root, 'scratch-orphan'),
      latencyRuns: 0,
    };
    // Gone mid-job, at its first progress message (an app killed with kill -9 looks the same to it).
    child.once('message', () => child.disconnect());
    child.send({ type: 'start', job });
    expect(await exited).toBe(0);
  }, 60_000);

  it('names bad sources: a relative or missing folder, an unknown dataset', async () => {
    await expect(
      service.start({
        modelKey: 'shipped:tiny',
        source: { kind: 'folder', path: 'data/ravdess' },
        compareActive: false,
        mlp: false,
        threads: 1,
      }),
    ).rejects.toMatchObject({ code: 'invalid_payload' });
    await expect(
      service.start({
        modelKey: 'shipped:tiny',
        source: { kind: 'folder', path: join(root, 'missing') },
        compareActive: false,
        mlp: false,
        threads: 1,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      service.start({
        modelKey: 'shipped:tiny',
        source: { kind: 'dataset', datasetId: '00000000-0000-0000-0000-000000000009', split: 'test' },
        compareActive: false,
        mlp: false,
        threads: 1,
      }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/not_found/) });
  });
});

describe('evaluations an app exit cut short', () => {
  it('are listed as interrupted when the service starts again', () => {
    const root = mkdtempSync(join(tmpdir(), 'et-evaluation-'));
    mkdirSync(join(root, 'evaluations'));
    const id = '11111111-2222-3333-4444-555555555555';
    writeFileSync(
      join(root, 'evaluations', `${id}.json`),
      JSON.stringify({
        request: { modelKey: 'shipped:tiny', source: { kind: 'folder', path: '/x' }, compareActive: true, mlp: true, threads: 1 },
        result: null,
        summary: {
          id,
          createdAt: '2026-01-01T00:00:00.000Z',
          state: 'running',
          modelKey: 'shipped:tiny',
          modelName: 'tiny',
          sourceDescription: 'folder /x',
          progress: { stage: 'model', done: 3, total: 8, message: '' },
          error: null,
          accuracy: null,
          unweightedAverageRecall: null,
        },
      }),
    );
    const models = new ModelRegistry({ shippedDir: join(root, 'none'), userDir: join(root, 'models'), preferences: memoryPreferences() });
    const noDatasets: DatasetCatalog = {
      clips: () => Promise.resolve([]),
      trainingFile: () => Promise.reject(new AppError('unavailable', 'not used here')),
    };
    const service = new EvaluationService({ dataDir: root, models, datasets: noDatasets, events: new EventBus(), log: () => {} });
    expect(service.list()).toMatchObject([{ id, state: 'interrupted', error: { code: 'interrupted' } }]);
    rmSync(root, { recursive: true, force: true });
  });
});

describe('catalog clips as corpora', () => {
  it('groups by corpus, evaluated clips as validation and the training split for the baselines', () => {
    const clip = (corpus: string, speaker: string, label: string, split: 'train' | 'test'): CatalogClip => ({
      audioPath: `/${corpus}/${speaker}/${label}.wav`,
      speaker,
      corpus,
      label,
      sourceLabel: label,
      split,
    });
    const corpora = catalogCorpora(
      [clip('ravdess', 's9', 'sad', 'test'), clip('lab', 'p2', 'happy', 'test')],
      [clip('ravdess', 's1', 'happy', 'train')],
    );
    expect(corpora.map((c) => [c.name, c.format, c.classes, c.validation.length, c.train.length, c.validationSpeakers])).toEqual([
      ['ravdess', 'ravdess', ['happy', 'sad'], 1, 1, ['s9']],
      ['lab', 'csv', ['happy'], 1, 0, ['p2']],
    ]);
  });
});
