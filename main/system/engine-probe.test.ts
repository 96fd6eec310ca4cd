import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeEngine } from './engine-probe';

const smokeGraph = join(import.meta.dirname, '..', '..', 'resources', 'graphs', 'engine-smoke.onnx');

describe('the engine smoke check', () => {
  it('runs the smoke graph on a real ONNX Runtime session and picks a provider that works', async () => {
    const status = await probeEngine(smokeGraph);
    expect(status.state).toBe('ready');
    if (status.state !== 'ready') return;
    // CPU is always built in; every provider is reported, in preference order, with a reason.
    expect(status.providers.map((p) => p.name)).toEqual(['cuda', 'dml', 'coreml', 'webgpu', 'cpu']);
    expect(status.providers.find((p) => p.name === 'cpu')).toMatchObject({ available: true, reason: 'smoke graph ran' });
    const chosen = status.providers.find((p) => p.name === status.chosenProvider);
    expect(chosen?.available).toBe(true);
    for (const provider of status.providers) expect(provider.reason.length).toBeGreaterThan(5);
    if (status.chosenProvider === 'cpu' && status.providers.some((p) => p.name !== 'cpu')) {
      expect(status.fallbackReason).toBeTruthy();
    }
  });

  it('reports a missing graph as a failed check instead of throwing', async () => {
    expect(await probeEngine('/nonexistent/engine-smoke.onnx')).toEqual({
      state: 'failed',
      message: 'Engine smoke graph missing: /nonexistent/engine-smoke.onnx',
    });
  });

  it('reports a corrupt graph as a failed provider run, not a crash', async () => {
    const status = await probeEngine(join(import.meta.dirname, 'engine-probe.ts'));
    expect(status.state).toBe('failed');
  });
});
