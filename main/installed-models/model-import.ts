// Bringing a model folder in from elsewhere (a folder or a .zip) and sending one out. An import is
// checked in full before the registry sees it — the manifest's schema and layout (openModelFolder),
// the tokenizer against the manifest, every graph it names opened by ONNX Runtime with exactly the
// inputs and outputs the manifest lists — in a staging folder, so a broken or hostile model never
// appears in the list half-copied. A failure is an AppError whose code names the broken part
// (file_missing, weights_size_mismatch, tokenizer_invalid, graph_invalid, zip_unsafe, …).
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { extname, isAbsolute, join, sep } from 'node:path';
import { createSession } from '../ml/backends/onnx';
import { ModelFolderError, openModelFolder, type ModelFolder } from '../ml/models/model-folder';
import { loadFolderTokenizer } from '../ml/models/tokenizer';
import { AppError } from '../../shared/errors/app-error';
import { extractZip, writeFolderZip, type ZipLimits } from './model-archive';

/** Files a model folder may carry besides those its manifest names (cards, licences, reports). */
const MAX_FOLDER_FILES = 64;
/** Where imports are unpacked and checked before they join the user's models (skipped by the registry's scan). */
export const STAGING_DIR = '.importing';

/** Opens a model folder and checks everything an analysis or a training job will load; throws AppError. */
export async function validateModelFolder(dir: string): Promise<ModelFolder> {
  let folder: ModelFolder;
  try {
    folder = openModelFolder(dir);
    loadFolderTokenizer(folder);
  } catch (error) {
    if (error instanceof ModelFolderError) throw new AppError(error.code, error.message);
    throw error;
  }
  const { encoder, decoder, trainSft, trainGrpo, logprobs } = folder.manifest.graphs;
  for (const [role, graph] of Object.entries({ encoder, decoder, trainSft, trainGrpo, logprobs })) {
    if (!graph) continue;
    let names: { inputs: readonly string[]; outputs: readonly string[] };
    try {
      // No optimisation: only the graph's interface is read, and the training graphs are large.
      const session = await createSession(folder.file(graph.file), { intraOpNumThreads: 1, graphOptimizationLevel: 'disabled' });
      names = { inputs: session.inputNames, outputs: session.outputNames };
      await session.release();
    } catch (error) {
      throw new AppError(
        'graph_invalid',
        `${graph.file} (the ${role} graph) is not a loadable ONNX model: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    const missing = [...graph.inputs.filter((n) => !names.inputs.includes(n)), ...graph.outputs.filter((n) => !names.outputs.includes(n))];
    const extra = names.inputs.filter((n) => !graph.inputs.includes(n));
    if (missing.length || extra.length) {
      throw new AppError(
        'graph_io_mismatch',
        `${graph.file} (the ${role} graph) does not have the inputs and outputs the manifest names${missing.length ? `; missing ${missing.slice(0, 3).join(', ')}` : ''}${extra.length ? `; unexpected input ${extra.slice(0, 3).join(', ')}` : ''}`,
      );
    }
  }
  return folder;
}

export interface ImportedModel {
  folderName: string;
  folder: ModelFolder;
}

/**
 * Copies (folder) or unpacks (.zip) `source` into `userDir` under a free folder name derived from the
 * manifest id, after validating it fully. The model may sit at the source's top level or in its one
 * sub-folder (how zips of a folder usually look).
 */
export interface ImportOptions {
  limits?: ZipLimits;
  /** The source is a zip whatever its name (an upload's .part file). */
  zip?: boolean;
  /** What messages call the source (an upload's file name rather than its .part path). */
  shownAs?: string;
}

export async function importModel(source: string, userDir: string, options: ImportOptions = {}): Promise<ImportedModel> {
  if (!isAbsolute(source))
    throw new AppError('invalid_payload', `Give the full path of the model folder or .zip; "${source}" is relative.`);
  if (!existsSync(source)) throw new AppError('not_found', `${source} does not exist.`);
  const shownAs = options.shownAs ?? source;
  const staging = join(userDir, STAGING_DIR, randomUUID());
  mkdirSync(staging, { recursive: true });
  try {
    const info = lstatSync(source);
    if (info.isDirectory()) copyModelFiles(source, staging);
    else if (info.isFile() && (options.zip || extname(source).toLowerCase() === '.zip')) {
      await extractZip(source, staging, options.limits).catch((error: unknown) => {
        throw error instanceof AppError ? new AppError(error.code, error.message.replaceAll(source, shownAs)) : error;
      });
    } else throw new AppError('invalid_payload', `${source} is neither a model folder nor a .zip file.`);
    const root = modelRoot(staging);
    const folder = await validateModelFolder(root).catch((error: unknown) => {
      // Name the user's folder or zip in the message, not the staging copy it was checked in.
      if (!(error instanceof AppError)) throw error;
      const shown = info.isDirectory() ? `${shownAs}${sep}` : `${shownAs} › `;
      throw new AppError(error.code, error.message.replaceAll(`${root}${sep}`, shown).replaceAll(root, shownAs));
    });
    const folderName = freeFolderName(userDir, folder.manifest.id);
    renameSync(root, join(userDir, folderName));
    return { folderName, folder: openModelFolder(join(userDir, folderName)) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Writes a copy of the model folder `dir` to `destination` as a folder or a .zip; returns its path. */
export async function exportModel(dir: string, folderName: string, destination: string, format: 'folder' | 'zip'): Promise<string> {
  if (!isAbsolute(destination))
    throw new AppError('invalid_payload', `Give the full path of the folder to export to; "${destination}" is relative.`);
  mkdirSync(destination, { recursive: true });
  if (format === 'zip') {
    const target = freePath(destination, folderName, '.zip');
    await writeFolderZip(dir, target, folderName);
    return target;
  }
  const target = freePath(destination, folderName, '');
  mkdirSync(target);
  copyModelFiles(dir, target);
  return target;
}

/** Copies the plain files of a model folder; links and sub-folders are refused, not followed. */
function copyModelFiles(from: string, to: string): void {
  const names = readdirSync(from);
  if (names.length > MAX_FOLDER_FILES)
    throw new AppError(
      'invalid_payload',
      `${from} holds ${names.length} entries; a model folder has a few, so more than ${MAX_FOLDER_FILES} is refused.`,
    );
  for (const name of names) {
    const info = lstatSync(join(from, name));
    if (info.isSymbolicLink())
      throw new AppError(
        'folder_unsafe',
        `${join(from, name)} is a symbolic link; model folders with links are refused (they could point anywhere).`,
      );
    if (info.isFile()) copyFileSync(join(from, name), join(to, name));
  }
}

/** The folder holding manifest.json: the staging folder itself, or its only sub-folder. */
function modelRoot(staging: string): string {
  if (existsSync(join(staging, 'manifest.json'))) return staging;
  const entries = readdirSync(staging, { withFileTypes: true });
  const folders = entries.filter((e) => e.isDirectory());
  if (folders.length === 1 && entries.length === 1 && existsSync(join(staging, folders[0]!.name, 'manifest.json')))
    return join(staging, folders[0]!.name);
  throw new AppError(
    'manifest_missing',
    'No manifest.json at the top of the model (or inside its one folder): this is not a model folder.',
  );
}

/** `id` made a valid registry folder name, with -2, -3, … when taken. */
function freeFolderName(userDir: string, id: string): string {
  const base =
    id
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 100) || 'model';
  let name = base;
  for (let n = 2; existsSync(join(userDir, name)); n++) name = `${base}-${n}`;
  return name;
}

function freePath(dir: string, name: string, suffix: string): string {
  let path = join(dir, `${name}${suffix}`);
  for (let n = 2; existsSync(path); n++) path = join(dir, `${name}-${n}${suffix}`);
  return path;
}
