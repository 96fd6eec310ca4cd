// Issue 4's parity check: each graph of the committed tiny model, run by onnxruntime-node, reproduces
// eager PyTorch (tools/model/reference.py) — loss, grad norm and every updated parameter and Adam
// moment of a training step, the encoder's and decoder's outputs — to ≤ 1e-5.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSession, Tensor, type OrtTensor } from '../backends/onnx';
import { pythonTorchAvailable, runModelTool } from '../features/python-reference';
import { openModelFolder } from './model-folder';

const TINY = path.resolve(import.meta.dirname, '../../../resources/models/tiny');
const TOLERANCE = 1e-5;

interface IndexEntry {
  name: string;
  dtype: 'float32' | 'int64';
  shape: number[];
  offset: number;
  bytes: number;
}

function readTensors(dir: string, kind: 'inputs' | 'outputs', entries: IndexEntry[]): Map<string, OrtTensor> {
  const blob = readFileSync(path.join(dir, `${kind}.bin`));
  const tensors = new Map<string, OrtTensor>();
  for (const e of entries) {
    const bytes = new Uint8Array(e.bytes);
    bytes.set(blob.subarray(e.offset, e.offset + e.bytes));
    const data = e.dtype === 'float32' ? new Float32Array(bytes.buffer) : new BigInt64Array(bytes.buffer);
    tensors.set(e.name, new Tensor(e.dtype, data, e.shape));
  }
  return tensors;
}

function worstDifference(expected: OrtTensor, actual: OrtTensor): number {
  const a = expected.data as Float32Array;
  const b = actual.data as Float32Array;
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(a[i]!)));
  return worst;
}

const folder = openModelFolder(TINY);
const graphs = (['encoder', 'decoder', 'trainSft', 'trainGrpo', 'logprobs'] as const).filter(
  (key) => folder.manifest.graphs[key] !== undefined,
);
const referenceName = {
  encoder: 'encoder',
  decoder: 'decoder',
  trainSft: 'train_sft',
  trainGrpo: 'train_grpo',
  logprobs: 'logprobs',
} as const;

describe.skipIf(!pythonTorchAvailable())('ORT graphs of the tiny model match eager PyTorch', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'parity-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it.each(graphs)('%s reproduces every output to ≤ 1e-5', async (key) => {
    const graph = folder.manifest.graphs[key]!;
    const dir = path.join(scratch, key);
    runModelTool('reference.py', [TINY, referenceName[key], dir], 300_000);
    const index = JSON.parse(readFileSync(path.join(dir, 'index.json'), 'utf8')) as { inputs: IndexEntry[]; outputs: IndexEntry[] };
    expect(index.inputs.map((e) => e.name)).toEqual(graph.inputs);
    expect(index.outputs.map((e) => e.name)).toEqual(graph.outputs);
    const session = await createSession(folder.file(graph.file), { intraOpNumThreads: 2 });
    expect([...session.inputNames]).toEqual(graph.inputs);
    const feeds = Object.fromEntries(readTensors(dir, 'inputs', index.inputs));
    const results = await session.run(feeds);
    await session.release();
    const expected = readTensors(dir, 'outputs', index.outputs);
    const failures: string[] = [];
    let worstOverall = 0;
    for (const [name, tensor] of expected) {
      const worst = worstDifference(tensor, results[name]!);
      worstOverall = Math.max(worstOverall, worst);
      if (!(worst <= TOLERANCE)) failures.push(`${name}: ${worst.toExponential(2)}`);
    }
    console.info(`parity ${graph.file}: worst relative difference ${worstOverall.toExponential(2)} over ${expected.size} outputs`);
    expect(failures).toEqual([]);
  });
});
