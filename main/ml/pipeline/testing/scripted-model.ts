// Test support: the real tiny model with its decoder steered to write given completions. The real
// encoder and decoder sessions run on every call (shapes, KV cache, timing all real); only the last
// position's logits get a large bonus on the scripted token, so greedy decoding writes the script.
// This is how tests reach the well-formed path with a model that was never trained.
import type { OrtSession, OrtTensor } from '../../backends/onnx';
import type { LoadedModel } from '../../models/model-sessions';

const BONUS = 1_000;

/** Completion `k` steers the k-th generation (a decoder call on the prompt starts a new one). */
export function scriptedModel(model: LoadedModel, completions: string[]): LoadedModel {
  const scripts = completions.map((text) => model.tokenizer.encode(text));
  let generation = -1;
  let step = 0;
  const decoder = Object.create(model.decoder) as OrtSession;
  decoder.run = (async (feeds: Record<string, OrtTensor>, ...rest: unknown[]) => {
    const out = await (model.decoder.run as (f: Record<string, OrtTensor>, ...r: unknown[]) => Promise<Record<string, OrtTensor>>)(
      feeds,
      ...rest,
    );
    const [batch, width] = feeds.input_ids!.dims as [number, number];
    const pastLength = feeds['past_key_values.0.decoder.key']!.dims[2]!;
    if (pastLength === 0) {
      generation++;
      step = 0;
    }
    const script = scripts[Math.min(generation, scripts.length - 1)]!;
    const token = script[step++];
    if (token !== undefined) {
      const logits = out.logits!.data as Float32Array;
      const vocab = out.logits!.dims[2]!;
      for (let b = 0; b < batch; b++) logits[(b * width + width - 1) * vocab + token] += BONUS;
    }
    return out;
  }) as OrtSession['run'];
  return { ...model, decoder };
}
