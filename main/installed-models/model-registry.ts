// The model registry: every model folder the app can use — shipped (resources/models/*, read-only)
// and the user's own (<data folder>/models/*, e.g. exported by training) — validated with
// openModelFolder so a broken folder is listed with its error code instead of failing later, the
// active model (the user's choice, else the shipped default), and removal of user models with an
// undo window; import (folder or .zip, validated in full by model-import.ts), export and rename (a
// name kept as a preference, so a shipped folder is never edited). Test models (manifest testModel:
// true) are hidden unless the developer setting is on.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ModelDetails,
  ModelDocuments,
  ModelEntry,
  ModelExport,
  ModelKey,
  ModelListing,
  ModelOrigin,
} from '../../shared/types/model-registry';
import { isNonCommercialLicence } from '../../shared/types/model-registry';
import { AppError } from '../../shared/errors/app-error';
import { ModelFolderError, openModelFolder, type ModelFolder } from '../ml/models/model-folder';
import type { ModelPreferences } from '../store/model-preferences-repository';
import { exportModel, importModel, type ImportOptions } from './model-import';
import { describeError } from '../../shared/errors/coded-error';
import { UndoWindow } from '../system/undo-window';

/** Where the preferences live (the database in the app, a plain object in tests). */
export interface ModelPreferenceStore {
  get(): ModelPreferences;
  update(changes: Partial<ModelPreferences>): ModelPreferences;
}

/** A usable model: its registry entry and folder, ready for the analysis worker. */
export interface ActiveModel {
  key: ModelKey;
  dir: string;
  details: ModelDetails;
}

/** The worker's reference to a model: its folder and a stamp that changes when the folder's model does. */
export function modelRef(model: ActiveModel): { dir: string; stamp: string } {
  return { dir: model.dir, stamp: `${model.details.id}|${model.details.createdAt}|${model.details.weightsBytes}` };
}

export interface ModelRegistryOptions {
  shippedDir: string;
  userDir: string;
  preferences: ModelPreferenceStore;
  /** How long a removed user model can be restored (ms); the undo window of the Models area. */
  undoWindowMs?: number;
  /** Where exports go when no folder is given (<data folder>/exports). */
  exportsDir?: string;
  /** Where a purge that failed is reported (it is retried at the next start). */
  log?: (line: string) => void;
}

/** The longest name Rename accepts. */
export const MAX_DISPLAY_NAME = 120;

/** Folder names the registry accepts (they become part of the key); others are skipped. */
const FOLDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;
/** The shipped folder preferred as the default model (resources/models/default). */
const DEFAULT_FOLDER = 'default';
/** Removed user models wait here until the undo window closes. */
const REMOVED_DIR = '.removed';
/** Model zips uploaded from the page arrive here. */
const UPLOADS_DIR = '.uploads';
/** A model card or licence larger than this is cut (a card is prose, not data). */
const MAX_DOCUMENT_CHARS = 200_000;

export class ModelRegistry {
  private readonly shippedDir: string;
  private readonly userDir: string;
  private readonly preferences: ModelPreferenceStore;
  private readonly exportsDir: string;
  /** The app's one undo window (system/undo-window.ts), as for datasets and evaluations. */
  private readonly window: UndoWindow;
  private readonly removed = new Map<ModelKey, { trashPath: string; folderName: string }>();

  constructor(options: ModelRegistryOptions) {
    this.shippedDir = options.shippedDir;
    this.userDir = options.userDir;
    this.preferences = options.preferences;
    this.window = new UndoWindow(options.undoWindowMs ?? 30_000, options.log ?? (() => {}));
    this.exportsDir = options.exportsDir ?? join(this.userDir, '..', 'exports');
    mkdirSync(this.userDir, { recursive: true });
    // Removals whose undo window ended with the last run are final now.
    rmSync(join(this.userDir, REMOVED_DIR), { recursive: true, force: true });
  }

  /** resources/models: the shipped folders (the shipped reasoning reward models sit beside it, in resources/reward-models). */
  get shippedRoot(): string {
    return this.shippedDir;
  }

  /** Every folder, validated; test models only while the developer setting is on. */
  list(): ModelListing {
    const prefs = this.preferences.get();
    const all = this.scan();
    const visible = all.filter((entry) => prefs.showTestModels || !entry.details?.testModel);
    const active = this.resolveActive(all, prefs);
    return {
      models: visible,
      activeKey: active.model?.key ?? null,
      activeReason: active.reason,
      showTestModels: prefs.showTestModels,
      hiddenTestModels: all.length - visible.length,
    };
  }

