// quiesceOnnxRuntime (issue 14): a thread may only be stopped once no ORT native call is in flight,
// so quiescing waits for a session creation under way and refuses new work, while releases go on.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSession, OnnxRuntimeStoppingError, quiesceOnnxRuntime, Tensor } from './onnx';

const SMOKE_GRAPH = path.resolve(import.meta.dirname, '../../../resources/graphs/engine-smoke.onnx');
const ENCODER = path.resolve(import.meta.dirname, '../../../resources/models/tiny/encoder.onnx');
const smokeFeeds = () => ({ x: new Tensor('float32', new Float32Array(8), [2, 4]) });

describe('quiesceOnnxRuntime', () => {
  it('resolves only after the session creations in flight have returned, then refuses new ones and runs but still releases', async () => {
    const ready = await createSession(SMOKE_GRAPH);
    const creating = createSession(ENCODER);
    let quiesced = false;
    const quiescing = quiesceOnnxRuntime().then(() => (quiesced = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(quiesced).toBe(false); // the encoder's session is still being created on ORT's threads
    await quiescing;
    const created = await creating; // begun before quiescing: it completes

    await expect(createSession(SMOKE_GRAPH)).rejects.toBeInstanceOf(OnnxRuntimeStoppingError);
    await expect(ready.run(smokeFeeds())).rejects.toMatchObject({ code: 'runtime_stopping' });
    await expect(ready.release()).resolves.toBeUndefined();
    await expect(created.release()).resolves.toBeUndefined();
  });
});
