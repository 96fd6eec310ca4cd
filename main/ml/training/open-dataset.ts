// Turns a serialisable DatasetSpec (what crosses into the worker) into a DatasetReader.
import type { DatasetSpec } from '../../../shared/types/training';
import { TensorJsonlReader, type DatasetReader } from './dataset-reader';
import { TrainingFailure } from './training-failure';

/** Opens the reader for `spec`; speech-jsonl needs the featurizer and tokenizer of the model folder. */
export async function openDatasetReader(spec: DatasetSpec, batchSize: number, modelDir: string): Promise<DatasetReader> {
  switch (spec.kind) {
    case 'tensor-jsonl':
      return new TensorJsonlReader(spec.path, spec.feeds, spec.rowMaskFeed, batchSize);
    case 'speech-jsonl': {
      // Loaded on demand: the audio decoder and pitch tracker are only needed for speech datasets.
      const { openSpeechDatasetReader } = await import('./speech-dataset-wiring');
      return openSpeechDatasetReader(spec, modelDir);
    }
    default:
      throw new TrainingFailure('dataset_invalid', `unknown dataset kind ${(spec as { kind: string }).kind}`);
  }
}
