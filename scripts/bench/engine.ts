// npm run bench:engine — ORT (ours) against eager PyTorch on the same model folder, batch shapes and
// thread count, in one run (issue 4). Prints the training-step time ratio ORT/PyTorch (target ≤ 1.0),
// sampling tokens/s for 8 completions × 64 tokens (target ≥ 3,000 on 2 cores) and peak memory.
//   npx tsx scripts/bench/engine.ts [--model resources/models/default] [--threads 2] [--steps 5]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createSession, Tensor, type OrtTensor } from '../../main/ml/backends/onnx';
import type { ClipFeatures } from '../../main/ml/features/clip-features';
import { generate } from '../../main/ml/generation/generate';
import { openModelFolder, readWeights, type ModelFolder } from '../../main/ml/models/model-folder';
import { loadModel } from '../../main/ml/models/model-sessions';

const { values } = parseArgs({
  options: {
    // The shipped model's own size (issue 12): the tiny model's figures flatter neither side.
    model: { type: 'string', default: 'resources/models/default' },
    threads: { type: 'string', default: '2' },
    steps: { type: 'string', default: '5' },
    sequences: { type: 'string', default: '8' },
    tokens: { type: 'string', default: '64' },
  },
});
const threads = Number(values.threads);
const steps = Number(values.steps);
const sequences = Number(values.sequences);
const tokens = Number(values.tokens);
const folder = openModelFolder(values.model);
const { config } = folder.manifest;

function randomTensor(dims: number[], scale = 1): OrtTensor {
  const n = dims.reduce((a, b) => a * b, 1);
  return new Tensor(
    'float32',
    Float32Array.from({ length: n }, () => (Math.random() * 2 - 1) * scale),
    dims,
  );
}

/** Plausible per-token log-probabilities of an untrained model (≈ −ln vocab). */
function logprobTensor(dims: number[]): OrtTensor {
  const n = dims.reduce((a, b) => a * b, 1);
  return new Tensor(
    'float32',
    Float32Array.from({ length: n }, () => -5 - 3 * Math.random()),
    dims,
  );
}

function trainingFeeds(f: ModelFolder, grpo: boolean): Record<string, OrtTensor> {
  const weights = readWeights(f);
  const feeds: Record<string, OrtTensor> = {};
  for (const p of f.manifest.parameters) {
    feeds[`params.${p.name}`] = new Tensor('float32', weights.slice(p.offset / 4, (p.offset + p.length) / 4), p.shape);
    feeds[`adam_m.${p.name}`] = new Tensor('float32', new Float32Array(p.length / 4), p.shape);
    feeds[`adam_v.${p.name}`] = new Tensor('float32', new Float32Array(p.length / 4), p.shape);
  }
  const { batch: b, frames: t, tokens: s } = f.manifest.training.shapes;
  const scalar = (x: number) => new Tensor('float32', Float32Array.of(x), []);
  const ids = () =>
    new Tensor(
      'int64',
      BigInt64Array.from({ length: b * s }, () => BigInt(Math.floor(Math.random() * config.vocab))),
      [b, s],
    );
  Object.assign(feeds, {
    step: scalar(1),
    lr: scalar(config.lr),
    weight_decay: scalar(config.weight_decay),
    max_grad_norm: scalar(config.max_grad_norm),
    mel: randomTensor([b, t, config.mel_bins]),
    prosody_frames: randomTensor([b, t, config.prosody_frame_dims]),
    frame_mask: new Tensor('float32', new Float32Array(b * t).fill(1), [b, t]),
    utterance_prosody: randomTensor([b, config.utterance_prosody_dims]),
    input_ids: ids(),
    target_ids: ids(),
    target_weights: new Tensor('float32', new Float32Array(b * s).fill(1), [b, s]),
  });
  if (grpo) {
    Object.assign(feeds, {
      advantages: randomTensor([b]),
      old_logprobs: logprobTensor([b, s]),
      ref_logprobs: logprobTensor([b, s]),
      // Older graphs take one symmetric ε, newer ones ε_low and ε_high; timeGraph feeds what the graph takes.
      beta: scalar(config.grpo_beta),
      clip_epsilon: scalar(config.grpo_clip_epsilon),
      clip_epsilon_low: scalar(config.grpo_clip_epsilon),
      clip_epsilon_high: scalar(config.grpo_clip_epsilon),
    });
  }
  return feeds;
}

