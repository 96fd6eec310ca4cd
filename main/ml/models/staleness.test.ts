// Fails when the committed tiny model's graphs were exported from older model source than what is in
// tools/model/ now: re-run `npm run export:graphs` and commit the result.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openModelFolder } from './model-folder';

const ROOT = path.resolve(import.meta.dirname, '../../..');
// Same list and recipe as tools/model/folder.py GRAPH_SOURCES / source_hash().
const GRAPH_SOURCES = ['config.py', 'export.py', 'folder.py', 'fx_export.py', 'inference_modules.py', 'model.py', 'train_steps.py'];

function modelSourceHash(): string {
  const hash = createHash('sha256');
  for (const name of GRAPH_SOURCES) {
    hash.update(`${name}\n`);
    hash.update(readFileSync(path.join(ROOT, 'tools/model', name)));
    hash.update('\n');
  }
  return hash.digest('hex');
}

describe('committed model graphs', () => {
  it('were exported from the current tools/model source (else run npm run export:graphs)', () => {
    const { manifest } = openModelFolder(path.join(ROOT, 'resources/models/tiny'));
    expect(manifest.sourceHash).toBe(modelSourceHash());
  });
});
