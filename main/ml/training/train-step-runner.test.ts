import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TensorFeedSpec } from '../../../shared/types/training';
import { TensorJsonlReader } from './dataset-reader';
import { LINEAR_IN_DIM, LINEAR_MODEL_DIR, LINEAR_OUT_DIM, writeLinearDataset } from './fixtures/linear-fixture';
import { openTrainableModel, readParameters } from './trainable-model';
import { initialOptimizerState, TrainStepRunner } from './train-step-runner';

const model = openTrainableModel(LINEAR_MODEL_DIR);

async function fixtureBatch() {
  const spec = writeLinearDataset(path.join(mkdtempSync(path.join(tmpdir(), 'step-')), 'data.jsonl'), 13);
  if (spec.kind !== 'tensor-jsonl') throw new Error('fixture must be tensor-jsonl');
  const reader = new TensorJsonlReader(spec.path, spec.feeds, spec.rowMaskFeed, model.batchSize);
  return { reader, batch: await reader.readBatch([0, 1, 2, 3, 4, 5, 6, 7]) };
}

/** torch.optim.AdamW after clip_grad_norm_, written out in plain TypeScript for one step from zero moments. */
function referenceStep(
  W: Float32Array,
  b: Float32Array,
  x: Float32Array,
  y: Float32Array,
  mask: Float32Array,
  lr: number,
  wd: number,
  maxNorm: number,
) {
  const B = mask.length;
  const denominator = mask.reduce((a, v) => a + v, 0) * LINEAR_OUT_DIM;
  const gW = new Float64Array(W.length);
  const gb = new Float64Array(b.length);
  let loss = 0;
  for (let n = 0; n < B; n++) {
    for (let k = 0; k < LINEAR_OUT_DIM; k++) {
      let pred = b[k]!;
      for (let i = 0; i < LINEAR_IN_DIM; i++) pred += x[n * LINEAR_IN_DIM + i]! * W[i * LINEAR_OUT_DIM + k]!;
      const err = pred - y[n * LINEAR_OUT_DIM + k]!;
      loss += (mask[n]! * err * err) / denominator;
      const dpred = (2 * err * mask[n]!) / denominator;
      gb[k]! += dpred;
      for (let i = 0; i < LINEAR_IN_DIM; i++) gW[i * LINEAR_OUT_DIM + k]! += x[n * LINEAR_IN_DIM + i]! * dpred;
    }
  }
  const norm = Math.sqrt([...gW, ...gb].reduce((a, g) => a + g * g, 0));
  const scale = Math.min(1, maxNorm / (norm + 1e-6));
  // Step 1 from zero moments: m̂ = g, v̂ = g², so the update is lr·g/(|g| + eps) after decay.
  const update = (p: number, g: number) => p * (1 - lr * wd) - (lr * (g * scale)) / (Math.abs(g * scale) + 1e-8);
  return { loss, norm, W: Array.from(W, (p, i) => update(p, gW[i]!)), b: Array.from(b, (p, k) => update(p, gb[k]!)) };
}

describe('TrainStepRunner on the linear fixture graph', () => {
  it('takes one AdamW step that matches a plain TypeScript reference of torch.optim.AdamW', async () => {
    const { reader, batch } = await fixtureBatch();
    const runner = await TrainStepRunner.open(model.trainGraphPath, model.parameters, reader.feedNames, { intraOpNumThreads: 1 });
    const params = readParameters(model);
    const state = initialOptimizerState(params);
    const expected = referenceStep(
      params.get('W')!,
      params.get('b')!,
      batch.feeds.x!.data as Float32Array,
      batch.feeds.y!.data as Float32Array,
      batch.feeds.sample_weights!.data as Float32Array,
      0.05,
      0.01,
      1.0,
    );
    const { loss, gradNorm } = await runner.step(state, { step: 1, lr: 0.05, weightDecay: 0.01, maxGradNorm: 1.0 }, batch);
    expect(loss).toBeCloseTo(expected.loss, 4);
    expect(gradNorm).toBeCloseTo(expected.norm, 4);
    Array.from(state.get('params.W')!).forEach((v, i) => expect(v).toBeCloseTo(expected.W[i]!, 5));
    Array.from(state.get('params.b')!).forEach((v, k) => expect(v).toBeCloseTo(expected.b[k]!, 5));
    expect(Math.max(...Array.from(state.get('adam_v.W')!))).toBeGreaterThan(0);
    await runner.release();
  });

  it('lowers the loss over repeated steps on the same data', async () => {
    const { reader, batch } = await fixtureBatch();
    const runner = await TrainStepRunner.open(model.trainGraphPath, model.parameters, reader.feedNames, { intraOpNumThreads: 1 });
    const state = initialOptimizerState(readParameters(model));
    const losses: number[] = [];
    for (let step = 1; step <= 60; step++)
      losses.push((await runner.step(state, { step, lr: 0.05, weightDecay: 0, maxGradNorm: 1 }, batch)).loss);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
    await runner.release();
  });

  it('refuses a graph whose inputs differ from the feeds, naming them (ORT would ignore them silently)', async () => {
    const renamed: TensorFeedSpec[] = [{ name: 'features', dtype: 'float32', exampleShape: [LINEAR_IN_DIM] }];
    const feedNames = [...renamed.map((f) => f.name), 'y', 'sample_weights'];
    await expect(TrainStepRunner.open(model.trainGraphPath, model.parameters, feedNames, {})).rejects.toMatchObject({
      code: 'graph_mismatch',
      message: expect.stringMatching(/inputs nobody feeds: x.*feeds the graph does not take: features/),
    });
  });
});
