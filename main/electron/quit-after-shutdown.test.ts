// The Electron quit path with a stand-in for `app` (no Electron binary can run here): the first
// quit is held until the services' shutdown has resolved, then the app quits for real, once.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { quitAfterShutdown, type QuittableApp } from './quit-after-shutdown';

/** Emits 'will-quit' on quit() and says whether a listener held it, like Electron's app. */
class FakeApp extends EventEmitter implements QuittableApp {
  exits = 0;
  quit(): void {
    let held = false;
    this.emit('will-quit', { preventDefault: () => (held = true) });
    if (!held) this.exits += 1;
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('quitAfterShutdown', () => {
  it('holds the quit until the shutdown resolves, then exits once', async () => {
    const app = new FakeApp();
    const stop = deferred();
    let shutdowns = 0;
    quitAfterShutdown(app, () => {
      shutdowns += 1;
      return stop.promise;
    });
    app.quit();
    app.quit(); // asked again while stopping: no second shutdown, still held
    await new Promise((r) => setImmediate(r));
    expect(app.exits).toBe(0);
    expect(shutdowns).toBe(1);
    stop.resolve();
    await expect.poll(() => app.exits).toBe(1);
    expect(shutdowns).toBe(1);
  });

  it('exits at once when the services never started', () => {
    const app = new FakeApp();
    quitAfterShutdown(app, () => null);
    app.quit();
    expect(app.exits).toBe(1);
  });

  it('waits for the real services: the database is closed before the exit', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createAppServices } = await import('../host/app-services');
    const services = createAppServices({
      appName: 'EmotionThinker test',
      appVersion: '0.0.0',
      hostKind: 'electron',
      electronVersion: null,
      dataDir: mkdtempSync(join(tmpdir(), 'et-quit-')),
      resourcesDir: join(import.meta.dirname, '../../resources'),
      log: () => {},
    });
    await services.engineReady;
    expect(services.library.databaseStatus().ok).toBe(true);
    const app = new FakeApp();
    let closedBeforeExit = false;
    quitAfterShutdown(app, () =>
      services.shutdown().then(() => {
        closedBeforeExit = app.exits === 0 && !services.library.databaseStatus().ok;
      }),
    );
    app.quit();
    expect(app.exits).toBe(0);
    await expect.poll(() => app.exits).toBe(1);
    expect(closedBeforeExit).toBe(true);
  }, 60_000);
});
