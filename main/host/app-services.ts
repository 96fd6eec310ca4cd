// Builds the main-process services once, for either shell (Electron or the browser host): both get
// the same router and event bus, and only attach a different transport in front of them.
import { join } from 'node:path';
import type { DatabaseStatus, EngineStatus } from '../../shared/types/system';
import { AppError } from '../ipc/app-error';
import { EventBus } from '../ipc/event-bus';
import { createRouter, type Handlers, type Router } from '../ipc/router';
import { requestContract, type RequestChannel } from '../../shared/ipc/contract';
import { openDatabase, type AppDatabase } from '../store/database';
import { LATEST_SCHEMA_VERSION } from '../store/migrations';
import { ModelPreferencesRepository } from '../store/model-preferences-repository';
import { SettingsRepository } from '../store/settings-repository';
import { ModelRegistry } from '../models/model-registry';
import { probeEngine } from '../system/engine-probe';
import { SystemService } from '../system/system-service';
import { createLibraryArea, type LibraryArea } from './handlers';
import { databasePath } from './paths';

export interface AppServicesOptions {
  appName: string;
  appVersion: string;
  hostKind: 'electron' | 'browser';
  electronVersion: string | null;
  dataDir: string;
  resourcesDir: string;
  log?: (line: string) => void;
}

export interface AppServices {
  router: Router;
  events: EventBus;
  /** Resolves when the engine smoke check has finished. */
  engineReady: Promise<EngineStatus>;
  /** Closes the database; `closeAsync` also finishes open recordings and stops the analysis worker. */
  close(): void;
  closeAsync(): Promise<void>;
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const log = options.log ?? ((line: string) => console.error(line));
  const events = new EventBus();
  const dbFile = databasePath(options.dataDir);

  // A database that cannot be opened must not stop the app (nor be replaced: the user's data is in
  // it); the System page shows what is wrong and features that need it answer 'unavailable'.
  let database: AppDatabase | null = null;
  let databaseError = '';
  try {
    database = openDatabase(dbFile);
  } catch (error) {
    databaseError = (error as Error).message;
    log(`database: ${databaseError}`);
  }
  const settings = database ? new SettingsRepository(database.db) : null;
  const requireSettings = (): SettingsRepository => {
    if (!settings) throw new AppError('unavailable', `The database is not available: ${databaseError}`);
    return settings;
  };
  const databaseStatus = (): DatabaseStatus =>
    database?.status() ?? {
      path: dbFile,
      ok: false,
      schemaVersion: 0,
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      journalMode: 'unknown',
      sizeBytes: 0,
      message: databaseError,
    };

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

  // Shipped models sit in resources/models; the user's own (e.g. exported by training) in the data folder.
  const models = database
    ? new ModelRegistry({ shippedDir: join(options.resourcesDir, 'models'), userDir: join(options.dataDir, 'models'), preferences: new ModelPreferencesRepository(database.db) })
    : null;
  const libraryArea: LibraryArea | null = database && models ? createLibraryArea(database.db, options.dataDir, models, events, log) : null;
  const router = createRouter(
    {
      'system.getInfo': () => system.getInfo(),
      'settings.get': () => requireSettings().get(),
      'settings.update': (changes) => requireSettings().update(changes),
      ...(libraryArea?.handlers ?? unavailableHandlers(`The database is not available: ${databaseError}`)),
    },
    { onInternalError: (channel, error) => log(`ipc ${channel}: ${error instanceof Error ? error.stack : String(error)}`) },
  );

  return {
    router,
    events,
    engineReady,
    close: () => {
      void libraryArea?.close();
      database?.close();
    },
    closeAsync: async () => {
      await libraryArea?.close();
      database?.close();
    },
  };
}

/** Every library-area channel answering 'unavailable' (when the database could not be opened). */
function unavailableHandlers(message: string): Omit<Handlers, 'system.getInfo' | 'settings.get' | 'settings.update'> {
  const refuse = () => {
    throw new AppError('unavailable', message);
  };
  const channels = (Object.keys(requestContract) as RequestChannel[]).filter((c) => !c.startsWith('system.') && !c.startsWith('settings.'));
  return Object.fromEntries(channels.map((channel) => [channel, refuse])) as unknown as Omit<Handlers, 'system.getInfo' | 'settings.get' | 'settings.update'>;
}
