// Runs train_sft.onnx: one whole optimiser step per call (forward, loss, backward, clipping, AdamW
// inside the graph). The runner owns the parameter and optimiser tensors between steps and swaps in
// the graph's new_* outputs; DESIGN.md measured this JS↔native copy as negligible per step.
import { createSession, Tensor, type OrtSession, type OrtTensor, type SessionOptions } from '../backends/onnx';
import type { BatchTensor, TrainingBatch } from './dataset-reader';
import type { ParameterSlot } from './trainable-model';
import { TrainingFailure } from './training-failure';
import { describeError } from '../../../shared/errors/coded-error';

/** Optimiser scalars fed to the graph each step (shape [] float32). */
export interface StepScalars {
  /** 1-based step, for AdamW's bias correction. */
  step: number;
  lr: number;
  weightDecay: number;
  maxGradNorm: number;
}

export const STATE_PREFIXES = ['params', 'adam_m', 'adam_v'] as const;

/** Parameters and AdamW moments keyed by graph input name (`params.W`, `adam_m.W`, `adam_v.W`). */
export type OptimizerState = Map<string, Float32Array>;

/** State for a fresh job: the model's parameters with both AdamW moments at zero. */
export function initialOptimizerState(parameters: ReadonlyMap<string, Float32Array>): OptimizerState {
  const state: OptimizerState = new Map();
  for (const [name, values] of parameters) {
    state.set(`params.${name}`, values);
    state.set(`adam_m.${name}`, new Float32Array(values.length));
    state.set(`adam_v.${name}`, new Float32Array(values.length));
  }
  return state;
}

export class TrainStepRunner {
  private constructor(
    private readonly session: OrtSession,
    private readonly slots: ParameterSlot[],
  ) {}

  /**
   * Opens the graph and checks it takes exactly the inputs we will feed. ORT ignores unknown feeds
   * silently (DESIGN.md), so a misnamed batch input would otherwise train on zeros without a word.
   */
  static async open(
    graphPath: string,
    slots: ParameterSlot[],
    batchFeeds: readonly string[],
    options: SessionOptions,
  ): Promise<TrainStepRunner> {
    let session: OrtSession;
    try {
      session = await createSession(graphPath, options);
    } catch (error) {
      throw new TrainingFailure('model_invalid', `cannot load ${graphPath}: ${describeError(error)}`);
    }
    const fed = new Set([
      ...STATE_PREFIXES.flatMap((prefix) => slots.map((s) => `${prefix}.${s.name}`)),
      'step',
      'lr',
      'weight_decay',
      'max_grad_norm',
      ...batchFeeds,
    ]);
    const wanted = new Set(session.inputNames);
    const missing = session.inputNames.filter((n) => !fed.has(n));
    const unknown = [...fed].filter((n) => !wanted.has(n));
    const outputs = new Set(session.outputNames);
    const missingOutputs = ['loss', 'grad_norm', ...STATE_PREFIXES.flatMap((p) => slots.map((s) => `new_${p}.${s.name}`))].filter(
      (n) => !outputs.has(n),
    );
    if (missing.length > 0 || unknown.length > 0 || missingOutputs.length > 0) {
      await session.release();
      const parts = [
        missing.length > 0 ? `inputs nobody feeds: ${missing.join(', ')}` : '',
        unknown.length > 0 ? `feeds the graph does not take: ${unknown.join(', ')}` : '',
        missingOutputs.length > 0 ? `missing outputs: ${missingOutputs.join(', ')}` : '',
      ].filter(Boolean);
      throw new TrainingFailure('graph_mismatch', `${graphPath}: ${parts.join('; ')}`);
    }
    return new TrainStepRunner(session, slots);
  }

  /** One optimiser step; replaces the tensors in `state` with the updated ones. */
  async step(state: OptimizerState, scalars: StepScalars, batch: TrainingBatch): Promise<{ loss: number; gradNorm: number }> {
    const feeds = this.feeds(state, scalars, batch);
    let outputs: Record<string, OrtTensor>;
    try {
      outputs = await this.session.run(feeds);
    } catch (error) {
      throw new TrainingFailure('step_failed', `training step ${scalars.step} failed: ${describeError(error)}`);
    }
    const loss = Number((outputs.loss!.data as Float32Array)[0]);
    const gradNorm = Number((outputs.grad_norm!.data as Float32Array)[0]);
    if (!Number.isFinite(loss))
      throw new TrainingFailure('non_finite_loss', `step ${scalars.step}: loss is ${loss}; weights were not updated`);
    for (const prefix of STATE_PREFIXES) {
      for (const slot of this.slots) state.set(`${prefix}.${slot.name}`, outputs[`new_${prefix}.${slot.name}`]!.data as Float32Array);
    }
    return { loss, gradNorm };
  }

  /**
   * The batch's loss under `state`'s parameters, nothing updated: the training graph run with a zero
   * learning rate and weight decay, fetching only the loss; `state` is left as it was.
   */
  async loss(state: OptimizerState, batch: TrainingBatch): Promise<number> {
    const feeds = this.feeds(state, { step: 1, lr: 0, weightDecay: 0, maxGradNorm: 1 }, batch);
    let outputs: Record<string, OrtTensor>;
    try {
      outputs = await this.session.run(feeds, ['loss']);
    } catch (error) {
      throw new TrainingFailure('step_failed', `validation loss failed: ${describeError(error)}`);
    }
    return Number((outputs.loss!.data as Float32Array)[0]);
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  /** The graph's feeds: parameters and AdamW moments from `state`, the optimiser scalars, the batch. */
  private feeds(state: OptimizerState, scalars: StepScalars, batch: TrainingBatch): Record<string, OrtTensor> {
    const feeds: Record<string, OrtTensor> = {};
    for (const prefix of STATE_PREFIXES) {
      for (const slot of this.slots) {
        const name = `${prefix}.${slot.name}`;
        feeds[name] = new Tensor('float32', state.get(name)!, slot.shape);
      }
    }
    feeds.step = scalar(scalars.step);
    feeds.lr = scalar(scalars.lr);
    feeds.weight_decay = scalar(scalars.weightDecay);
    feeds.max_grad_norm = scalar(scalars.maxGradNorm);
    for (const [name, tensor] of Object.entries(batch.feeds)) feeds[name] = toOrt(tensor);
    return feeds;
  }
}

function scalar(value: number): OrtTensor {
  return new Tensor('float32', Float32Array.of(value), []);
}

function toOrt(tensor: BatchTensor): OrtTensor {
  return tensor.dtype === 'int64'
    ? new Tensor('int64', tensor.data as BigInt64Array, tensor.dims)
    : new Tensor('float32', tensor.data as Float32Array, tensor.dims);
}
