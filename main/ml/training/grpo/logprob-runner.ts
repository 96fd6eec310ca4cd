// Runs logprobs.onnx (weights as inputs): log p(completion token | clip, prefix) under any parameter
// set — the frozen starting model's for the reference log-probs of the KL term, or the current
// policy's for the ratio before a step.
import { TEACHER_FORCING_FEEDS } from '../../models/architecture';
import { createSession, Tensor, type OrtSession, type OrtTensor, type SessionOptions } from '../../backends/onnx';
import type { ParameterSlot } from '../trainable-model';
import { TrainingFailure } from '../training-failure';
import { chunks, completionPosition, packRows, type TokenRow, type TrainingShapes } from './token-rows';
import { describeError } from '../../../../shared/errors/coded-error';

/** Parameter tensors keyed by graph input name (`params.<p>`), as in OptimizerState. */
export type ParameterFeeds = ReadonlyMap<string, Float32Array>;

export class LogprobRunner {
  private constructor(
    private readonly session: OrtSession,
    private readonly slots: readonly ParameterSlot[],
    readonly shapes: TrainingShapes,
  ) {}

  static async open(
    graphPath: string,
    slots: readonly ParameterSlot[],
    shapes: TrainingShapes,
    options: SessionOptions = {},
  ): Promise<LogprobRunner> {
    const session = await createSession(graphPath, options).catch((error: unknown) => {
      throw new TrainingFailure('model_invalid', `cannot load ${graphPath}: ${describeError(error)}`);
    });
    const fed = new Set([...slots.map((s) => `params.${s.name}`), ...TEACHER_FORCING_FEEDS]);
    const missing = session.inputNames.filter((n) => !fed.has(n));
    const unknown = [...fed].filter((n) => !session.inputNames.includes(n));
    if (missing.length > 0 || unknown.length > 0 || !session.outputNames.includes('token_logprobs')) {
      await session.release();
      throw new TrainingFailure(
        'graph_mismatch',
        `${graphPath}: inputs nobody feeds [${missing.join(', ')}], feeds it does not take [${unknown.join(', ')}]`,
      );
    }
    return new LogprobRunner(session, slots, shapes);
  }

  /** log p of every row position [batch × tokens] for one packed micro-batch. */
  async runPacked(params: ParameterFeeds, feeds: Record<string, OrtTensor>): Promise<Float32Array> {
    const all = { ...feeds };
    for (const slot of this.slots) {
      const values = params.get(`params.${slot.name}`);
      if (!values) throw new TrainingFailure('model_invalid', `no tensor for params.${slot.name}`);
      all[`params.${slot.name}`] = new Tensor('float32', values, slot.shape);
    }
    const out = await this.session.run(all);
    return out.token_logprobs!.data as Float32Array;
  }

  /** Each row's completion-token log-probs, micro-batched at the graph's batch size. */
  async completionLogprobs(params: ParameterFeeds, rows: readonly TokenRow[]): Promise<Float32Array[]> {
    const result: Float32Array[] = [];
    const S = this.shapes.tokens;
    for (const chunk of chunks(rows, this.shapes.batch)) {
      const packed = packRows(chunk, this.shapes);
      const lp = await this.runPacked(params, packed.feeds);
      chunk.forEach((row, r) => {
        const start = r * S + completionPosition(row.promptIds.length, 0);
        result.push(lp.slice(start, start + row.completionIds.length));
      });
    }
    return result;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