async function timeGraph(file: string, feeds: Record<string, OrtTensor>): Promise<number> {
  const session = await createSession(folder.file(file), { intraOpNumThreads: threads });
  feeds = Object.fromEntries(Object.entries(feeds).filter(([name]) => session.inputNames.includes(name)));
  await session.run(feeds); // warm-up
  const started = performance.now();
  for (let i = 0; i < steps; i++) await session.run(feeds);
  const seconds = (performance.now() - started) / 1000 / steps;
  await session.release();
  return seconds;
}

const graphs = folder.manifest.graphs;
const ortSft = graphs.trainSft ? await timeGraph(graphs.trainSft.file, trainingFeeds(folder, false)) : NaN;
const ortGrpo = graphs.trainGrpo ? await timeGraph(graphs.trainGrpo.file, trainingFeeds(folder, true)) : NaN;
const ortTrainRssMb = process.resourceUsage().maxRSS / 1024;

const frames = 300;
const clip: ClipFeatures = {
  frames,
  mel: randomTensor([frames * config.mel_bins]).data as Float32Array,
  prosodyFrames: randomTensor([frames * 3]).data as Float32Array,
  frameMask: new Float32Array(frames).fill(1),
  utteranceProsody: randomTensor([config.utterance_prosody_dims]).data as Float32Array,
};
/** Tokens/s over 3 runs after a warm-up; <pad> is almost never sampled, so completions run (nearly) full length — tokens are counted, not assumed. */
async function samplingTokensPerS(intraOpNumThreads: number): Promise<number> {
  const model = await loadModel(values.model!, { intraOpNumThreads });
  const sample = () =>
    generate(model, clip, { strategy: 'sample', maxTokens: tokens, numReturnSequences: sequences, seed: 1, stopAt: '<pad>' });
  await sample();
  const started = performance.now();
  let generated = 0;
  for (let i = 0; i < 3; i++) generated += (await sample()).reduce((n, r) => n + r.tokenIds.length, 0);
  const perS = generated / ((performance.now() - started) / 1000);
  await model.release();
  return perS;
}
const ortTokensPerS = await samplingTokensPerS(threads);
// Per-token decoder runs are small: one intra-op thread often beats two (less sync), worth seeing.
const ortTokensPerSOneThread = threads === 1 ? ortTokensPerS : await samplingTokensPerS(1);
const ortRssMb = process.resourceUsage().maxRSS / 1024;

const torch = spawnSync(
  '/usr/bin/python3',
  [path.resolve('tools/model/bench_torch.py'), folder.dir, String(steps), String(sequences), String(tokens)],
  {
    encoding: 'utf8',
    env: { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) },
  },
);
if (torch.status !== 0) throw new Error(`bench_torch.py failed: ${torch.stderr.slice(-1500)}`);
const py = JSON.parse(torch.stdout.trim().split('\n').at(-1)!);

const row = (name: string, ours: string, theirs: string, note = '') =>
  console.log(`${name.padEnd(30)}${ours.padStart(14)}${theirs.padStart(14)}  ${note}`);
console.log(`PyTorch BLAS: ${py.blas}`);
console.log(
  `model ${folder.manifest.id}: ${folder.manifest.weights.parameterCount.toLocaleString()} params, batch ${JSON.stringify(folder.manifest.training.shapes)}, ${threads} threads`,
);
row('', 'ORT (ours)', 'PyTorch 1.13');
row('SFT step (s)', ortSft.toFixed(3), py.sftStepS.toFixed(3), `ratio ORT/PyTorch ${(ortSft / py.sftStepS).toFixed(2)} (target ≤ 1.0)`);
row('GRPO step (s)', ortGrpo.toFixed(3), py.grpoStepS.toFixed(3), `ratio ${(ortGrpo / py.grpoStepS).toFixed(2)}`);
row(`sampling ${sequences}×${tokens} (tok/s)`, ortTokensPerS.toFixed(0), py.samplingTokensPerS.toFixed(0), '(target ≥ 3,000 on 2 cores)');
row(`  same, ORT with 1 thread`, ortTokensPerSOneThread.toFixed(0), '');
row('peak RSS after training (MB)', ortTrainRssMb.toFixed(0), py.peakRssTrainMb.toFixed(0));
row('peak RSS overall (MB)', ortRssMb.toFixed(0), py.peakRssMb.toFixed(0));
