// Weight-space averaging on the tiny model's real folder: the result's weights are the average, the
// folder is one the app opens and runs (real ONNX sessions on a real clip), and averaging refuses
// models that are not one model and its own fine-tune.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openModelFolder } from '../models/model-folder';
import { loadModel } from '../models/model-sessions';
import { analyzeClip } from '../pipeline/analyze-clip';
import { encodeWeights, openTrainableModel, readParameters } from '../training/trainable-model';
import { averageModelWeights, modelFigures, WEIGHT_AVERAGE_FILE, type WeightAverageSummary } from './weight-average';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const TINY = path.join(ROOT, 'resources/models/tiny');
const CLIP = path.resolve(ROOT, '../shared/data/ravdess/Actor_17/03-01-05-02-01-01-17.wav');

let root: string;
let anchorDir: string;
let tunedDir: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'weight-average-'));
  anchorDir = path.join(root, 'anchor');
  tunedDir = path.join(root, 'tuned');
  cpSync(TINY, anchorDir, { recursive: true });
  cpSync(TINY, tunedDir, { recursive: true });
  // A "fine-tune": every weight moved by a small, position-dependent amount.
  const tuned = openTrainableModel(tunedDir);
  const values = readParameters(tuned);
  for (const v of values.values()) for (let i = 0; i < v.length; i++) v[i]! += 0.01 * Math.sin(i);
  writeFileSync(path.join(tunedDir, 'weights.bin'), encodeWeights(tuned.parameters, values));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const parametersOf = (dir: string) => readParameters(openTrainableModel(dir));

describe('averageModelWeights', () => {
  it('writes (1 − α)·anchor + α·tuned into a folder the app opens and runs', async () => {
    const outDir = path.join(root, 'half');
    const { summary } = averageModelWeights({ anchorDir, tunedDir, alpha: 0.5, outDir, manifestFields: { version: '9.9.9' } });
    const [a, t, m] = [parametersOf(anchorDir), parametersOf(tunedDir), parametersOf(outDir)];
    let worst = 0;
    for (const [name, mid] of m) {
      for (let i = 0; i < mid.length; i++) worst = Math.max(worst, Math.abs(mid[i]! - (a.get(name)![i]! + t.get(name)![i]!) / 2));
    }
    expect(worst).toBeLessThan(1e-6);
    expect(summary.maxDifference).toBeGreaterThan(0.009);
    expect(summary.maxDifference).toBeLessThan(0.0101);
    expect(summary.rmsDifference).toBeCloseTo(0.01 / Math.SQRT2, 3);

    const folder = openModelFolder(outDir);
    expect(folder.manifest.version).toBe('9.9.9');
    expect(folder.manifest.stages?.at(-1)).toMatchObject({ name: 'weight-average' });
    expect(folder.manifest.stages?.at(-1)?.notes).toContain('(1 − 0.5)');
    expect(folder.manifest.description).toMatch(/Weights: 0.5 × emotion-reasoner-tiny@\S+ \+ 0.5 × this continuation of it/);
    const written = JSON.parse(readFileSync(path.join(outDir, WEIGHT_AVERAGE_FILE), 'utf8')) as WeightAverageSummary;
    expect(written).toMatchObject({ alpha: 0.5, anchor: { id: 'emotion-reasoner-tiny' }, parameters: summary.parameters });

    if (!existsSync(CLIP)) return;
    const model = await loadModel(outDir);
    try {
      const result = await analyzeClip({ path: CLIP }, { model, maxTokens: 8, retries: 0 });
      expect(result.modelId).toBe('emotion-reasoner-tiny');
      expect(Object.values(result.rawProbabilities).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
    } finally {
      await model.release();
    }
  }, 120_000);

  it('gives the anchor at α = 0 and the fine-tune at α = 1, bit for bit, and replaces an existing destination', () => {
    const outDir = path.join(root, 'ends');
    for (const [alpha, source] of [
      [0, anchorDir],
      [1, tunedDir],
    ] as const) {
      averageModelWeights({ anchorDir, tunedDir, alpha, outDir });
      expect(readFileSync(path.join(outDir, 'weights.bin')).equals(readFileSync(path.join(source, 'weights.bin')))).toBe(true);
    }
    expect(existsSync(`${outDir}.average-${process.pid}`)).toBe(false);
  });

  it('replaces its anchor when told to (the default model replaced by its average)', () => {
    const anchorCopy = path.join(root, 'anchor-copy');
    cpSync(anchorDir, anchorCopy, { recursive: true });
    const expected = parametersOf(path.join(root, 'half'));
    averageModelWeights({ anchorDir: anchorCopy, tunedDir, alpha: 0.5, outDir: anchorCopy });
    const written = parametersOf(anchorCopy);
    for (const [name, v] of expected) expect(Buffer.from(written.get(name)!.buffer).equals(Buffer.from(v.buffer))).toBe(true);
    expect(openModelFolder(anchorCopy).manifest.stages?.at(-1)?.name).toBe('weight-average');
  });

  it('refuses an α outside 0…1 and models that are not one model and its fine-tune', () => {
    const out = path.join(root, 'refused');
    expect(() => averageModelWeights({ anchorDir, tunedDir, alpha: 1.5, outDir: out })).toThrow(/α must lie in 0…1, got 1.5/);
    expect(() => averageModelWeights({ anchorDir, tunedDir, alpha: Number.NaN, outDir: out })).toThrow(/α must lie/);

    const other = path.join(root, 'other-labels');
    cpSync(TINY, other, { recursive: true });
    const manifestFile = path.join(other, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { labels: string[]; parameters: { name: string }[] };
    manifest.labels = [...manifest.labels].reverse();
    writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(() => averageModelWeights({ anchorDir, tunedDir: other, alpha: 0.5, outDir: out })).toThrow(/differ in their manifest's labels/);

    manifest.labels.reverse();
    manifest.parameters[0]!.name = 'renamed';
    writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(() => averageModelWeights({ anchorDir, tunedDir: other, alpha: 0.5, outDir: out })).toThrow(/different parameter layouts/);
    expect(existsSync(out)).toBe(false);
  });

  it('reads the figures the card compares from an evaluation: the model row, not the tempered one or a baseline', () => {
    const system = (name: string, accuracy: number) => ({ name, accuracy, unweightedAverageRecall: accuracy - 0.01 });
    const figures = modelFigures({
      systems: [
        system('logistic-regression (functionals)', 0.44),
        system('model, T cross-fitted', 0.1),
        system('model emotion-reasoner-default', 0.479),
      ],
      evidence: { modelWritten: { claimsVerifiedShare: 0.679 } },
      corpora: [{ name: 'nemo', systems: [system('model, T cross-fitted', 0.2), system('model emotion-reasoner-default', 0.469)] }],
      invariance: {
        rows: [
          { corpus: 'nemo', transform: 'babble 20 dB SNR', answerUnchanged: { model: 0.4 } },
          { corpus: 'all', transform: 'babble 20 dB SNR', answerUnchanged: { model: 0.469, 'mlp (functionals)': 0.3 } },
        ],
      },
    });
    expect(figures).toEqual({
      corpora: { nemo: { accuracy: 0.469, uar: 0.469 - 0.01 } },
      pooledAccuracy: 0.479,
      pooledUar: 0.479 - 0.01,
      claimsVerifiedShare: 0.679,
      answerUnchanged: { 'babble 20 dB SNR': 0.469 },
    });
    expect(() => modelFigures({ systems: [system('mlp (functionals)', 0.4)], evidence: {} })).toThrow(/no model row/);
  });
});
