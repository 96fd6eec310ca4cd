// Builds the main-process services once, for either shell (Electron or the browser host): both get
// the same router and event bus, and only attach a different transport in front of them.
import { join } from 'node:path';
import type { DatabaseStatus, EngineStatus } from '../../shared/types/system';
import { describeError } from '../../shared/errors/coded-error';
import { EventBus } from '../ipc/event-bus';
import { quiesceOnnxRuntime } from '../ml/backends/onnx';
import { createRouter, type Router } from '../ipc/router';
import type { SafeStorageLike } from '../security/key-store';
import type { PdfPrinter } from '../reports/pdf-printer';
import { probeEngine } from '../system/engine-probe';
import { SystemService } from '../system/system-service';
import { LibrarySession } from './library-session';
import { databasePath } from './paths';

export interface AppServicesOptions {
  appName: string;
  appVersion: string;
  hostKind: 'electron' | 'browser';
  electronVersion: string | null;
  dataDir: string;
  resourcesDir: string;
  log?: (line: string) => void;
  /** Electron's safeStorage, to keep the library key in the OS keychain; absent in the browser host. */
  keychain?: SafeStorageLike;
  /** How this shell prints the report to PDF (issue 15); none: the PDF export says it cannot. */
  pdf?: PdfPrinter;
}

export interface AppServices {
  router: Router;
  events: EventBus;
  /** Resolves when the engine smoke check has finished. */
  engineReady: Promise<EngineStatus>;
  /** The open library (locked until unlocked when it is encrypted). */
  library: LibrarySession;
  /** Closes the database; `closeAsync` also finishes open recordings and stops the analysis worker. */
  close(): void;
  closeAsync(): Promise<void>;
  /**
   * Before the process exits, in either shell: `closeAsync`, then waits for this thread's own
   * onnxruntime calls to return. Exiting while a thread is inside an ORT call (a model still loading,
   * a generation step) aborts the process with "terminate called after throwing an instance of
   * 'Napi::Error'" (issue 14). No model work starts in this process afterwards. Never rejects: a
   * failure to close is logged, and the exit goes on.
   */
  shutdown(): Promise<void>;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const log = options.log ?? ((line: string) => console.error(line));
  const events = new EventBus();
  const dbFile = databasePath(options.dataDir);

  // A database that cannot be opened must not stop the app (nor be replaced: the user's data is in
  // it); the System page shows what is wrong and features that need it answer 'unavailable'. An
  // encrypted library stays locked until encryption.unlock (or the OS keychain) opens it (issue 14).
  const library = new LibrarySession({
    dataDir: options.dataDir,
    databaseFile: dbFile,
    resourcesDir: options.resourcesDir,
    events,
    log,
    ...(options.keychain ? { keychain: options.keychain } : {}),
    ...(options.pdf ? { pdf: options.pdf } : {}),
  });
  const databaseStatus = (): DatabaseStatus => library.databaseStatus();

  let engineStatus: EngineStatus = { state: 'probing' };
  const engineReady = probeEngine(join(options.resourcesDir, 'graphs', 'engine-smoke.onnx')).then((status) => {
    engineStatus = status;
    events.emit('engine.statusChanged', status);
    return status;
  });

  const system = new SystemService(
    {
      appName: options.appName,
      appVersion: options.appVersion,
      hostKind: options.hostKind,
      electronVersion: options.electronVersion,
      dataDir: options.dataDir,
    },
    databaseStatus,
    () => engineStatus,
  );

  // Shipped models sit in resources/models; the user's own (e.g. exported by training) in the data
  // folder: the registry and the library area live in the LibrarySession, opened with the database.
  const router = createRouter(
    {
      'system.getInfo': () => system.getInfo(),
      'settings.get': () => library.settings.get(),
      'settings.update': (changes) => library.settings.update(changes),
      'encryption.status': () => library.encryptionStatus(),
      'encryption.unlock': ({ passphrase }) => library.unlock(passphrase),
      'encryption.enable': ({ passphrase }) => library.enable(passphrase),
      'encryption.changePassphrase': ({ current, next }) => library.changePassphrase(current, next),
      ...library.handlers(),
    },
    {
      onInternalError: (channel, error) => log(`ipc ${channel}: ${error instanceof Error ? error.stack : String(error)}`),
      onClientGone: (clientId) =>
        void library.clientGone(clientId).catch((error: unknown) => log(`closing what client ${clientId} held: ${String(error)}`)),
    },
  );

  return {
    router,
    events,
    engineReady,
    library,
    close: () => library.closeNow(),
    closeAsync: () => library.close(),
    shutdown: async () => {
      await library.close().catch((error: unknown) => log(`EmotionThinker: shutdown: ${describeError(error)}`));
      await quiesceOnnxRuntime();
    },
  };
}
