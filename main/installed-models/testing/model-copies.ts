// Test helpers: real copies of the tiny model folder (optionally with an edited manifest) and an
// in-memory preference store, for registry, explanation and live-estimate tests.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ModelPreferences } from '../../store/model-preferences-repository';
import type { ModelPreferenceStore } from '../model-registry';

/** The untrained test model shipped in resources/models/tiny. */
export const TINY_MODEL_DIR = resolve(import.meta.dirname, '../../../resources/models/tiny');
const TINY_FILES = [
  'manifest.json',
  'weights.bin',
  'tokenizer.json',
  'encoder.onnx',
  'decoder.onnx',
  'train_sft.onnx',
  'train_grpo.onnx',
  'logprobs.onnx',
];

/** Copies the tiny model to `to`, then lets `edit` change its manifest. */
export function copyTinyModel(to: string, edit?: (manifest: Record<string, unknown>) => void): string {
  mkdirSync(to, { recursive: true });
  for (const file of TINY_FILES) copyFileSync(join(TINY_MODEL_DIR, file), join(to, file));
  if (edit) {
    const manifest = JSON.parse(readFileSync(join(to, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    edit(manifest);
    writeFileSync(join(to, 'manifest.json'), JSON.stringify(manifest));
  }
  return to;
}

/** Model preferences kept in memory. */
export function memoryPreferences(initial: Partial<ModelPreferences> = {}): ModelPreferenceStore {
  let prefs: ModelPreferences = { activeModelKey: null, showTestModels: false, displayNames: {}, ...initial };
  return { get: () => prefs, update: (changes) => (prefs = { ...prefs, ...changes }) };
}