  /** The model analyses use now, or null when none is usable. */
  active(): ActiveModel | null {
    return this.resolveActive(this.scan(), this.preferences.get()).model;
  }

  /** A usable model by key (for "re-run with another model"); not_found / conflict otherwise. */
  usable(key: ModelKey): ActiveModel {
    const entry = this.entry(key);
    if (!entry.details) throw new AppError('conflict', `Model ${key} cannot be used: ${entry.problem?.message ?? 'it did not open'}.`);
    if (entry.details.testModel && !this.preferences.get().showTestModels) {
      throw new AppError('conflict', `${entry.details.name} is a test model; turn on "Show test models" in the Models area to use it.`);
    }
    return { key, dir: entry.path, details: entry.details };
  }

  setActive(key: ModelKey | null): ModelListing {
    if (key !== null) this.usable(key);
    this.preferences.update({ activeModelKey: key });
    return this.list();
  }

  setShowTestModels(show: boolean): ModelListing {
    this.preferences.update({ showTestModels: show });
    return this.list();
  }

  /** The model card and licence texts, as plain text (the page escapes them). */
  documents(key: ModelKey): ModelDocuments {
    const entry = this.entry(key);
    return {
      key,
      modelCard: readDocument(entry.path, ['MODEL_CARD.md', 'README.md']),
      licenceText: readDocument(entry.path, ['LICENSE', 'LICENCE', 'LICENSE.md', 'LICENCE.md', 'LICENSE.txt']),
    };
  }

  /** Moves a user model out of the list; `restore` brings it back until the undo window closes. */
  remove(key: ModelKey): { undoWindowMs: number } {
    const entry = this.entry(key);
    if (entry.origin !== 'user') throw new AppError('conflict', `${entry.details?.name ?? key} ships with the app and cannot be removed.`);
    const trash = join(this.userDir, REMOVED_DIR);
    mkdirSync(trash, { recursive: true });
    const trashPath = join(trash, `${entry.folderName}-${Date.now()}`);
    renameSync(entry.path, trashPath);
    this.removed.set(key, { trashPath, folderName: entry.folderName });
    return this.window.open(key, () => this.purge(key));
  }

  restore(key: ModelKey): ModelListing {
    const removal = this.removed.get(key);
    if (!removal || !this.window.isOpen(key))
      throw new AppError(
        'not_found',
        `Model ${key} was not removed in the last ${Math.round(this.window.windowMs / 1000)} s, so it cannot be restored.`,
      );
    const target = join(this.userDir, removal.folderName);
    if (existsSync(target))
      throw new AppError('conflict', `A model folder named ${removal.folderName} exists again; the removed one was not restored.`);
    this.window.take(key);
    this.removed.delete(key);
    renameSync(removal.trashPath, target);
    return this.list();
  }

  /** Imports a model folder or .zip (absolute path) after validating it fully; returns the new entry's key. */
  async importFrom(source: string, options: ImportOptions = {}): Promise<{ key: ModelKey; listing: ModelListing }> {
    const { folderName } = await importModel(source, this.userDir, options);
    return { key: `user:${folderName}`, listing: this.list() };
  }

