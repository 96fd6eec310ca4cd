// The trained reasoning reward model as GRPO-PTR's reasoning scorer: score.onnx on the same engine
// as the policy, fed the clip's prosody vector and the completion's tokens, four scores 1..5 out.
import { REASONING_CRITERIA, type CriterionScores } from '../../../shared/types/grpo';
import { createSession, Tensor, type OrtSession, type OrtTensor, type SessionOptions } from '../backends/onnx';
import { loadTokenizer, type TextTokenizer } from '../models/tokenizer';
import type { ReasoningScorer, ReasoningScoreRequest } from '../training/grpo/reasoning-scorer';
import { TrainingFailure } from '../training/training-failure';
import { encodeCompletion } from './reward-examples';
import { openRewardModelFolder, rewardModelParameters, type RewardModelFolder } from './reward-model-folder';
import { functionalZScores, PROSODY_VECTOR_DIMS, prosodyVector, type FunctionalScale } from './prosody-vector';
import { describeError } from '../../../shared/errors/coded-error';

/** What the scorer reads per completion: the clip's prosody vector and the completion. */
export interface RewardModelInput {
  prosody: Float32Array;
  reasoning: string;
  answer: string | null;
}

export class RewardModelScorer implements ReasoningScorer {
  readonly name = 'reward-model';

  private constructor(
    private readonly folder: RewardModelFolder,
    private readonly session: OrtSession,
    private readonly params: Record<string, OrtTensor>,
    private readonly tokenizer: TextTokenizer,
    private readonly scale: FunctionalScale,
  ) {}

  static async open(
    dir: string,
    options: Pick<SessionOptions, 'intraOpNumThreads' | 'executionProviders'> = {},
  ): Promise<RewardModelScorer> {
    const folder = openRewardModelFolder(dir);
    const scale = folder.scale;
    if (!scale) throw new TrainingFailure('model_invalid', `${dir}: an untrained reward model (no prosodyVector scale) cannot score`);
    const session = await createSession(folder.scoreGraphPath, options).catch((error: unknown) => {
      throw new TrainingFailure('model_invalid', `cannot load ${folder.scoreGraphPath}: ${describeError(error)}`);
    });
    const values = rewardModelParameters(folder);
    const params: Record<string, OrtTensor> = {};
    for (const slot of folder.trainable.parameters)
      params[`params.${slot.name}`] = new Tensor('float32', values.get(`params.${slot.name}`)!, slot.shape);
    const missing = session.inputNames.filter((n) => !(n in params) && !['prosody_vector', 'input_ids', 'token_mask'].includes(n));
    if (missing.length > 0) {
      await session.release();
      throw new TrainingFailure('graph_mismatch', `${folder.scoreGraphPath}: inputs nobody feeds [${missing.join(', ')}]`);
    }
    return new RewardModelScorer(folder, session, params, loadTokenizer(folder.tokenizerPath), scale);
  }

  /** Held-out agreement figures recorded in the folder's manifest (Spearman ρ, exact, ±1 per criterion). */
  get metrics(): Record<string, number> {
    return this.folder.metrics;
  }

  async score(requests: readonly ReasoningScoreRequest[]): Promise<CriterionScores[]> {
    return this.scoreInputs(
      requests.map((r) => {
        if (!r.prosody || !r.functionals)
          throw new TrainingFailure('bad_request', `clip ${r.clipId}: the reward model needs the clip's prosody and functionals`);
        return {
          prosody: prosodyVector(r.prosody, functionalZScores(r.functionals, this.scale)),
          reasoning: r.reasoning,
          answer: r.answer,
        };
      }),
    );
  }

  /** Scores in the graph's fixed batch (padding rows are dropped from the answer). */
  async scoreInputs(inputs: readonly RewardModelInput[]): Promise<CriterionScores[]> {
    const { batch, tokens } = this.folder;
    const out: CriterionScores[] = [];
    for (let start = 0; start < inputs.length; start += batch) {
      const chunk = inputs.slice(start, start + batch);
      const vectors = new Float32Array(batch * PROSODY_VECTOR_DIMS);
      const ids = new BigInt64Array(batch * tokens);
      const mask = new Float32Array(batch * tokens);
      chunk.forEach((input, row) => {
        vectors.set(input.prosody, row * PROSODY_VECTOR_DIMS);
        // A completion without an answer is judged as what it is: reasoning followed by an empty answer.
        const encoded = encodeCompletion({ reasoning: input.reasoning, answer: input.answer ?? '' }, this.tokenizer, tokens);
        encoded.ids.forEach((id, i) => (ids[row * tokens + i] = BigInt(id)));
        mask.set(encoded.mask, row * tokens);
      });
      const result = await this.session.run({
        ...this.params,
        prosody_vector: new Tensor('float32', vectors, [batch, PROSODY_VECTOR_DIMS]),
        input_ids: new Tensor('int64', ids, [batch, tokens]),
        token_mask: new Tensor('float32', mask, [batch, tokens]),
      });
      const scores = result.scores!.data as Float32Array;
      chunk.forEach((_, row) => {
        out.push(
          Object.fromEntries(REASONING_CRITERIA.map((c, j) => [c, scores[row * REASONING_CRITERIA.length + j]!])) as CriterionScores,
        );
      });
    }
    return out;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
