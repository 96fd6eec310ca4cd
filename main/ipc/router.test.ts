import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/types/settings';
import { AppError } from '../../shared/errors/app-error';
import { createRouter, type Handlers } from './router';

// Only the channels these tests call; the others are never dispatched here.
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'system.getInfo': () => {
      throw new Error('not used here');
    },
    'settings.get': () => DEFAULT_SETTINGS,
    'settings.update': (changes) => ({ ...DEFAULT_SETTINGS, ...changes }),
    ...overrides,
  } as Handlers;
}

describe('the validated router', () => {
  it('answers a valid call with the handler result', async () => {
    const router = createRouter(handlers());
    expect(await router.dispatch('settings.update', { theme: 'dark' })).toEqual({ ok: true, value: { theme: 'dark' } });
  });

  it('refuses unknown channels, including prototype names', async () => {
    const router = createRouter(handlers());
    for (const channel of ['nope.nothing', '__proto__', 'constructor', 17, null]) {
      const result = await router.dispatch(channel, {});
      expect(result.ok ? 'ok' : result.error.code).toBe('unknown_channel');
    }
  });

  it('rejects payloads that break the schema with the paths that broke it', async () => {
    const router = createRouter(handlers());
    const wrongType = await router.dispatch('settings.update', { theme: 'purple' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    if (!wrongType.ok) expect(wrongType.error.issues?.[0]?.path).toBe('theme');
    const extraKey = await router.dispatch('settings.get', { sneaky: true });
    expect(extraKey).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const notAnObject = await router.dispatch('settings.get', 'hello');
    expect(notAnObject).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('passes a service AppError through with its code', async () => {
    const router = createRouter(
      handlers({
        'settings.get': () => {
          throw new AppError('unavailable', 'database is locked');
        },
      }),
    );
    expect(await router.dispatch('settings.get', {})).toEqual({ ok: false, error: { code: 'unavailable', message: 'database is locked' } });
  });

  it('turns an unexpected exception into an internal error value and reports it', async () => {
    const reported: string[] = [];
    const router = createRouter(
      handlers({
        'settings.get': () => {
          throw new TypeError('boom');
        },
      }),
      {
        onInternalError: (channel) => reported.push(channel),
      },
    );
    const result = await router.dispatch('settings.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(reported).toEqual(['settings.get']);
  });

  it('refuses to send a response that breaks the contract', async () => {
    const router = createRouter(handlers({ 'settings.get': () => ({ theme: 'neon' }) as never }));
    expect(await router.dispatch('settings.get', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
