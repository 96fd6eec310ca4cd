// The label distribution a model gives at the answer position: the decoder's logits restricted to
// the label tokens and renormalised. Read during generation (right after <answer>) and on its own
// for a prefix that ends with <answer> (a reasoning the model or the app wrote).
import { softmax } from '../../../shared/util/maths';
import type { ClipFeatures } from '../features/clip-features';
import type { LoadedModel } from '../models/model-sessions';
import { decodeStep, encodeClip } from './decoder-steps';
import { GenerationError } from './generation-error';

export function labelDistribution(row: Float32Array, labelIds: Record<string, number>): Record<string, number> {
  const labels = Object.keys(labelIds);
  const probs = softmax(labels.map((label) => row[labelIds[label]!]!));
  return Object.fromEntries(labels.map((label, i) => [label, probs[i]!]));
}

/**
 * Label probabilities for one clip given a decoder prefix that ends with <answer> (e.g. a reasoning
 * the model wrote, or just <bos><think></think><answer>): the decoder's distribution at the answer
 * position, restricted to the label tokens and renormalised.
 */
export async function answerLabelProbabilities(
  model: LoadedModel,
  clip: ClipFeatures,
  prefixIds: number[],
): Promise<Record<string, number>> {
  const { manifest } = model.folder;
  const ids = manifest.tokenizer.tokenIds;
  if (prefixIds.at(-1) !== ids.answerOpen) throw new GenerationError('invalid_inputs', 'the prefix must end with the <answer> token');
  const cache = await encodeClip(model, clip, 1);
  const [row] = await decodeStep(model, cache, [prefixIds]);
  return labelDistribution(row!, Object.fromEntries(manifest.labels.map((label) => [label, ids.labels[label]!])));
}
