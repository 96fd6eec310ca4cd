import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/ipc/contract';
import type { DatasetProgress } from '../../shared/types/datasets';
import { EventBus } from '../ipc/event-bus';
import { openDatabase, type AppDatabase } from '../store/database';
import { DatasetRepository } from '../store/dataset-repository';
import { DatasetService } from './dataset-service';
import { requireCorpusSized } from './import-folder';
import { hasSharedRavdess, makeSmallRavdess, SHARED_RAVDESS } from './testing/ravdess-fixture';

const temp = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

interface Fixture {
  database: AppDatabase;
  dataDir: string;
  service: DatasetService;
  events: { name: EventName; payload: unknown }[];
}

function open(dataDir = temp('et-datasets-data-')): Fixture {
  const database = openDatabase(path.join(dataDir, 'app.db'));
  const bus = new EventBus();
  const events: Fixture['events'] = [];
  bus.addSink((name, payload) => events.push({ name, payload }));
  const service = new DatasetService({ db: database.db, dataDir, events: bus, log: () => {} });
  return { database, dataDir, service, events };
}

const progressOf = (f: Fixture, job: 'import' | 'build') =>
  f.events
    .filter((e) => e.name === 'datasets.progress')
    .map((e) => e.payload as DatasetProgress)
    .filter((p) => p.job === job);

async function code(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'no error';
}

describe('checking the folder the user typed', () => {
  const f = open();
  afterAll(() => f.database.close());

  it('refuses a missing, relative, non-folder or empty path with a typed error naming it', async () => {
    expect(await code(() => f.service.import({ path: '/nowhere/at/all' }))).toBe('folder_not_found');
    expect(await code(() => f.service.import({ path: 'relative/folder' }))).toBe('path_not_absolute');
    const file = path.join(temp('et-file-'), 'clip.wav');
    writeFileSync(file, 'x');
    expect(await code(() => f.service.import({ path: file }))).toBe('not_a_folder');
    expect(await code(() => f.service.import({ path: temp('et-empty-') }))).toBe('empty_dataset');
    expect(() => f.service.import({ path: '/nowhere/at/all' })).toThrow(/"\/nowhere\/at\/all" does not exist/);
    expect(f.service.list()).toEqual([]);
  });

  it('refuses a folder far larger than a corpus before walking all of it', async () => {
    const big = temp('et-big-');
    for (let i = 0; i < 4; i++) mkdirSync(path.join(big, `sub${i}`));
    expect(() => requireCorpusSized(big, 3)).toThrow(/holds more than 3 files and folders: type the corpus folder itself/);
    expect(await code(() => requireCorpusSized(big, 3))).toBe('folder_too_large');
    expect(() => requireCorpusSized(big, 4)).not.toThrow();
  });

  it('refuses a manifest without the needed columns, and one naming audio outside its folder', async () => {
    const bad = temp('et-manifest-');
    writeFileSync(path.join(bad, 'manifest.csv'), 'file,emotion\na.wav,angry\n');
    expect(() => f.service.import({ path: bad })).toThrow(/lacks the column\(s\) path, speaker/);
    expect(await code(() => f.service.import({ path: bad }))).toBe('bad_manifest');
    const outside = temp('et-manifest-');
    const clip = path.join(SHARED_RAVDESS, 'Actor_01', '03-01-01-01-01-01-01.wav');
    writeFileSync(path.join(outside, 'manifest.csv'), `path,label,speaker\n${clip},neutral,s1\n`);
    if (existsSync(clip)) expect(() => f.service.import({ path: outside })).toThrow(/outside its folder/);
  });
});

