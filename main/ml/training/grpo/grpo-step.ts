// Runs train_grpo.onnx (tools/model/train_steps.py grpo_step): the clipped-ratio objective with the
// k3 KL to the reference (β), each completion's token mean then the mean over completions, backward,
// global-norm clip and AdamW — one optimiser step per graph call at the graph's fixed batch. A
// rollout batch larger than that batch is trained as consecutive micro-steps on the same rollouts
// (PPO-style minibatches; old log-probs stay the rollout policy's, so the ratio and the clip act on
// later micro-steps). Truncated completions are not put into any micro-batch (masked out, counted).
//
// Before each micro-step the logprobs graph gives the current policy's log-probs of the batch: the
// ratio the step will see (clip fractions, TRL's low/high regions) and a guard — the graph weights
// masked positions by 0 *after* exp(), so a non-finite old/ref value there would turn the loss into
// NaN (inf · 0); masked positions get old = ref = current, i.e. ratio 1 and KL 0 exactly.
import { GRPO_EXTRA_FEEDS, SFT_BATCH_FEEDS } from '../../models/architecture';
import { createSession, Tensor, type OrtSession, type OrtTensor, type SessionOptions } from '../../backends/onnx';
import type { ParameterSlot } from '../trainable-model';
import { STATE_PREFIXES, type OptimizerState, type StepScalars } from '../train-step-runner';
import { TrainingFailure } from '../training-failure';
import type { LogprobRunner } from './logprob-runner';
import { chunks, completionPosition, packRows, type TokenRow, type TrainingShapes } from './token-rows';
import { describeError } from '../../../../shared/errors/coded-error';

/** One completion ready for the loss. */
export interface GrpoTrainingRow extends TokenRow {
  advantage: number;
  /** log p of each completion token under the rollout policy (the sampler's). */
  oldLogprobs: ArrayLike<number>;
  /** log p of each completion token under the frozen reference model. */
  refLogprobs: ArrayLike<number>;
  /** false for a truncated completion: masked out of the loss. */
  trainable: boolean;
}

export interface GrpoLossSettings {
  /** KL weight (paper: 0.04). */
  beta: number;
  /** Clip range of the ratio, [1 − ε_low, 1 + ε_high]; ε_high defaults to ε_low (symmetric). */
  clipEpsilon: number;
  clipEpsilonHigh?: number;
}

export interface GrpoMicroStep {
  optimizerStep: number;
  loss: number;
  kl: number;
  gradNorm: number;
  rows: number;
  tokens: number;
}

export interface GrpoUpdateResult {
  microSteps: GrpoMicroStep[];
  /** Row-weighted means over the micro-steps (null when no step ran). */
  loss: number | null;
  kl: number | null;
  gradNorm: number | null;
  /** Shares of trained tokens where the clipped term is the active one: ratio < 1 − ε with A < 0, ratio > 1 + ε with A > 0. */
  clipFractionLow: number;
  clipFractionHigh: number;
  clipFraction: number;
  /** Largest |ratio − 1| seen before a micro-step (0 when the policy has not moved since the rollout). */
  maxRatioDeviation: number;
  trainedRows: number;
  trainedTokens: number;
  /** Rows left out of the loss because they were truncated. */
  maskedRows: number;
}

const GRPO_BATCH_FEEDS = [...SFT_BATCH_FEEDS, ...GRPO_EXTRA_FEEDS];
/** Graphs exported since the decoupled clip take ε_low and ε_high; older folders' graphs one symmetric ε. */
const CLIP_FEEDS = { decoupled: ['clip_epsilon_low', 'clip_epsilon_high'], symmetric: ['clip_epsilon'] } as const;

export class GrpoStepRunner {
  private constructor(
    private readonly session: OrtSession,
    private readonly slots: readonly ParameterSlot[],
    readonly shapes: TrainingShapes,
    /** The graph takes ε_low and ε_high (else one symmetric ε). */
    readonly decoupledClip: boolean,
  ) {}

