// Held-out measurements of the recipe: prosody-perception accuracy per attribute (multiple choice:
// the option whose token the decoder rates highest right after `<answer>`, as in the paper's
// prosody-perception probe), and emotion accuracy / UAR / per-class recall / confusion from greedy
// generation of the full `<think>…</think><answer>…</answer>` output, as the app runs the model.
import { decoderCache, decoderFeeds, encoderFeeds, logitsAt } from '../models/architecture';
import type { ClipFeatures } from '../features/clip-features';
import { generate } from '../generation/generate';
import type { LoadedModel } from '../models/model-sessions';
import type { TaskExample } from './stage-datasets';

export type Featurize = (audioPath: string) => Promise<ClipFeatures>;

/** Accuracy per attribute (and chance level, 1 / options) over held-out drills. */
export interface PerceptionReport {
  attributes: Record<string, { correct: number; total: number; accuracy: number; chance: number }>;
  /** Mean of the per-attribute accuracies. */
  meanAccuracy: number;
}

/** Next-token logits after feeding `promptIds` (from scratch, no cache) for one clip. */
export async function nextTokenLogits(model: LoadedModel, clip: ClipFeatures, promptIds: number[]): Promise<Float32Array> {
  const { config } = model.folder.manifest;
  const cache = decoderCache(config, await model.encoder.run(encoderFeeds(config, clip)), 1);
  const out = await model.decoder.run(decoderFeeds(cache, [promptIds]));
  return logitsAt(out, -1)[0]!.slice();
}

export async function evaluatePerception(
  model: LoadedModel,
  examples: readonly TaskExample[],
  featurize: Featurize,
): Promise<PerceptionReport> {
  const ids = model.folder.manifest.tokenizer.tokenIds;
  const tally: PerceptionReport['attributes'] = {};
  for (const { audio, task } of examples) {
    const optionIds = task.options.map((option) => {
      const id = model.tokenizer.tokenId(option);
      if (id === undefined)
        throw new Error(
          `option "${option}" is not one token of ${model.folder.manifest.id}; retrain the tokenizer with the stage-1 options`,
        );
      return id;
    });
    const promptIds = [ids.bos, ...model.tokenizer.encode(task.prompt), ids.answerOpen];
    const logits = await nextTokenLogits(model, await featurize(audio), promptIds);
    let best = 0;
    optionIds.forEach((id, i) => {
      if (logits[id]! > logits[optionIds[best]!]!) best = i;
    });
    const row = (tally[task.attribute] ??= { correct: 0, total: 0, accuracy: 0, chance: 1 / task.options.length });
    row.total += 1;
    if (task.options[best] === task.answer) row.correct += 1;
  }
  for (const row of Object.values(tally)) row.accuracy = row.correct / row.total;
  const accuracies = Object.values(tally).map((r) => r.accuracy);
  return { attributes: tally, meanAccuracy: accuracies.reduce((a, b) => a + b, 0) / Math.max(1, accuracies.length) };
}

/** Emotion classification figures on held-out clips. */
export interface EmotionReport {
  clips: number;
  accuracy: number;
  /** Unweighted average recall over the labels present in the evaluation set. */
  uar: number;
  recall: Record<string, number>;
  /** confusion[true][predicted] counts; `invalid` = no well-formed label in the output. */
  confusion: Record<string, Record<string, number>>;
  /** Share of outputs with exactly one think and one answer block naming a known label. */
  wellFormed: number;
  /** Mean generated tokens and generation time per clip. */
  meanTokens: number;
  meanMs: number;
}

export async function evaluateEmotion(
  model: LoadedModel,
  clips: readonly { audio: string; label: string; prompt?: string }[],
  featurize: Featurize,
  options: { maxTokens: number; onProgress?: (done: number, total: number) => void },
): Promise<EmotionReport> {
  const labels = model.folder.manifest.labels;
  const confusion: EmotionReport['confusion'] = {};
  let correct = 0;
  let wellFormed = 0;
  let tokens = 0;
  let ms = 0;
  for (const [index, clip] of clips.entries()) {
    const features = await featurize(clip.audio);
    const started = performance.now();
    const { bos } = model.folder.manifest.tokenizer.tokenIds;
    const promptIds = [bos, ...(clip.prompt ? model.tokenizer.encode(clip.prompt) : [])];
    const [out] = await generate(model, features, { strategy: 'greedy', maxTokens: options.maxTokens, promptIds });
    ms += performance.now() - started;
    tokens += out!.tokenIds.length;
    // The label the app would report: the answer when well-formed, else the most probable label at the
    // answer position when there is one, else nothing (counted as wrong).
    const probable = out!.labelProbabilities ? Object.entries(out!.labelProbabilities).sort((a, b) => b[1] - a[1])[0]![0] : null;
    const predicted = out!.answer.label !== null && labels.includes(out!.answer.label) ? out!.answer.label : (probable ?? 'invalid');
    if (out!.answer.wellFormed) wellFormed += 1;
    if (predicted === clip.label) correct += 1;
    const row = (confusion[clip.label] ??= {});
    row[predicted] = (row[predicted] ?? 0) + 1;
    options.onProgress?.(index + 1, clips.length);
  }
  const recall: Record<string, number> = {};
  for (const [label, row] of Object.entries(confusion)) {
    const total = Object.values(row).reduce((a, b) => a + b, 0);
    recall[label] = (row[label] ?? 0) / total;
  }
  const recalls = Object.values(recall);
  return {
    clips: clips.length,
    accuracy: correct / Math.max(1, clips.length),
    uar: recalls.reduce((a, b) => a + b, 0) / Math.max(1, recalls.length),
    recall,
    confusion,
    wellFormed: wellFormed / Math.max(1, clips.length),
    meanTokens: tokens / Math.max(1, clips.length),
    meanMs: ms / Math.max(1, clips.length),
  };
}
