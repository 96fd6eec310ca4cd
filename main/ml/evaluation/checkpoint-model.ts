// Evaluate a training checkpoint without exporting it: the checkpoint's `params.<p>` tensors laid
// out in the model folder's manifest order, then sessions on those weights (loadModelWithWeights
// writes them beside copies of the folder's inference graphs).
import { readCheckpoint } from '../training/checkpoint-store';
import { openModelFolder } from '../models/model-folder';
import { loadModelWithWeights, type LoadedModel } from '../models/model-sessions';
import { PipelineError } from '../pipeline/pipeline-error';

export async function loadCheckpointModel(modelDir: string, checkpointFile: string): Promise<{ model: LoadedModel; step: number }> {
  const { manifest } = openModelFolder(modelDir);
  const checkpoint = readCheckpoint(checkpointFile);
  const weights = new Float32Array(manifest.weights.bytes / 4);
  for (const p of manifest.parameters) {
    const tensor = checkpoint.tensors.get(`params.${p.name}`);
    if (!tensor || tensor.byteLength !== p.length) {
      throw new PipelineError(
        'invalid_options',
        `${checkpointFile} has no params.${p.name} of ${p.length / 4} values: it does not belong to ${manifest.id}`,
      );
    }
    weights.set(tensor, p.offset / 4);
  }
  return { model: await loadModelWithWeights(modelDir, weights), step: checkpoint.step };
}