  /** The clip feeds for `loss`; a symmetric-ε graph refuses ε_low ≠ ε_high rather than silently using one. */
  clipFeeds(loss: GrpoLossSettings): Record<string, OrtTensor> {
    const high = loss.clipEpsilonHigh ?? loss.clipEpsilon;
    if (this.decoupledClip) return { clip_epsilon_low: scalar(loss.clipEpsilon), clip_epsilon_high: scalar(high) };
    if (high !== loss.clipEpsilon)
      throw new TrainingFailure(
        'graph_mismatch',
        `this model's train_grpo graph clips with one symmetric ε; ε_high ${high} ≠ ε_low ${loss.clipEpsilon} needs a graph exported with the decoupled clip`,
      );
    return { clip_epsilon: scalar(loss.clipEpsilon) };
  }

  /** Opens the graph and checks it takes exactly the feeds we give (ORT ignores unknown ones silently). */
  static async open(
    graphPath: string,
    slots: readonly ParameterSlot[],
    shapes: TrainingShapes,
    options: SessionOptions = {},
  ): Promise<GrpoStepRunner> {
    const session = await createSession(graphPath, options).catch((error: unknown) => {
      throw new TrainingFailure('model_invalid', `cannot load ${graphPath}: ${describeError(error)}`);
    });
    const decoupled = session.inputNames.includes('clip_epsilon_low');
    const fed = new Set([
      ...STATE_PREFIXES.flatMap((p) => slots.map((s) => `${p}.${s.name}`)),
      'step',
      'lr',
      'weight_decay',
      'max_grad_norm',
      ...GRPO_BATCH_FEEDS,
      ...(decoupled ? CLIP_FEEDS.decoupled : CLIP_FEEDS.symmetric),
    ]);
    const missing = session.inputNames.filter((n) => !fed.has(n));
    const unknown = [...fed].filter((n) => !session.inputNames.includes(n));
    const outputs = ['loss', 'kl', 'grad_norm', ...STATE_PREFIXES.flatMap((p) => slots.map((s) => `new_${p}.${s.name}`))].filter(
      (n) => !session.outputNames.includes(n),
    );
    if (missing.length + unknown.length + outputs.length > 0) {
      await session.release();
      throw new TrainingFailure(
        'graph_mismatch',
        `${graphPath}: inputs nobody feeds [${missing.join(', ')}], feeds it does not take [${unknown.join(', ')}], missing outputs [${outputs.join(', ')}]`,
      );
    }
    return new GrpoStepRunner(session, slots, shapes, decoupled);
  }

