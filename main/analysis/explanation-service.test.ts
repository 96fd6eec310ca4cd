import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/ipc/contract';
import { EventBus } from '../ipc/event-bus';
import {
  createLibraryFixture,
  fixtureTinyModel,
  importFile,
  writeSpeechWav,
  type LibraryFixture,
} from '../library/testing/library-fixture';
import { ModelRegistry, type ActiveModel } from '../installed-models/model-registry';
import { copyTinyModel, memoryPreferences } from '../installed-models/testing/model-copies';
import { LibraryService } from '../library/library-service';
import { UploadStore } from '../library/upload-store';
import { ExplanationService } from './explanation-service';

describe('explanation runs in the analysis worker with the tiny model', () => {
  let fx: LibraryFixture;
  let recordingId: string;
  let tiny: ActiveModel;
  const events: { name: EventName; payload: Record<string, unknown> }[] = [];
  const bus = new EventBus();
  bus.addSink((name, payload) => events.push({ name, payload: payload as Record<string, unknown> }));

  beforeAll(async () => {
    fx = createLibraryFixture();
    tiny = fixtureTinyModel(fx);
    recordingId = await importFile(fx, writeSpeechWav(fx.dir, 'speech.wav'));
  });
  afterAll(async () => fx?.dispose());

  it('streams the reasoning in order, then stores the checked answer with its timings as the newest analysis', async () => {
    const service = new ExplanationService(fx.library, fx.analysis, bus);
    const { run, done } = service.start(recordingId, tiny);
    expect(run).toMatchObject({ recordingId, modelKey: 'shipped:tiny', modelId: 'emotion-reasoner-tiny', testModel: true });
    const stored = await done;
    expect(stored).not.toBeNull();

    const ofRun = events.filter((e) => e.payload.runId === run.runId);
    expect(ofRun[0]!.name).toBe('analysis.explanationStarted');
    expect(ofRun.at(-1)).toMatchObject({
      name: 'analysis.explanationFinished',
      payload: { outcome: 'stored', analysisId: stored!.id, error: null },
    });
    const tokens = ofRun
      .filter((e) => e.name === 'analysis.reasoning')
      .map((e) => e.payload as { seq: number; attempt: number; text: string });
    expect(tokens.length).toBeGreaterThan(10);
    expect(tokens.map((t) => t.seq)).toEqual(tokens.map((_, i) => i));
    const attempts = tokens.map((t) => t.attempt);
    expect(attempts).toEqual([...attempts].sort((a, b) => a - b));

    const view = fx.library.analysisView(recordingId);
    expect(view.analysisId).toBe(stored!.id);
    const explanation = view.explanation!;
    expect(explanation).toMatchObject({ modelId: 'emotion-reasoner-tiny', modelKey: 'shipped:tiny', testModel: true });
    // A test model's output is never a judgement, well formed or not.
    expect(explanation.label).toBe('');
    expect(Array.isArray(explanation.claims)).toBe(true);
    expect(explanation.wellFormed).toBe(explanation.problems!.length === 0);
    // The stored reasoning is what streamed: it sits in the text of one of the attempts.
    const streamed = new Map<number, string>();
    for (const t of tokens) streamed.set(t.attempt, (streamed.get(t.attempt) ?? '') + t.text);
    expect([...streamed.values()].some((text) => text.includes(explanation.reasoning))).toBe(true);
    const total = Object.values(explanation.probabilities).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 4);
    expect(Object.keys(explanation.probabilities).sort()).toEqual([...tiny.details.labels].sort());
    expect(view.timings).toMatchObject({
      decodeMs: expect.any(Number),
      prosodyMs: expect.any(Number),
      generateMs: expect.any(Number),
      modelTotalMs: expect.any(Number),
    });
    // The prosody of the new analysis is the measured one, not measured again.
    expect(view.tracks.f0Hz).toEqual(fx.library.analysisView(recordingId).tracks.f0Hz);
    expect(service.progress(recordingId)).toEqual({ running: null, queued: 0 });
  });

  it('keeps a real model’s well-formed label and flags a malformed answer without a label', async () => {
    const shippedDir = join(fx.dir, 'real');
    copyTinyModel(join(shippedDir, 'pretend-real'), (m) => (m.testModel = false));
    const model = new ModelRegistry({ shippedDir, userDir: join(fx.dir, 'models'), preferences: memoryPreferences() }).usable(
      'shipped:pretend-real',
    );
    const service = new ExplanationService(fx.library, fx.analysis, bus);
    const stored = await service.start(recordingId, model).done;
    const explanation = fx.library.analysisView(recordingId).explanation!;
    expect(stored!.model!.details!.testModel).toBe(false);
    // The untrained weights write noise: the answer is flagged, never stored as a label.
    if (explanation.wellFormed) expect(model.details.labels).toContain(explanation.label);
    else {
      expect(explanation.label).toBe('');
      expect(explanation.problems!.length).toBeGreaterThan(0);
      expect(fx.library.get(recordingId).label).toBeNull();
    }
  });

  it('keeps a model’s sessions loaded between clips, and reloads them when the folder holds a new model', async () => {
    const shippedDir = join(fx.dir, 'reload');
    const dir = copyTinyModel(join(shippedDir, 'changing'));
    const registry = new ModelRegistry({
      shippedDir,
      userDir: join(fx.dir, 'models'),
      preferences: memoryPreferences({ showTestModels: true }),
    });
    const service = new ExplanationService(fx.library, fx.analysis, bus);
    const probabilities = async () => (await service.start(recordingId, registry.usable('shipped:changing')).done)!.model!.probabilities;
    const first = await probabilities();
    // Other weights on disk under the same manifest: the worker's cached sessions still answer.
    // (A new file renamed over the old, as an export writes it: ORT maps the weights it loaded.)
    const weights = new Float32Array(new Uint8Array(readFileSync(join(dir, 'weights.bin'))).buffer);
    writeFileSync(join(dir, 'weights.bin.new'), new Uint8Array(weights.map((w) => w * 0.5).buffer));
    renameSync(join(dir, 'weights.bin.new'), join(dir, 'weights.bin'));
    expect(await probabilities()).toEqual(first);
    // A new manifest (as a new export writes) makes the worker load the folder again.
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { createdAt: string };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, createdAt: '2030-01-01T00:00:00Z' }));
    expect(await probabilities()).not.toEqual(first);
  });

  it('decodes a recording once for its import, its explanation and its charts (the worker is sent the samples)', async () => {
    const before = { ...fx.analysis.stats };
    const id = await importFile(fx, writeSpeechWav(fx.dir, 'once.wav', 3, 11));
    const service = new ExplanationService(fx.library, fx.analysis, bus);
    expect(await service.start(id, tiny).done).not.toBeNull();
    await fx.library.waveform(id, 0, 3, 300);
    await fx.library.spectrogram(id, 0, 3, 300);
    expect(fx.analysis.stats.decodes - before.decodes).toBe(1);
    expect(fx.analysis.stats.decodeMs).toBeGreaterThan(before.decodeMs);
  });

  it('decodes an evicted recording once more on its next use, and only once for its explanation and charts', async () => {
    // A budget of no bytes keeps only the clip used last.
    const library = new LibraryService(fx.database.db, fx.folders, fx.analysis, undefined, 0);
    const add = async (name: string, seed: number) => {
      const uploads = new UploadStore(fx.folders.incoming);
      const bytes = readFileSync(writeSpeechWav(fx.dir, name, 2, seed));
      const upload = await uploads.begin(name, bytes.length);
      await uploads.append(upload, 0, bytes);
      return (await library.addFile(await uploads.complete(upload), 'import')).recording.id;
    };
    const first = await add('evicted-1.wav', 21);
    const second = await add('evicted-2.wav', 22);
    const before = fx.analysis.stats.decodes;
    const service = new ExplanationService(library, fx.analysis, bus);
    await Promise.all([service.start(first, tiny).done, library.waveform(first, 0, 2, 200), library.spectrogram(first, 0, 2, 200)]);
    expect(fx.analysis.stats.decodes - before).toBe(1);
    await service.start(second, tiny).done;
    expect(fx.analysis.stats.decodes - before).toBe(2);
  });

  it('reports a run on a folder that is not a model as failed, with its error code', async () => {
    const service = new ExplanationService(fx.library, fx.analysis, bus);
    const broken: ActiveModel = { ...tiny, key: 'user:gone', dir: join(fx.dir, 'no-such-model') };
    const { run, done } = service.start(recordingId, broken);
    expect(await done).toBeNull();
    expect(events.find((e) => e.name === 'analysis.explanationFinished' && e.payload.runId === run.runId)!.payload).toMatchObject({
      outcome: 'failed',
      error: { code: 'folder_missing' },
    });
  });
});