describe.skipIf(!hasSharedRavdess())('a small RAVDESS dataset in the app', () => {
  let f: Fixture;
  let corpus: string;
  let id: string;

  beforeAll(() => {
    f = open();
    corpus = makeSmallRavdess({ undecodable: true, badName: true });
  });
  afterAll(async () => {
    await f.service.close();
    f.database.close();
  });

  it('imports the folder with progress and counts clips per label, speaker, gender and split', () => {
    const details = f.service.import({ path: corpus, validationSpeakers: ['3'] });
    id = details.id;
    expect(details).toMatchObject({
      format: 'ravdess',
      corpus: 'ravdess',
      licence: 'CC BY-NC-SA 4.0',
      items: 13,
      clips: 13,
      name: path.basename(corpus),
    });
    expect(progressOf(f, 'import').map((p) => p.phase)).toEqual(['read', 'found', 'stored']);
    expect(details.counts.bySplit).toEqual({ train: 8, validation: 5, test: 0 });
    expect(details.counts.byGender).toEqual({ female: 4, male: 9, unknown: 0 });
    expect(details.counts.bySpeaker.map((s) => [s.speaker, s.gender, s.split, s.clips])).toEqual([
      ['ravdess_01', 'male', 'train', 4],
      ['ravdess_02', 'female', 'train', 4],
      ['ravdess_03', 'male', 'validation', 5],
    ]);
    expect(details.counts.byLabel.find((l) => l.label === 'angry')).toEqual({ label: 'angry', train: 2, validation: 2, test: 0, total: 4 });
    expect(details.problems.map((p) => [path.basename(p.audioPath), p.code, p.stage])).toEqual([['notes.wav', 'bad_file_name', 'import']]);
    expect(f.events.some((e) => e.name === 'datasets.changed')).toBe(true);
  });

  it('saves an edited label mapping, applies it to the counts and reports unknown labels', () => {
    const edited = f.service.updateLabelMapping(id, { neutral: 'neutral', calm: 'neutral', sad: null, angry: 'angry' });
    expect(edited.counts.byLabel.map((l) => [l.label, l.total])).toEqual([
      ['angry', 4],
      ['neutral', 6],
    ]);
    expect(edited.sourceLabels.find((s) => s.sourceLabel === 'sad')).toEqual({ sourceLabel: 'sad', count: 3, mappedTo: null });
    const partial = f.service.updateLabelMapping(id, { neutral: 'neutral', calm: 'neutral', angry: 'angry' });
    expect(partial.unknownLabels).toEqual([{ sourceLabel: 'sad', count: 3, examples: expect.any(Array) }]);
    expect(partial.sourceLabels.find((s) => s.sourceLabel === 'sad')).toEqual({ sourceLabel: 'sad', count: 3 });
    expect(() => f.service.updateLabelMapping(id, { fearful: 'fearful' })).toThrow(/leaves no clip with a label/);
    // Saved: a second service over the same database reads it back.
    const again = new DatasetService({ db: f.database.db, dataDir: f.dataDir, events: new EventBus(), log: () => {} });
    expect(again.details(id).labelMapping).toEqual({ neutral: 'neutral', calm: 'neutral', angry: 'angry' });
    f.service.updateLabelMapping(id, { neutral: 'neutral', calm: 'calm', sad: 'sad', angry: 'angry' });
  });

  it('refuses training files and lists clips before the EmotionCoT build', async () => {
    expect(await code(() => f.service.trainingFile(id, 'train'))).toBe('not_ready');
    const validation = await f.service.clips(id, 'validation');
    expect(validation.map((c) => [c.speaker, c.label, c.corpus])).toContainEqual(['ravdess_03', 'angry', 'ravdess']);
    expect(validation).toHaveLength(5);
  });

  it('cancels a build part-way, and the next build resumes from what it kept', async () => {
    f.service.buildCot(id);
    expect(await code(() => f.service.buildCot(id))).toBe('conflict');
    // Cancel once three clips are analyzed (or fail here if the build ends first).
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (progressOf(f, 'build').some((p) => p.phase === 'analyze' && p.done >= 3)) resolve();
        else if (progressOf(f, 'build').some((p) => p.phase === 'done'))
          reject(new Error(`build ended first: ${JSON.stringify(f.service.details(id).build)}`));
        else return;
        clearInterval(timer);
      }, 20);
    });
    const cancelled = await f.service.cancelBuild(id);
    expect(cancelled.build.status).toBe('cancelled');
    expect(await code(() => f.service.trainingFile(id, 'train'))).toBe('not_ready');

    f.events.length = 0;
    f.service.buildCot(id);
    await f.service.whenBuilt(id);
    const built = f.service.details(id);
    expect(built.build).toMatchObject({
      status: 'done',
      stale: false,
      records: 12,
      total: 13,
      splits: { train: 8, validation: 4, test: 0 },
    });
    const phases = progressOf(f, 'build');
    expect(phases.find((p) => p.phase === 'analyze' && p.done === 13)?.cached).toBeGreaterThanOrEqual(3);
    expect(new Set(phases.map((p) => p.phase))).toEqual(new Set(['import', 'analyze', 'write', 'split', 'done']));
    expect(built.problems.map((p) => [path.basename(p.audioPath), p.code, p.stage])).toEqual([
      ['notes.wav', 'bad_file_name', 'import'],
      ['03-01-05-01-02-02-03.wav', 'not_audio', 'build'],
    ]);
  }, 120_000);

  it('gives training one speech-jsonl file per split, with the dataset licence', async () => {
    const train = await f.service.trainingFile(id, 'train');
    expect(train).toMatchObject({ clips: 8, licence: 'CC BY-NC-SA 4.0', description: `${path.basename(corpus)} (train split), 8 clips` });
    const lines = readFileSync(train.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { split: string; speaker: string; target: string; audio: string });
    expect(lines).toHaveLength(8);
    expect(
      lines.every((r) => r.split === 'train' && r.speaker !== 'ravdess_03' && r.target.startsWith('<think>') && existsSync(r.audio)),
    ).toBe(true);
    expect(train.path.startsWith(path.join(f.dataDir, 'datasets', id))).toBe(true);
    expect((await f.service.trainingFile(id, 'all')).clips).toBe(12);
    // The clip that would not decode is no longer offered to evaluation either.
    expect(await f.service.clips(id, 'validation')).toHaveLength(4);
    expect(await code(() => f.service.trainingFile(id, 'test'))).toBe('empty_split');
  });

  it('browses records: a page of clips and one clip with its trace, verdicts and audio', async () => {
    const page = f.service.records({ datasetId: id, split: 'validation', limit: 2 });
    expect(page.total).toBe(5);
    expect(page.rows).toHaveLength(2);
    const failed = f.service.records({ datasetId: id, built: false }).rows;
    expect(failed.map((r) => [path.basename(r.file), r.problem?.code])).toEqual([['03-01-05-01-02-02-03.wav', 'not_audio']]);
    const row = f.service.records({ datasetId: id, label: 'angry', split: 'train' }).rows[0]!;
    const { record } = f.service.record(id, row.index);
    expect(record).not.toBeNull();
    expect(record!.caption.length).toBeGreaterThan(10);
    expect(record!.target).toBe(`<think>${record!.reasoning}</think><answer>angry</answer>`);
    expect(record!.claims.length).toBeGreaterThan(0);
    expect(record!.verified).toBe(record!.claims.filter((c) => c.verdict === 'verified').length);
    expect(['low', 'normal', 'high']).toContain(record!.levels.pitch);
    const head = await f.service.audioChunk(id, row.index, 0, 12);
    expect(Buffer.from(head.dataBase64, 'base64').subarray(0, 4).toString()).toBe('RIFF');
    expect(head.mimeType).toBe('audio/wav');
    expect(await code(() => f.service.record(id, 999))).toBe('not_found');
  });

  it('marks the build stale when the mapping changes, until it is rebuilt', async () => {
    f.service.updateLabelMapping(id, { neutral: 'neutral', calm: 'neutral', sad: 'sad', angry: 'angry' });
    expect(f.service.details(id).build.stale).toBe(true);
    expect(await code(() => f.service.trainingFile(id, 'train'))).toBe('not_ready');
    f.service.updateLabelMapping(id, { neutral: 'neutral', calm: 'calm', sad: 'sad', angry: 'angry' });
    expect(f.service.details(id).build.stale).toBe(false);
  });

  it('reports a build left running by a killed app as interrupted', () => {
    const repo = new DatasetRepository(f.database.db);
    const build = repo.build(id)!;
    repo.saveBuild(id, { ...build, status: 'running' });
    const restarted = new DatasetService({ db: f.database.db, dataDir: f.dataDir, events: new EventBus(), log: () => {} });
    expect(restarted.details(id).build.status).toBe('interrupted');
    repo.saveBuild(id, build);
  });

  it('deletes the dataset and its built files, never the corpus folder (final once the app closes; undo in dataset-deletion.test.ts)', async () => {
    expect(await f.service.delete(id)).toEqual({ undoWindowMs: 10_000 });
    expect(await code(() => f.service.clips(id, 'all'))).toBe('not_found');
    await f.service.close();
    expect(existsSync(path.join(f.dataDir, 'datasets', id))).toBe(false);
    expect(existsSync(path.join(corpus, 'Actor_01'))).toBe(true);
  });
});

