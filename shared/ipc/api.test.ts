import { describe, expect, it } from 'vitest';
import { buildApi, type ApiTransport } from './api';
import { eventContract, isRequestChannel, requestContract } from './contract';
import { ok } from './result';

describe('the IPC contract', () => {
  it('names every request channel area.action and documents it', () => {
    for (const [name, spec] of Object.entries(requestContract)) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
      expect(spec.doc.length).toBeGreaterThan(10);
    }
    for (const spec of Object.values(eventContract)) expect(spec.doc.length).toBeGreaterThan(10);
  });

  it('recognises its own channels and nothing inherited from Object', () => {
    expect(isRequestChannel('system.getInfo')).toBe(true);
    expect(isRequestChannel('toString')).toBe(false);
    expect(isRequestChannel(42)).toBe(false);
  });
});

describe('buildApi', () => {
  function recordingTransport() {
    const calls: [string, unknown][] = [];
    const listeners = new Map<string, Set<(payload: unknown) => void>>();
    const transport: ApiTransport = {
      invoke: async (channel, payload) => {
        calls.push([channel, payload]);
        return ok({ echoed: channel });
      },
      subscribe: (event, listener) => {
        const set = listeners.get(event) ?? new Set();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      },
    };
    return { transport, calls, listeners };
  }

  it('exposes one function per channel under its area and forwards the channel name', async () => {
    const { transport, calls } = recordingTransport();
    const api = buildApi(transport);
    for (const channel of Object.keys(requestContract)) {
      const [area, action] = channel.split('.') as [string, string];
      expect(typeof (api as unknown as Record<string, Record<string, unknown>>)[area]?.[action]).toBe('function');
    }
    await api.settings.update({ theme: 'dark' });
    expect(calls).toEqual([['settings.update', { theme: 'dark' }]]);
  });

  it('returns an unsubscribe handle for events that really removes the listener', () => {
    const { transport, listeners } = recordingTransport();
    const api = buildApi(transport);
    const seen: unknown[] = [];
    const unsubscribe = api.on('engine.statusChanged', (status) => seen.push(status));
    listeners.get('engine.statusChanged')?.forEach((l) => l({ state: 'probing' }));
    unsubscribe();
    listeners.get('engine.statusChanged')?.forEach((l) => l({ state: 'probing' }));
    expect(seen).toEqual([{ state: 'probing' }]);
  });
});
