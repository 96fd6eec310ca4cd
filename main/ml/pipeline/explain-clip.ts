// The model half of the pipeline: generate <think>…</think><answer>label</answer> for one clip's
// features, retry a malformed generation (or one whose answer contradicts its reasoning's conclusion)
// by sampling with other seeds and temperatures, and read the label probabilities. A generation that
// stays malformed is returned flagged (wellFormed false, label null, its problems listed), never
// passed off as an answer.
import { softmax } from '../../../shared/util/maths';
import type { ClipAnalysisResult, GenerationAttempt, ProbabilitySource } from '../../../shared/types/analysis-result';
import type { OrtSession } from '../backends/onnx';
import type { ClipFeatures } from '../features/clip-features';
import { parseAnswer } from '../generation/answer';
import { answerLabelProbabilities, generate, type GeneratedSequence, type TokenEvent } from '../generation/generate';
import type { DecodingStrategy } from '../generation/sampling';
import type { LoadedModel } from '../models/model-sessions';
import { PipelineError } from './pipeline-error';
import { conclusionMismatch } from '../../data/evidence/conclusion';

/**
 * Temperatures of the retries, in order (the last repeats). A little below 1 first: enough
 * randomness to leave the greedy path that failed, while staying near the model's mode.
 */
export const RETRY_TEMPERATURES = [0.7, 1.0] as const;

/** Retries after a malformed first generation unless the caller says otherwise. */
export const DEFAULT_RETRIES = 2;

/** A streamed token, tagged with the attempt it belongs to (retries stream too). */
export interface AttemptTokenEvent extends TokenEvent {
  attempt: number;
}

export interface ExplainOptions {
  /** First attempt's decoding; default 'greedy'. Retries always sample. */
  strategy?: DecodingStrategy;
  /** First attempt's temperature when strategy is 'sample' (default 1). */
  temperature?: number;
  /** Token budget per attempt; default the model's training sequence length (manifest.training.shapes.tokens). */
  maxTokens?: number;
  /** Seed of the first attempt; attempt i uses seed + i. Default 0. */
  seed?: number;
  /** Extra attempts after a malformed one; default DEFAULT_RETRIES. */
  retries?: number;
  /** Decoder prompt text after <bos>, when the model was trained with one. */
  prompt?: string;
  /**
   * Opening of the reasoning written by the caller (after `<think>`); the model continues from it and
   * the returned reasoning starts with it. Streamed as the first piece of every attempt.
   */
  reasoningPrefix?: string;
  onToken?: (event: AttemptTokenEvent) => void;
}

/**
 * Temperature scaling on the label distribution (Guo et al. 2017): p_i^(1/T) renormalised, which is
 * softmax(logit_i / T) over the labels. It never changes which label is most probable.
 */
export function temperProbabilities(probabilities: Record<string, number>, temperature: number): Record<string, number> {
  if (temperature === 1) return probabilities;
  const entries = Object.entries(probabilities);
  const tempered = softmax(
    entries.map(([, p]) => Math.log(Math.max(p, 1e-30))),
    temperature,
  );
  return Object.fromEntries(entries.map(([label], i) => [label, tempered[i]!]));
}

/** What the model said about one clip: the model's part of a ClipAnalysisResult, plus its timings. */
export type ModelExplanation = Pick<
  ClipAnalysisResult,
  'label' | 'probabilities' | 'probabilitySource' | 'reasoning' | 'wellFormed' | 'problems' | 'attempts'
> & {
  /** Encoder time over all attempts (ms). */
  encodeMs: number;
  /** Decoder time over all attempts, forced-answer pass included (ms). */
  generateMs: number;
};

/** The same session with run() timed into `sink`; generate() only calls run(). */
function timedSession(session: OrtSession, sink: { ms: number }): OrtSession {
  const timed = Object.create(session) as OrtSession;
  timed.run = (async (...args: Parameters<OrtSession['run']>) => {
    const started = performance.now();
    try {
      return await session.run(...args);
    } finally {
      sink.ms += performance.now() - started;
    }
  }) as OrtSession['run'];
  return timed;
}

/** Throws PipelineError('invalid_options') naming every bad option. */
export function validateExplainOptions(options: ExplainOptions): void {
  const problems: string[] = [];
  if (options.retries !== undefined && !(Number.isInteger(options.retries) && options.retries >= 0))
    problems.push('retries must be an integer ≥ 0');
  if (options.seed !== undefined && !Number.isInteger(options.seed)) problems.push('seed must be an integer');
  if (options.maxTokens !== undefined && !(Number.isInteger(options.maxTokens) && options.maxTokens > 0))
    problems.push('maxTokens must be a positive integer');
  if (problems.length) throw new PipelineError('invalid_options', problems.join('; '));
}

