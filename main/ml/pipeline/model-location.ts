// Where models live and which one the pipeline uses when the caller names none: the trained default
// model in resources/models/default (issue 6), never silently the untrained test model.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from './pipeline-error';

/** resources/models of this checkout. */
export const MODELS_ROOT = path.resolve(import.meta.dirname, '../../../resources/models');

/** Folder name of the model used when none is named. */
export const DEFAULT_MODEL_NAME = 'default';

/** Model folders (those with a manifest.json) under `root`, by name. */
export function listModelFolders(root: string = MODELS_ROOT): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => {
      const dir = path.join(root, name);
      return statSync(dir).isDirectory() && existsSync(path.join(dir, 'manifest.json'));
    })
    .sort();
}

/**
 * `requested` resolved to an absolute folder, or the default model's folder. Throws
 * PipelineError('no_model') naming the folders that do exist when the default is missing.
 */
export function resolveModelDir(requested?: string, root: string = MODELS_ROOT): string {
  if (requested !== undefined) return path.resolve(requested);
  const dir = path.join(root, DEFAULT_MODEL_NAME);
  if (existsSync(path.join(dir, 'manifest.json'))) return dir;
  const available = listModelFolders(root);
  const list = available.length ? available.map((name) => path.join(root, name)).join(', ') : 'none';
  throw new PipelineError(
    'no_model',
    `The default model ${dir} is not installed (train it with npm run train:default). Models present: ${list}. Pass one with --model DIR.`,
  );
}
