// The open library behind the IPC router: its database, model registry and library-area services,
// which may not exist yet (a locked encrypted library, a database that can't be opened) and are
// replaced when the user unlocks the library or turns encryption on (issue 14). The router sees
// one fixed set of handlers that forward to whatever is open now.
import { join } from 'node:path';
import type { EncryptionStatus } from '../../shared/ipc/contracts/encryption';
import { requestContract, type RequestChannel } from '../../shared/ipc/contract';
import type { DatabaseStatus } from '../../shared/types/system';
import { AppError } from '../../shared/errors/app-error';
import type { EventBus } from '../ipc/event-bus';
import type { Handlers } from '../ipc/router';
import { ModelRegistry } from '../installed-models/model-registry';
import { KeyStoreError, libraryKeyCustody, rewrapLibraryKey, type KeyUnlock, type SafeStorageLike } from '../security/key-store';
import { LibraryFiles } from '../security/library-files';
import { enableLibraryEncryption, unlockLibrary } from '../security/library-lock';
import { openDatabase, type AppDatabase } from '../store/database';
import { LATEST_SCHEMA_VERSION } from '../store/migrations';
import { ModelPreferencesRepository } from '../store/model-preferences-repository';
import { SettingsRepository } from '../store/settings-repository';
import { composeLibraryArea, type LibraryArea } from './compose-library-area';
import type { PdfPrinter } from '../reports/pdf-printer';

/** Channels that work without an open library. */
const ALWAYS_OPEN = (channel: RequestChannel) =>
  channel.startsWith('system.') || channel.startsWith('settings.') || channel.startsWith('encryption.');
export type LibraryHandlers = Omit<
  Handlers,
  | 'system.getInfo'
  | 'settings.get'
  | 'settings.update'
  | 'encryption.status'
  | 'encryption.unlock'
  | 'encryption.enable'
  | 'encryption.changePassphrase'
>;

export interface LibrarySessionOptions {
  dataDir: string;
  databaseFile: string;
  resourcesDir: string;
  events: EventBus;
  log: (line: string) => void;
  /** Electron's safeStorage where there is one; the browser host has none and uses passphrases. */
  keychain?: SafeStorageLike;
  /** The shell's report printer; none: the PDF export answers pdf_unavailable. */
  pdf?: PdfPrinter;
}

interface OpenLibrary {
  database: AppDatabase;
  settings: SettingsRepository;
  area: LibraryArea;
}

