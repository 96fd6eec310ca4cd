// Start-up smoke path of the engine: load a tiny ONNX graph on each execution provider and keep the
// most preferred one that really runs. The reasons for the others are shown on the System page, so a
// user with a GPU can see why it is (not) used.
import { existsSync } from 'node:fs';
import { PROVIDER_PREFERENCE, probeExecutionProviders, Tensor } from '../ml/backends/onnx';
import type { EngineStatus } from '../../shared/types/system';

export async function probeEngine(smokeGraphPath: string): Promise<EngineStatus> {
  if (!existsSync(smokeGraphPath)) {
    return { state: 'failed', message: `Engine smoke graph missing: ${smokeGraphPath}` };
  }
  try {
    const providers = await probeExecutionProviders(smokeGraphPath, () => ({
      x: new Tensor('float32', new Float32Array([1, 2, 3, 4]), [1, 4]),
    }));
    const chosen = providers.find((p) => p.available);
    if (!chosen) {
      return {
        state: 'failed',
        message: `No execution provider could run the smoke graph: ${providers.map((p) => `${p.name}: ${p.reason}`).join('; ')}`,
      };
    }
    const skipped = providers.filter((p) => PROVIDER_PREFERENCE.indexOf(p.name) < PROVIDER_PREFERENCE.indexOf(chosen.name));
    const fallbackReason = skipped.length ? skipped.map((p) => `${p.name}: ${p.reason}`).join('; ') : undefined;
    return { state: 'ready', chosenProvider: chosen.name, providers, ...(fallbackReason ? { fallbackReason } : {}) };
  } catch (error) {
    return { state: 'failed', message: `Engine check failed: ${(error as Error).message}` };
  }
}
