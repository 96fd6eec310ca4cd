// Electron's quit path waits for the services to stop (issue 14). 'will-quit' handlers run
// synchronously, so a plain handler would let the process exit while recordings are still being
// finalised, the analysis workers are inside an onnxruntime call (which aborts the process) or the
// database is mid-write. The first 'will-quit' is held with preventDefault until the shutdown has
// finished; then the app quits again and that 'will-quit' goes through.

/** The part of Electron's `app` the quit path uses (typed here so it can run without Electron). */
export interface QuittableApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
}

/** Holds the app's quit until `shutdown` (the services' own, which never rejects) has resolved. */
export function quitAfterShutdown(app: QuittableApp, shutdown: () => Promise<void> | null): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return; // a second quit while stopping: the first one's exit follows
    const stopping = shutdown();
    if (!stopping) {
      state = 'stopped';
      app.quit();
      return;
    }
    state = 'stopping';
    void stopping.finally(() => {
      state = 'stopped';
      app.quit();
    });
  });
}
