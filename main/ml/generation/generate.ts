// Autoregressive generation with the KV-cached decoder: one encoder run per clip, then one decoder
// run per token for all requested sequences at once, streaming each token to a callback. The graph
// calls are decoder-steps.ts's, the answer's label distribution label-probabilities.ts's.
import type { ClipFeatures } from '../features/clip-features';
import type { LoadedModel } from '../models/model-sessions';
import { parseAnswer, type ParsedAnswer } from './answer';
import { seededRandom, selectToken, tokenLogprobAndEntropy, validateSamplingOptions, type SamplingOptions } from './sampling';
import { decodeStep, encodeClip } from './decoder-steps';
import { GenerationError } from './generation-error';
import { labelDistribution } from './label-probabilities';

export { GenerationError } from './generation-error';
export { answerLabelProbabilities } from './label-probabilities';

export interface TokenEvent {
  /** Which of the numReturnSequences completions this token belongs to. */
  sequence: number;
  tokenId: number;
  /** Text this token adds to the completion. */
  text: string;
  /** 0-based position in the completion. */
  index: number;
}

export interface GenerateOptions extends SamplingOptions {
  maxTokens: number;
  /** Stop token (default '</answer>'); <eos> always stops too. */
  stopAt?: string;
  numReturnSequences?: number;
  seed?: number;
  /** Decoder prompt; defaults to <bos>. */
  promptIds?: number[];
  onToken?: (event: TokenEvent) => void;
  /** Also return each generated token's log-probability and the entropy at its position (RL rollouts). */
  returnLogprobs?: boolean;
}

/** One completion; tokenIds, text and answer cover the generated tokens, not the prompt. */
export interface GeneratedSequence {
  tokenIds: number[];
  text: string;
  finishReason: 'stop' | 'eos' | 'max_tokens';
  answer: ParsedAnswer;
  /** Label distribution read at the token after <answer> (label tokens only, renormalised); null when <answer> never came. */
  labelProbabilities: Record<string, number> | null;
  /** With returnLogprobs: log p(token) under the model's untempered softmax, one per token. */
  tokenLogprobs?: number[];
  /** With returnLogprobs: entropy (nats) of the model's distribution at each generated position. */
  tokenEntropies?: number[];
}

export async function generate(model: LoadedModel, clip: ClipFeatures, options: GenerateOptions): Promise<GeneratedSequence[]> {
  const { manifest } = model.folder;
  const ids = manifest.tokenizer.tokenIds;
  const n = options.numReturnSequences ?? 1;
  const problems = validateSamplingOptions(options);
  if (!(Number.isInteger(options.maxTokens) && options.maxTokens > 0)) problems.push('maxTokens must be a positive integer');
  if (!(Number.isInteger(n) && n > 0)) problems.push('numReturnSequences must be a positive integer');
  const stopId = model.tokenizer.tokenId(options.stopAt ?? '</answer>');
  if (
    options.promptIds &&
    (options.promptIds.length === 0 || options.promptIds.some((id) => !(Number.isInteger(id) && id >= 0 && id < manifest.config.vocab)))
  ) {
    problems.push(`promptIds must be a non-empty list of token ids below ${manifest.config.vocab}`);
  }
  if (stopId === undefined) problems.push(`stopAt "${options.stopAt}" is not a single token of this model`);
  if (clip.utteranceProsody.length !== manifest.config.utterance_prosody_dims) {
    problems.push(
      `the clip has ${clip.utteranceProsody.length} utterance features; this model reads ${manifest.config.utterance_prosody_dims}`,
    );
  }
  if (problems.length > 0) throw new GenerationError('invalid_options', problems.join('; '));
  const labelIds = Object.fromEntries(manifest.labels.map((label) => [label, ids.labels[label]!]));
  const random = seededRandom(options.seed ?? 0);
  const state = await encodeClip(model, clip, n);
  const tokens: number[][] = Array.from({ length: n }, () => []);
  const texts = new Array<string>(n).fill('');
  const finish: (GeneratedSequence['finishReason'] | null)[] = new Array(n).fill(null);
  const labelProbabilities: (Record<string, number> | null)[] = new Array(n).fill(null);
  const logprobs: number[][] = Array.from({ length: n }, () => []);
  const entropies: number[][] = Array.from({ length: n }, () => []);
  const prompt = options.promptIds ?? [ids.bos];
  let rows = await decodeStep(
    model,
    state,
    Array.from({ length: n }, () => prompt),
  );
  for (let step = 0; step < options.maxTokens && finish.includes(null); step++) {
    const next = rows.map((row, s) => {
      if (finish[s] !== null) return ids.pad; // finished rows idle on <pad> until all are done
      const last = tokens[s]!.at(-1) ?? prompt.at(-1);
      if (last === ids.answerOpen && labelProbabilities[s] === null) labelProbabilities[s] = labelDistribution(row, labelIds);
      const id = selectToken(row, options, random);
      tokens[s]!.push(id);
      if (options.returnLogprobs) {
        const { logprob, entropy } = tokenLogprobAndEntropy(row, id);
        logprobs[s]!.push(logprob);
        entropies[s]!.push(entropy);
      }
      if (options.onToken) {
        // Decoding the whole prefix (not the token alone) keeps multi-byte characters intact.
        const text = model.tokenizer.decode(tokens[s]!);
        options.onToken({ sequence: s, tokenId: id, text: text.slice(texts[s]!.length), index: step });
        texts[s] = text;
      }
      if (id === stopId) finish[s] = 'stop';
      else if (id === ids.eos) finish[s] = 'eos';
      return id;
    });
    if (!finish.includes(null) || step + 1 === options.maxTokens) break;
    rows = await decodeStep(
      model,
      state,
      next.map((id) => [id]),
    );
  }
  return tokens.map((tokenIds, s) => {
    const text = model.tokenizer.decode(tokenIds);
    return {
      tokenIds,
      text,
      finishReason: finish[s] ?? 'max_tokens',
      answer: parseAnswer(text, manifest.labels),
      labelProbabilities: labelProbabilities[s]!,
      ...(options.returnLogprobs ? { tokenLogprobs: logprobs[s]!, tokenEntropies: entropies[s]! } : {}),
    };
  });
}
