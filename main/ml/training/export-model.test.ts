import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingJobConfig } from '../../../shared/types/training';
import { createSession, Tensor } from '../backends/onnx';
import { listCheckpoints, readCheckpoint, writeCheckpoint } from './checkpoint-store';
import { exportTrainedModel } from './export-model';
import { LINEAR_IN_DIM, LINEAR_MODEL_DIR, linearJobConfig, writeLinearDataset } from './fixtures/linear-fixture';
import { TrainingJob } from './training-job';

let config: TrainingJobConfig;
let checkpointFile: string;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'export-'));
  config = linearJobConfig(path.join(root, 'job'), writeLinearDataset(path.join(root, 'data.jsonl'), 64), { totalSteps: 120 });
  const job = new TrainingJob({ send: () => {} });
  job.handle({ seq: 1, type: 'start', config });
  await job.finished;
  checkpointFile = listCheckpoints(config.jobDir)[0]!.file;
});

/** Mean squared error of the folder's predict.onnx — an inference graph reading weights.bin as external data. */
async function predictError(modelDir: string): Promise<number> {
  const rows = readFileSync(path.join(root, 'data.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { x: number[]; y: number[] });
  const session = await createSession(path.join(modelDir, 'predict.onnx'));
  const { y } = await session.run({ x: new Tensor('float32', Float32Array.from(rows.flatMap((r) => r.x)), [rows.length, LINEAR_IN_DIM]) });
  const predicted = y!.data as Float32Array;
  const truth = rows.flatMap((r) => r.y);
  await session.release();
  return truth.reduce((sum, t, i) => sum + (predicted[i]! - t) ** 2, 0) / truth.length;
}

describe('exportTrainedModel', () => {
  it('writes a new model folder whose inference graph computes with the trained weights', async () => {
    const outDir = path.join(root, 'exported');
    const exported = await exportTrainedModel({ checkpointFile, outDir, id: 'linear-tuned', name: 'Linear, tuned', examples: 64 });
    expect(readdirSync(outDir).sort()).toEqual(['manifest.json', 'predict.onnx', 'train_sft.onnx', 'weights.bin']);
    const trained = readCheckpoint(checkpointFile).tensors.get('params.W')!;
    const written = new Float32Array(readFileSync(path.join(outDir, 'weights.bin')).buffer.slice(0, trained.byteLength));
    expect(written).toEqual(trained);
    expect(await predictError(outDir)).toBeLessThan((await predictError(LINEAR_MODEL_DIR)) * 0.2);
    const parentManifest = JSON.parse(readFileSync(path.join(LINEAR_MODEL_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(exported.manifest.parameters).toEqual(parentManifest.parameters); // same layout, every field kept
    expect(exported.manifest).toMatchObject({
      id: 'linear-tuned',
      parent: { id: 'linear-fixture', version: '1.0.0' },
      licence: 'MIT',
      trainingData: [{ name: config.dataset.description, clips: 64 }],
      metrics: { sftSteps: 120, sftFinalLoss: expect.any(Number) },
      stages: [{ name: 'sft', notes: expect.stringContaining('linear-fixture@1.0.0') }],
    });
  });

  it('refuses to overwrite an existing folder', async () => {
    await expect(exportTrainedModel({ checkpointFile, outDir: LINEAR_MODEL_DIR, id: 'x', name: 'x' })).rejects.toMatchObject({
      code: 'export_invalid',
    });
  });

  it('gives a model trained on non-commercial data that licence, and refuses a licence that drops it', async () => {
    const state = readCheckpoint(checkpointFile);
    const jobDir = mkdtempSync(path.join(tmpdir(), 'export-nc-'));
    const ravdessConfig: TrainingJobConfig = {
      ...config,
      jobDir,
      dataset: { kind: 'speech-jsonl', path: '/data/ravdess.jsonl', description: 'RAVDESS actors 1–20', licence: 'CC BY-NC-SA 4.0' },
    };
    const { file } = writeCheckpoint(jobDir, { ...state, config: ravdessConfig });
    const exported = await exportTrainedModel({ checkpointFile: file, outDir: path.join(jobDir, 'model'), id: 'linear-nc', name: 'NC' });
    expect(exported.manifest.licence).toBe('CC BY-NC-SA 4.0');
    const refused = exportTrainedModel({
      checkpointFile: file,
      outDir: path.join(jobDir, 'model-mit'),
      id: 'linear-mit',
      name: 'MIT',
      licence: 'MIT',
    });
    await expect(refused).rejects.toMatchObject({ code: 'export_invalid', message: expect.stringMatching(/non-commercial/) });
    expect(existsSync(path.join(jobDir, 'model-mit'))).toBe(false);
  });
});