  /** Where uploaded model zips are written while they arrive (skipped by the scan). */
  uploadsDir(): string {
    const dir = join(this.userDir, UPLOADS_DIR);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Writes a copy of a usable model as a folder or .zip into `destination` (default the exports folder). */
  async exportTo(key: ModelKey, format: 'folder' | 'zip', destination?: string): Promise<ModelExport> {
    const entry = this.entry(key);
    if (!entry.details) throw new AppError('conflict', `Model ${key} does not open (${entry.problem?.code}), so it is not exported.`);
    const path = await exportModel(entry.path, entry.folderName, destination ?? this.exportsDir, format);
    return { path, format, bytes: format === 'zip' ? statSync(path).size : folderBytes(path) };
  }

  /** Gives a model the name the app shows (null: back to the manifest's); stored as a preference. */
  rename(key: ModelKey, name: string | null): ModelListing {
    this.entry(key);
    const displayNames = { ...this.preferences.get().displayNames };
    const trimmed = name?.trim() ?? '';
    if (trimmed.length > MAX_DISPLAY_NAME)
      throw new AppError('invalid_payload', `A model name has at most ${MAX_DISPLAY_NAME} characters.`);
    if (trimmed) displayNames[key] = trimmed;
    else delete displayNames[key];
    this.preferences.update({ displayNames });
    return this.list();
  }

  /** Ends every undo window now (app shutdown): removed models are deleted. */
  purgeRemoved(): void {
    this.window.purgeAll();
  }

  private purge(key: ModelKey): void {
    const removal = this.removed.get(key);
    if (!removal) return;
    this.removed.delete(key);
    rmSync(removal.trashPath, { recursive: true, force: true });
    // The key may name a different model one day (a new folder of the same name): its name goes too.
    const { displayNames } = this.preferences.get();
    if (displayNames[key] !== undefined) {
      const rest = { ...displayNames };
      delete rest[key];
      this.preferences.update({ displayNames: rest });
    }
  }

  private entry(key: ModelKey): ModelEntry {
    const found = this.scan().find((e) => e.key === key);
    if (!found) throw new AppError('not_found', `No model ${key} is installed.`);
    return found;
  }

  private scan(): ModelEntry[] {
    const { displayNames } = this.preferences.get();
    return [...scanFolder(this.shippedDir, 'shipped'), ...scanFolder(this.userDir, 'user')].map((entry) => {
      const name = displayNames[entry.key];
      return name && entry.details ? { ...entry, details: { ...entry.details, name, renamed: true } } : entry;
    });
  }

  private resolveActive(all: ModelEntry[], prefs: ModelPreferences): { model: ActiveModel | null; reason: string } {
    const usable = (e: ModelEntry): e is ModelEntry & { details: ModelDetails } =>
      e.details !== null && (prefs.showTestModels || !e.details.testModel);
    let note = '';
    if (prefs.activeModelKey) {
      const chosen = all.find((e) => e.key === prefs.activeModelKey);
      if (chosen && usable(chosen)) return { model: toActive(chosen), reason: 'Chosen in the Models area.' };
      note = !chosen
        ? `The chosen model ${prefs.activeModelKey} is no longer installed. `
        : chosen.details?.testModel
          ? `The chosen model ${chosen.details.name} is a test model and test models are hidden. `
          : `The chosen model ${prefs.activeModelKey} does not open (${chosen.problem?.code}). `;
    }
    // The default: the shipped "default" folder, else any shipped model that is not a test model.
    const shipped = all.filter((e) => e.origin === 'shipped' && usable(e) && !e.details!.testModel);
    const fallback = shipped.find((e) => e.folderName === DEFAULT_FOLDER) ?? shipped[0];
    if (fallback && usable(fallback)) return { model: toActive(fallback), reason: `${note}Using the shipped default model.` };
    return { model: null, reason: `${note}No emotion model is active: analyses measure prosody only.` };
  }
}

function toActive(entry: ModelEntry & { details: ModelDetails }): ActiveModel {
  return { key: entry.key, dir: entry.path, details: entry.details };
}

/** Every sub-folder of `dir` as a registry entry; a missing `dir` is an empty list. */
function scanFolder(dir: string, origin: ModelOrigin): ModelEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && FOLDER_NAME.test(d.name))
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  return names.map((folderName) => {
    const path = join(dir, folderName);
    const key: ModelKey = `${origin}:${folderName}`;
    try {
      return { key, origin, folderName, path, details: detailsOf(openModelFolder(path)), problem: null };
    } catch (error) {
      const code = error instanceof ModelFolderError ? error.code : 'unreadable';
      return { key, origin, folderName, path, details: null, problem: { code, message: describeError(error) } };
    }
  });
}

function detailsOf(folder: ModelFolder): ModelDetails {
  const m = folder.manifest;
  return {
    id: m.id,
    name: m.name,
    manifestName: m.name,
    renamed: false,
    version: m.version,
    description: m.description,
    testModel: m.testModel,
    labels: m.labels,
    parameterCount: m.weights.parameterCount,
    weightsBytes: m.weights.bytes,
    folderBytes: folderBytes(folder.dir),
    sizes: {
      dModel: m.config.d_model,
      heads: m.config.heads,
      encoderLayers: m.config.encoder_layers,
      decoderLayers: m.config.decoder_layers,
      vocab: m.config.vocab,
    },
    stages: m.stages,
    metrics: m.metrics,
    trainingData: m.trainingData,
    licence: m.licence,
    nonCommercial: isNonCommercialLicence(m.licence) || m.trainingData.some((d) => /ravdess/i.test(d.name)),
    createdAt: m.createdAt,
    trainable: m.graphs.trainSft !== undefined,
  };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const info = statSync(join(dir, name));
    if (info.isFile()) total += info.size;
  }
  return total;
}

function readDocument(dir: string, names: readonly string[]): string | null {
  for (const name of names) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    const text = readFileSync(path, 'utf8');
    return text.length > MAX_DOCUMENT_CHARS ? `${text.slice(0, MAX_DOCUMENT_CHARS)}\n…(cut at ${MAX_DOCUMENT_CHARS} characters)` : text;
  }
  return null;
}
