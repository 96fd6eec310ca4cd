// The model's input range (issue 11): how the training clips measure — SNR, bandwidth, speech
// duration and the distance of their utterance vectors from the pooled statistics — so the app can
// say when a clip is unlike anything the model learned from. Measured on originals *and* augmented
// copies: the noisy, band-limited audio the model did train on must not be flagged.
import { shuffled } from '../../../shared/util/maths';
import { decodeAudioFile } from '../../audio';
import { analyzeProsody, computeInputRange, measureInputQuality, trackPitch } from '../../prosody';
import type { InputRange } from '../../../shared/types/input-quality';
import { utteranceVector } from '../features/clip-features';
import type { ModelFolder } from '../models/model-folder';
import { RECIPE_SEEDS } from './recipe-plan';
import { seededRandom } from './stage-datasets';

export async function measureInputRange(
  folder: ModelFolder,
  audioFiles: readonly string[],
  onProgress?: (done: number, total: number) => void,
): Promise<InputRange> {
  const { features, config } = folder.manifest;
  const vectors: Float32Array[] = [];
  const measures: ReturnType<typeof measureInputQuality>[] = [];
  for (const [i, file] of audioFiles.entries()) {
    const { audio } = await decodeAudioFile(file);
    const pitch = trackPitch(audio);
    const prosody = analyzeProsody(audio, { pitchTrack: pitch });
    const vector = utteranceVector(prosody.functionals, features, config);
    vectors.push(vector);
    measures.push(measureInputQuality(audio, prosody, vector));
    onProgress?.(i + 1, audioFiles.length);
  }
  return computeInputRange(
    vectors,
    measures.map((m) => ({ measures: m })),
  );
}

/** The clips the range is measured on: up to `perKind` originals and `perKind` augmented copies, drawn with the recipe's seeds. */
export function inputRangeSample(originals: readonly string[], copies: readonly string[], perKind: number): string[] {
  return [
    ...shuffled(seededRandom(RECIPE_SEEDS.rangeOriginals), originals).slice(0, perKind),
    ...shuffled(seededRandom(RECIPE_SEEDS.rangeCopies), copies).slice(0, perKind),
  ];
}