export async function explainClip(model: LoadedModel, clip: ClipFeatures, options: ExplainOptions = {}): Promise<ModelExplanation> {
  validateExplainOptions(options);
  const { manifest } = model.folder;
  const ids = manifest.tokenizer.tokenIds;
  const encoder = { ms: 0 };
  const timedModel: LoadedModel = { ...model, encoder: timedSession(model.encoder, encoder) };
  const promptIds = [ids.bos, ...(options.prompt ? model.tokenizer.encode(options.prompt) : [])];
  const prefix = options.reasoningPrefix?.trim() ?? '';
  // With a prefix the decoder starts inside <think>; the parser reads the prefix back in front.
  const generationPrompt = prefix ? [...promptIds, ids.thinkOpen, ...model.tokenizer.encode(prefix)] : promptIds;
  const withPrefix = (sequence: GeneratedSequence): GeneratedSequence => {
    if (!prefix) return sequence;
    // The tokenizer may drop the space before the first generated word; the training traces have one.
    const text = `<think>${prefix}${/^\s/.test(sequence.text) ? '' : ' '}${sequence.text}`;
    return { ...sequence, text, answer: parseAnswer(text, manifest.labels) };
  };
  const maxTokens = options.maxTokens ?? manifest.training.shapes.tokens;
  const seed = options.seed ?? 0;
  const retries = options.retries ?? DEFAULT_RETRIES;
  const started = performance.now();
  const attempts: GenerationAttempt[] = [];
  const sequences: GeneratedSequence[] = [];
  for (let attempt = 0; attempt <= retries; attempt++) {
    const first = attempt === 0;
    const strategy: DecodingStrategy = first ? (options.strategy ?? 'greedy') : 'sample';
    const temperature =
      strategy === 'greedy'
        ? undefined
        : first
          ? (options.temperature ?? 1)
          : RETRY_TEMPERATURES[Math.min(attempt - 1, RETRY_TEMPERATURES.length - 1)]!;
    const onToken = options.onToken
      ? (event: TokenEvent) => options.onToken!({ ...event, attempt, index: event.index + (prefix ? 1 : 0) })
      : undefined;
    if (prefix) options.onToken?.({ attempt, sequence: 0, tokenId: ids.thinkOpen, text: prefix, index: 0 });
    const [generated] = await generate(timedModel, clip, {
      strategy,
      maxTokens,
      seed: seed + attempt,
      promptIds: generationPrompt,
      ...(temperature !== undefined ? { temperature } : {}),
      ...(onToken ? { onToken } : {}),
    });
    const sequence = withPrefix(generated!);
    // An answer that contradicts its own reasoning's conclusion is retried like a malformed one.
    const mismatch = conclusionMismatch(sequence.answer.reasoning, sequence.answer.label, manifest.labels);
    const checked = mismatch
      ? { ...sequence, answer: { ...sequence.answer, wellFormed: false, problems: [...sequence.answer.problems, mismatch] } }
      : sequence;
    sequences.push(checked);
    attempts.push({
      attempt,
      strategy,
      ...(temperature !== undefined ? { temperature } : {}),
      seed: seed + attempt,
      text: checked.text,
      finishReason: checked.finishReason,
      problems: checked.answer.problems,
    });
    if (checked.answer.wellFormed) break;
  }
  // The last attempt is well formed if any is; otherwise return the first with the fewest problems.
  const last = sequences.at(-1)!;
  const chosen = last.answer.wellFormed
    ? last
    : sequences.reduce((best, s) => (s.answer.problems.length < best.answer.problems.length ? s : best));
  let probabilities = chosen.labelProbabilities;
  let probabilitySource: ProbabilitySource = 'generated-answer';
  if (probabilities === null) {
    // No <answer> was written: read the distribution the model gives after its own reasoning.
    const room = Math.max(0, manifest.config.max_tokens - promptIds.length - 3);
    const reasoningIds = model.tokenizer.encode(chosen.answer.reasoning).slice(0, room);
    probabilities = await answerLabelProbabilities(timedModel, clip, [
      ...promptIds,
      ids.thinkOpen,
      ...reasoningIds,
      ids.thinkClose,
      ids.answerOpen,
    ]);
    probabilitySource = 'forced-answer';
  }
  const { wellFormed, problems, reasoning } = chosen.answer;
  return {
    label: wellFormed ? chosen.answer.label : null,
    probabilities: temperProbabilities(probabilities, manifest.answerTemperature),
    probabilitySource,
    reasoning,
    wellFormed,
    problems,
    attempts,
    encodeMs: encoder.ms,
    generateMs: performance.now() - started - encoder.ms,
  };
}