describe.skipIf(!hasSharedRavdess())('a CSV manifest dataset', () => {
  it('keeps manifest labels as written and reports labels a saved mapping does not know', () => {
    const f = open();
    const root = temp('et-csv-');
    mkdirSync(path.join(root, 'audio'));
    const rows = ['path,label,speaker,gender'];
    ['01', '04', '05'].forEach((e, k) => {
      const name = `03-01-${e}-01-01-01-02.wav`;
      copyFileSync(path.join(SHARED_RAVDESS, 'Actor_02', name), path.join(root, 'audio', name));
      rows.push(`audio/${name},${['calm', 'sad', 'furious'][k]},spk${k % 2},F`);
    });
    rows.push('audio/missing.wav,sad,spk1,F');
    writeFileSync(path.join(root, 'manifest.csv'), `${rows.join('\n')}\n`);
    const details = f.service.import({ path: root, licence: 'CC0' });
    expect(details).toMatchObject({ format: 'csv', licence: 'CC0', clips: 3 });
    expect(details.sourceLabels.map((s) => [s.sourceLabel, s.mappedTo])).toEqual([
      ['calm', 'calm'],
      ['furious', 'furious'],
      ['sad', 'sad'],
    ]);
    expect(details.problems.map((p) => p.code)).toEqual(['file_not_found']);
    const mapped = f.service.updateLabelMapping(details.id, { calm: 'neutral', sad: 'sad' });
    expect(mapped.unknownLabels.map((u) => [u.sourceLabel, u.count])).toEqual([['furious', 1]]);
    expect(mapped.counts.byLabel.map((l) => l.label)).toEqual(['neutral', 'sad']);
    expect(mapped.counts.byGender).toEqual({ female: 2, male: 0, unknown: 0 });
    f.database.close();
  });
});