export class LibrarySession {
  private open: OpenLibrary | null = null;
  private problem = '';
  /** One unlock or migration at a time. */
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LibrarySessionOptions) {
    const custody = libraryKeyCustody(options.dataDir);
    if (custody === null) this.openWith(null, () => openDatabase(options.databaseFile));
    else this.problem = 'The library is encrypted and locked: unlock it first.';
    // The OS keychain unlocks without asking the user (Electron); a passphrase waits for encryption.unlock.
    if (custody === 'os-keychain' && this.keychainAvailable()) {
      this.ready = this.unlock(undefined).then(
        () => undefined,
        (error: unknown) => options.log(`encryption: the keychain did not unlock the library: ${(error as Error).message}`),
      );
    }
  }

  /** Resolves once a keychain unlock started at construction has finished (or at once). */
  ready: Promise<void> = Promise.resolve();

  get settings(): SettingsRepository {
    if (!this.open) throw new AppError('unavailable', `The database is not available: ${this.problem}`);
    return this.open.settings;
  }

  databaseStatus(): DatabaseStatus {
    return (
      this.open?.database.status() ?? {
        path: this.options.databaseFile,
        ok: false,
        schemaVersion: 0,
        latestSchemaVersion: LATEST_SCHEMA_VERSION,
        journalMode: 'unknown',
        sizeBytes: 0,
        message: this.problem,
      }
    );
  }

  encryptionStatus(): EncryptionStatus {
    const custody = libraryKeyCustody(this.options.dataDir);
    return {
      encrypted: custody !== null,
      locked: custody !== null && this.open === null,
      custody,
      keychainAvailable: this.keychainAvailable(),
    };
  }

  unlock(passphrase: string | undefined): Promise<EncryptionStatus> {
    return this.exclusive(async () => {
      if (this.open) return this.encryptionStatus();
      const unlocked = await keyed(() => unlockLibrary(this.options.dataDir, this.options.databaseFile, this.unlockWith(passphrase)));
      const { plaintextInProgress, recordingsSealed, uploadsRemoved } = unlocked.migration;
      if (recordingsSealed + uploadsRemoved > 0)
        this.options.log(`encryption: ${recordingsSealed} interrupted recording(s) sealed, ${uploadsRemoved} unfinished upload(s) removed`);
      if (plaintextInProgress.length > 0)
        this.options.log(
          `encryption: ${plaintextInProgress.length} file(s) in partial/ could not be read as recordings and stay as they are`,
        );
      this.openWith(unlocked.files, () => unlocked.database);
      return this.encryptionStatus();
    });
  }

  enable(passphrase: string | undefined): Promise<EncryptionStatus & { filesEncrypted: number }> {
    return this.exclusive(async () => {
      if (libraryKeyCustody(this.options.dataDir) !== null) throw new AppError('already_encrypted', 'This library is already encrypted.');
      const unlock = this.unlockWith(passphrase);
      // Everything that holds the database or a file open is closed for the migration.
      await this.closeOpen();
      let report;
      try {
        report = await keyed(() => enableLibraryEncryption(this.options.dataDir, this.options.databaseFile, unlock));
      } catch (error) {
        // Refused before a key existed (a short passphrase): the library reopens as it was. With a
        // key written, the library stays locked and unlocking it finishes the migration.
        if (libraryKeyCustody(this.options.dataDir) === null) this.openWith(null, () => openDatabase(this.options.databaseFile));
        else this.problem = `Encrypting the library stopped part-way (${(error as Error).message}); unlock it to finish.`;
        throw error;
      }
      const unlocked = await keyed(() => unlockLibrary(this.options.dataDir, this.options.databaseFile, unlock));
      this.openWith(unlocked.files, () => unlocked.database);
      return { ...this.encryptionStatus(), filesEncrypted: report.filesEncrypted };
    });
  }

  /**
   * Keeps the library's key under a new passphrase (`next`; the OS keychain when absent), after
   * checking the current one (`current`; the keychain when absent). The library stays open: its
   * key does not change, only the way it is kept. A wrong current passphrase changes nothing.
   */
  changePassphrase(current: string | undefined, next: string | undefined): Promise<EncryptionStatus> {
    return this.exclusive(async () => {
      if (libraryKeyCustody(this.options.dataDir) === null) throw new AppError('not_encrypted', 'This library is not encrypted.');
      await keyed(() => rewrapLibraryKey(this.options.dataDir, this.unlockWith(current), this.unlockWith(next)));
      this.options.log(
        `encryption: the library key is now kept ${next === undefined ? 'in the system keychain' : 'with a new passphrase'}`,
      );
      return this.encryptionStatus();
    });
  }

  /** The library-area handlers, each forwarding to the open library or answering 'unavailable'. */
  handlers(): LibraryHandlers {
    const channels = (Object.keys(requestContract) as RequestChannel[]).filter((channel) => !ALWAYS_OPEN(channel));
    const forward = (channel: RequestChannel) => (payload: unknown, caller: unknown) => {
      const handlers = this.open?.area.handlers as Record<string, (payload: unknown, caller: unknown) => unknown> | undefined;
      if (!handlers) throw new AppError('unavailable', `The database is not available: ${this.problem}`);
      return handlers[channel]!(payload, caller);
    };
    return Object.fromEntries(channels.map((channel) => [channel, forward(channel)])) as unknown as LibraryHandlers;
  }

  clientGone(clientId: string): Promise<void> {
    return this.open?.area.clientGone(clientId) ?? Promise.resolve();
  }

  async close(): Promise<void> {
    await this.closeOpen();
  }

  /** Closes the database at once; the library area finishes closing in the background (app exit). */
  closeNow(): void {
    const open = this.open;
    this.open = null;
    if (!open) return;
    void open.area.close();
    open.database.close();
  }

  private openWith(files: LibraryFiles | null, openIt: () => AppDatabase): void {
    let database: AppDatabase;
    try {
      database = openIt();
    } catch (error) {
      this.problem = (error as Error).message;
      this.options.log(`database: ${this.problem}`);
      return;
    }
    const { dataDir, resourcesDir, events, log } = this.options;
    const models = new ModelRegistry({
      shippedDir: join(resourcesDir, 'models'),
      userDir: join(dataDir, 'models'),
      preferences: new ModelPreferencesRepository(database.db),
      log,
    });
    const area = composeLibraryArea(database.db, dataDir, models, events, log, files ?? undefined, this.options.pdf);
    this.open = { database, settings: new SettingsRepository(database.db), area };
    this.problem = '';
  }

  private async closeOpen(): Promise<void> {
    const open = this.open;
    this.open = null;
    this.problem = 'The library is closed.';
    if (!open) return;
    await open.area.close();
    open.database.close();
  }

  private keychainAvailable(): boolean {
    const keychain = this.options.keychain;
    return !!keychain && keychain.isEncryptionAvailable() && keychain.getSelectedStorageBackend?.() !== 'basic_text';
  }

  private unlockWith(passphrase: string | undefined): KeyUnlock {
    if (passphrase !== undefined) return { kind: 'passphrase', passphrase };
    if (this.options.keychain) return { kind: 'os-keychain', safeStorage: this.options.keychain };
    throw new AppError('invalid_payload', 'This host has no system keychain: give a passphrase.');
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.busy.then(work);
    this.busy = run.catch(() => undefined);
    return run;
  }
}

/** Key-store failures keep their codes (wrong_passphrase, weak_passphrase, …) across IPC. */
async function keyed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw error instanceof KeyStoreError ? new AppError(error.code, error.message) : error;
  }
}
