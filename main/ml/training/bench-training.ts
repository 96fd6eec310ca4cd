// npm run bench:training — step times of the training runtime, measured in-process (no worker), so
// they are the graph + batch cost a job pays per step. Uses the tiny app model on real RAVDESS clips
// where both exist, and the linear fixture always. Run: npx tsx main/ml/training/bench-training.ts
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listCheckpoints, readCheckpoint, writeCheckpoint } from './checkpoint-store';
import { DataOrder } from './data-order';
import type { DatasetReader } from './dataset-reader';
import { LINEAR_MODEL_DIR, writeLinearDataset } from './fixtures/linear-fixture';
import { openTrainableModel, readParameters } from './trainable-model';
import { openDatasetReader } from './open-dataset';
import { initialOptimizerState, TrainStepRunner } from './train-step-runner';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TINY_DIR = process.env.TINY_MODEL_DIR ?? path.join(ROOT, 'resources/models/tiny');
const RAVDESS_DIR = path.resolve(ROOT, '../shared/data/ravdess');

async function bench(label: string, modelDir: string, reader: DatasetReader, steps: number, threads: number, scratch: string) {
  const model = openTrainableModel(modelDir);
  const runner = await TrainStepRunner.open(model.trainGraphPath, model.parameters, reader.feedNames, { intraOpNumThreads: threads });
  const state = initialOptimizerState(readParameters(model));
  const order = new DataOrder(reader.size, model.batchSize, 1);
  const batches = await Promise.all(
    Array.from({ length: Math.ceil(reader.size / model.batchSize) }, () => reader.readBatch(order.nextBatch())),
  );
  const times: number[] = [];
  for (let step = 1; step <= steps + 2; step++) {
    const started = performance.now();
    await runner.step(
      state,
      { step, lr: model.defaults.lr, weightDecay: model.defaults.weightDecay, maxGradNorm: model.defaults.maxGradNorm },
      batches[step % batches.length]!,
    );
    if (step > 2) times.push(performance.now() - started); // the first runs include ORT's lazy set-up
  }
  await runner.release();
  const checkpointDir = mkdtempSync(path.join(scratch, 'ckpt-'));
  let started = performance.now();
  const { bytes } = writeCheckpoint(checkpointDir, { step: 1, position: order.current, config: {} as never, lastLoss: 0, tensors: state });
  const writeMs = performance.now() - started;
  started = performance.now();
  readCheckpoint(listCheckpoints(checkpointDir)[0]!.file);
  const readMs = performance.now() - started;
  times.sort((a, b) => a - b);
  const params = model.parameters.reduce((n, p) => n + p.length / 4, 0);
  console.log(
    `${label.padEnd(34)} params ${String(params).padStart(8)}  batch ${model.batchSize}  threads ${threads}  ` +
      `step median ${times[times.length >> 1]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)})  ` +
      `checkpoint ${(bytes / 1e6).toFixed(1)} MB write ${writeMs.toFixed(0)} ms read ${readMs.toFixed(0)} ms`,
  );
}

const scratch = mkdtempSync(path.join(tmpdir(), 'bench-training-'));
try {
  const linear = writeLinearDataset(path.join(scratch, 'linear.jsonl'), 64);
  await bench('linear fixture (train_sft.onnx)', LINEAR_MODEL_DIR, await openDatasetReader(linear, 8, LINEAR_MODEL_DIR), 200, 1, scratch);
  if (existsSync(path.join(TINY_DIR, 'train_sft.onnx')) && existsSync(RAVDESS_DIR)) {
    const clips = ['01', '02'].flatMap((actor) =>
      ['01', '03', '04', '05'].map((code) => ({
        audio: path.join(RAVDESS_DIR, `Actor_${actor}/03-01-${code}-01-01-01-${actor}.wav`),
        target: '<think></think><answer>sad</answer>',
      })),
    );
    const file = path.join(scratch, 'ravdess.jsonl');
    writeFileSync(file, clips.map((c) => JSON.stringify(c)).join('\n'));
    const spec = { kind: 'speech-jsonl' as const, path: file, description: 'bench' };
    const started = performance.now();
    const reader = await openDatasetReader(spec, 0, TINY_DIR);
    await reader.readBatch([0, 1, 2, 3, 4, 5, 6, 7].slice(0, 4));
    await reader.readBatch([4, 5, 6, 7]);
    console.log(`features (decode + pitch + log-mel) for 8 RAVDESS clips: ${(performance.now() - started).toFixed(0)} ms`);
    for (const threads of [1, 2]) await bench('tiny model, 8 RAVDESS clips', TINY_DIR, reader, 20, threads, scratch);
  } else {
    console.log('tiny model train_sft.onnx or ../shared/data/ravdess absent: tiny-model figures skipped');
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
