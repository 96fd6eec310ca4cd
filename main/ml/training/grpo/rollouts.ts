// Rollouts for GRPO: K completions per clip from the current policy, with every generated token's
// log-probability (the "old" log-probs of the ratio) and the entropy at its position, read from the
// KV-cached sampler's own logits (main/ml/generation). A completion that reaches the token limit
// without its stop token is truncated: it keeps its rewards in the group statistics but is masked out
// of the loss (TRL's mask_truncated_completions), and counted.
import type { ClipFeatures } from '../../features/clip-features';
import { generate } from '../../generation/generate';
import type { LoadedModel } from '../../models/model-sessions';
import { fitClipToWindow, maxCompletionTokens, trainingShapes } from './token-rows';

export interface RolloutOptions {
  /** K, completions per clip (paper: 8). */
  groupSize: number;
  /** Generated tokens at most; prompt + completion must fit one training row. */
  maxTokens: number;
  /** Sampling temperature (default 1.0: the policy's own distribution). */
  temperature?: number;
  /** Nucleus mass (default 1: no cut). */
  topP?: number;
  topK?: number;
  seed: number;
  /** Decoder prompt (default <bos>). */
  promptIds?: number[];
}

export interface RolloutCompletion {
  tokenIds: number[];
  text: string;
  /** Sampler log p of each generated token (untempered policy softmax). */
  logprobs: number[];
  /** Policy entropy (nats) at each generated position. */
  entropies: number[];
  finishReason: 'stop' | 'eos' | 'max_tokens';
  /** Hit the token limit: masked out of the loss. */
  truncated: boolean;
}

export interface RolloutGroup {
  /** The clip cut to the training window, exactly as sampled. */
  clip: ClipFeatures;
  promptIds: number[];
  completions: RolloutCompletion[];
}

export async function sampleGroup(policy: LoadedModel, clip: ClipFeatures, options: RolloutOptions): Promise<RolloutGroup> {
  const { manifest } = policy.folder;
  const shapes = trainingShapes(manifest);
  const promptIds = options.promptIds ?? [manifest.tokenizer.tokenIds.bos];
  const limit = maxCompletionTokens(shapes, promptIds.length);
  if (options.maxTokens > limit) {
    throw new RangeError(
      `maxTokens ${options.maxTokens} with a ${promptIds.length}-token prompt does not fit the ${shapes.tokens}-token training row (at most ${limit})`,
    );
  }
  const fitted = fitClipToWindow(clip, shapes);
  const sequences = await generate(policy, fitted, {
    strategy: 'sample',
    temperature: options.temperature ?? 1,
    ...(options.topP !== undefined ? { topP: options.topP } : {}),
    ...(options.topK !== undefined ? { topK: options.topK } : {}),
    maxTokens: options.maxTokens,
    numReturnSequences: options.groupSize,
    seed: options.seed,
    promptIds,
    returnLogprobs: true,
  });
  return {
    clip: fitted,
    promptIds,
    completions: sequences.map((s) => ({
      tokenIds: s.tokenIds,
      text: s.text,
      logprobs: s.tokenLogprobs!,
      entropies: s.tokenEntropies!,
      finishReason: s.finishReason,
      truncated: s.finishReason === 'max_tokens',
    })),
  };
}

/** Share of completions cut off by the token limit (0 with none). */
export function truncationShare(groups: readonly RolloutGroup[]): number {
  const all = groups.flatMap((g) => g.completions);
  return all.length === 0 ? 0 : all.filter((c) => c.truncated).length / all.length;
}
