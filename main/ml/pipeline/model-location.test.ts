import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listModelFolders, resolveModelDir } from './model-location';

const root = mkdtempSync(path.join(tmpdir(), 'models-root-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const addModel = (name: string) => {
  mkdirSync(path.join(root, name), { recursive: true });
  writeFileSync(path.join(root, name, 'manifest.json'), '{}');
};

describe('model location', () => {
  it('without a default model, the error names the models that exist and how to pick one', () => {
    addModel('tiny');
    mkdirSync(path.join(root, 'not-a-model'));
    expect(listModelFolders(root)).toEqual(['tiny']);
    expect(() => resolveModelDir(undefined, root)).toThrow(expect.objectContaining({ code: 'no_model' }));
    expect(() => resolveModelDir(undefined, root)).toThrow(new RegExp(`default is not installed.*${path.join(root, 'tiny')}.*--model DIR`));
  });

  it('uses resources/models/default once it exists, and an explicit folder as given', () => {
    addModel('default');
    expect(resolveModelDir(undefined, root)).toBe(path.join(root, 'default'));
    expect(resolveModelDir('relative/dir', root)).toBe(path.resolve('relative/dir'));
  });
});
