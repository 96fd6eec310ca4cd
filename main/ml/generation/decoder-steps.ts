// The two calls every decoding loop makes: the encoder once per clip (with the decoder's cache for
// the sequences that share it), then the decoder once per step with the cache moved on.
import type { ClipFeatures } from '../features/clip-features';
import {
  advanceCache,
  decoderCache,
  decoderFeeds,
  encoderFeeds,
  encoderFramesProblem,
  logitsAt,
  type DecoderCache,
} from '../models/architecture';
import type { LoadedModel } from '../models/model-sessions';
import { GenerationError } from './generation-error';

/** Runs the encoder on one clip and makes the decoder's cache for `copies` sequences. */
export async function encodeClip(model: LoadedModel, clip: ClipFeatures, copies: number): Promise<DecoderCache> {
  const { config } = model.folder.manifest;
  const problem = encoderFramesProblem(config, clip.frames);
  if (problem) throw new GenerationError('invalid_inputs', problem);
  return decoderCache(config, await model.encoder.run(encoderFeeds(config, clip)), copies);
}

/** One decoder call: feeds `ids` ([batch][tokens]) after the cache, returns each row's last logits. */
export async function decodeStep(model: LoadedModel, cache: DecoderCache, ids: number[][]): Promise<Float32Array[]> {
  const out = await model.decoder.run(decoderFeeds(cache, ids));
  advanceCache(cache, out);
  return logitsAt(out, -1);
}