  /** One optimiser step on one packed micro-batch; replaces the tensors in `state`. */
  async step(
    state: OptimizerState,
    scalars: StepScalars,
    batchFeeds: Record<string, OrtTensor>,
  ): Promise<{ loss: number; kl: number; gradNorm: number }> {
    const feeds: Record<string, OrtTensor> = { ...batchFeeds };
    for (const prefix of STATE_PREFIXES) {
      for (const slot of this.slots)
        feeds[`${prefix}.${slot.name}`] = new Tensor('float32', state.get(`${prefix}.${slot.name}`)!, slot.shape);
    }
    feeds.step = scalar(scalars.step);
    feeds.lr = scalar(scalars.lr);
    feeds.weight_decay = scalar(scalars.weightDecay);
    feeds.max_grad_norm = scalar(scalars.maxGradNorm);
    let out: Record<string, OrtTensor>;
    try {
      out = await this.session.run(feeds);
    } catch (error) {
      throw new TrainingFailure('step_failed', `GRPO step ${scalars.step} failed: ${describeError(error)}`);
    }
    const loss = (out.loss!.data as Float32Array)[0]!;
    const kl = (out.kl!.data as Float32Array)[0]!;
    const gradNorm = (out.grad_norm!.data as Float32Array)[0]!;
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      throw new TrainingFailure(
        'non_finite_loss',
        `GRPO step ${scalars.step}: loss ${loss}, grad norm ${gradNorm}; weights were not updated`,
      );
    }
    for (const prefix of STATE_PREFIXES) {
      for (const slot of this.slots) state.set(`${prefix}.${slot.name}`, out[`new_${prefix}.${slot.name}`]!.data as Float32Array);
    }
    return { loss, kl, gradNorm };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

function scalar(value: number): OrtTensor {
  return new Tensor('float32', Float32Array.of(value), []);
}

/**
 * Trains on one rollout batch: trainable rows in consecutive micro-batches of the graph's batch, one
 * optimiser step each, numbered from `scalars.step` up. Returns what each step reported and the ratio
 * statistics measured before it.
 */
export async function grpoUpdate(
  runner: GrpoStepRunner,
  logprobs: LogprobRunner,
  state: OptimizerState,
  rows: readonly GrpoTrainingRow[],
  scalars: StepScalars,
  loss: GrpoLossSettings,
): Promise<GrpoUpdateResult> {
  const { batch: B, tokens: S } = runner.shapes;
  const trainable = rows.filter((r) => r.trainable && r.completionIds.length > 0);
  for (const r of trainable) {
    if (r.oldLogprobs.length !== r.completionIds.length || r.refLogprobs.length !== r.completionIds.length) {
      throw new RangeError(
        `a row has ${r.completionIds.length} tokens but ${r.oldLogprobs.length} old and ${r.refLogprobs.length} reference log-probs`,
      );
    }
    if (!Number.isFinite(r.advantage)) throw new RangeError(`advantage ${r.advantage} is not finite`);
  }
  const microSteps: GrpoMicroStep[] = [];
  let clippedLow = 0;
  let clippedHigh = 0;
  let tokens = 0;
  let maxRatioDeviation = 0;
  for (const chunk of chunks(trainable, B)) {
    const packed = packRows(chunk, runner.shapes);
    const current = await logprobs.runPacked(state, packed.feeds);
    const weights = new Float32Array(B * S);
    const advantages = new Float32Array(B);
    const old = Float32Array.from(current);
    const ref = Float32Array.from(current);
    let chunkTokens = 0;
    chunk.forEach((row, r) => {
      advantages[r] = row.advantage;
      for (let j = 0; j < row.completionIds.length; j++) {
        const at = r * S + completionPosition(row.promptIds.length, j);
        weights[at] = 1;
        old[at] = row.oldLogprobs[j]!;
        ref[at] = row.refLogprobs[j]!;
        const ratio = Math.exp(current[at]! - old[at]!);
        maxRatioDeviation = Math.max(maxRatioDeviation, Math.abs(ratio - 1));
        if (ratio < 1 - loss.clipEpsilon && row.advantage < 0) clippedLow += 1;
        if (ratio > 1 + (loss.clipEpsilonHigh ?? loss.clipEpsilon) && row.advantage > 0) clippedHigh += 1;
        chunkTokens += 1;
      }
    });
    tokens += chunkTokens;
    const step = scalars.step + microSteps.length;
    const result = await runner.step(
      state,
      { ...scalars, step },
      {
        ...packed.feeds,
        target_weights: new Tensor('float32', weights, [B, S]),
        advantages: new Tensor('float32', advantages, [B]),
        old_logprobs: new Tensor('float32', old, [B, S]),
        ref_logprobs: new Tensor('float32', ref, [B, S]),
        beta: scalar(loss.beta),
        ...runner.clipFeeds(loss),
      },
    );
    microSteps.push({ optimizerStep: step, ...result, rows: chunk.length, tokens: chunkTokens });
  }
  const trainedRows = microSteps.reduce((a, m) => a + m.rows, 0);
  const rowMean = (key: 'loss' | 'kl' | 'gradNorm') =>
    trainedRows === 0 ? null : microSteps.reduce((a, m) => a + m[key] * m.rows, 0) / trainedRows;
  return {
    microSteps,
    loss: rowMean('loss'),
    kl: rowMean('kl'),
    gradNorm: rowMean('gradNorm'),
    clipFractionLow: tokens === 0 ? 0 : clippedLow / tokens,
    clipFractionHigh: tokens === 0 ? 0 : clippedHigh / tokens,
    clipFraction: tokens === 0 ? 0 : (clippedLow + clippedHigh) / tokens,
    maxRatioDeviation,
    trainedRows,
    trainedTokens: tokens,
    maskedRows: rows.filter((r) => !r.trainable).length,
  };
}
