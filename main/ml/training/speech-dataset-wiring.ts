// Connects the speech reader to the app's one implementation of each stage: decodeAudioFile
// (main/audio), the pitch tracker and prosody analysis (main/prosody), clipFeatures (main/ml/features, the same function
// inference uses) and the model folder's tokenizer — so a model trains on exactly what it will see.
import type { DatasetSpec } from '../../../shared/types/training';
import { decodeAudioFile } from '../../audio';
import type { ProsodyAnalysis } from '../../../shared/types/prosody';
import { analyzeProsody, trackPitch } from '../../prosody';
import { clipFeatures } from '../features/clip-features';
import { openModelFolder, type ModelFolder } from '../models/model-folder';
import { loadModelWithWeights } from '../models/model-sessions';
import { loadFolderTokenizer, type TextTokenizer } from '../models/tokenizer';
import { generate } from '../generation/generate';
import type { DatasetReader } from './dataset-reader';
import { readSpeechRecords, SpeechDatasetReader, type SpeechFeatures, type SpeechFeaturizer } from './speech-dataset-reader';
import { TrainingFailure } from './training-failure';
import { describeError } from '../../../shared/errors/coded-error';

/** decode → pitch track → prosody analysis → clip features, with the model's feature parameters; the analysis is kept (GRPO's prompts and evidence checks read it). */
export function clipMeasurer(folder: ModelFolder): (audioPath: string) => Promise<{ features: SpeechFeatures; prosody: ProsodyAnalysis }> {
  const { features, config } = folder.manifest;
  return async (audioPath) => {
    const { audio } = await decodeAudioFile(audioPath);
    const pitch = trackPitch(audio);
    const prosody = analyzeProsody(audio, { pitchTrack: pitch });
    return { features: clipFeatures(audio, pitch, prosody.functionals, features, config), prosody };
  };
}

/** decode → pitch track → clip features, with the model's feature parameters. */
export function speechFeaturizer(folder: ModelFolder): SpeechFeaturizer {
  const measure = clipMeasurer(folder);
  return async (audioPath) => (await measure(audioPath)).features;
}

/**
 * The featurizer with one computation per audio file: a stage-1 dataset asks several questions about
 * each clip, and decoding + pitch tracking dominate the first epoch's time.
 */
export function cachedSpeechFeaturizer(folder: ModelFolder): SpeechFeaturizer {
  const featurize = speechFeaturizer(folder);
  const cache = new Map<string, Promise<SpeechFeatures>>();
  return (audioPath) => {
    let features = cache.get(audioPath);
    if (features === undefined) {
      features = featurize(audioPath);
      features.catch(() => cache.delete(audioPath));
      cache.set(audioPath, features);
    }
    return features;
  };
}

export function openSpeechDatasetReader(spec: Extract<DatasetSpec, { kind: 'speech-jsonl' }>, modelDir: string): DatasetReader {
  let folder: ModelFolder;
  let tokenizer: TextTokenizer;
  try {
    folder = openModelFolder(modelDir);
    tokenizer = loadFolderTokenizer(folder);
  } catch (error) {
    throw new TrainingFailure('model_invalid', `speech training needs an app model folder: ${describeError(error)}`);
  }
  const { config, tokenizer: tokenInfo, training } = folder.manifest;
  const records = readSpeechRecords(spec.path);
  const reader = new SpeechDatasetReader(
    records,
    {
      batch: training.shapes.batch,
      frames: training.shapes.frames,
      tokens: training.shapes.tokens,
      melBins: config.mel_bins,
      prosodyDims: config.prosody_frame_dims,
      utteranceDims: config.utterance_prosody_dims,
    },
    {
      encode: (text) => tokenizer.encode(text),
      pad: tokenInfo.tokenIds.pad,
      bos: tokenInfo.tokenIds.bos,
      eos: tokenInfo.tokenIds.eos,
      answerOpen: tokenInfo.tokenIds.answerOpen,
    },
    cachedSpeechFeaturizer(folder),
  );
  // Samples come from the first record, greedy, so successive samples differ only by the weights.
  const first = records[0]!;
  reader.sample = async (parameters) => {
    const weights = new Float32Array(folder.manifest.weights.bytes / 4);
    for (const slot of folder.manifest.parameters) weights.set(parameters.get(slot.name)!, slot.offset / 4);
    const model = await loadModelWithWeights(modelDir, weights, { intraOpNumThreads: 1 });
    try {
      const clip = await reader.featuresOf(0);
      const promptIds = [tokenInfo.tokenIds.bos, ...(first.prompt ? tokenizer.encode(first.prompt) : [])];
      const [completion] = await generate(model, clip, { strategy: 'greedy', maxTokens: SAMPLE_MAX_TOKENS, promptIds });
      return { output: completion!.text, reference: first.target };
    } finally {
      await model.release();
    }
  };
  return reader;
}

/** Enough for a short reasoning and the answer; a sample is a glance, the evaluation is elsewhere. */
const SAMPLE_MAX_TOKENS = 64;
