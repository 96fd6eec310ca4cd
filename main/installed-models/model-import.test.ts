// Import, export and rename on real copies of the tiny model: a model comes in only when every part
// checks out, a broken one is refused naming the part, and hostile zips are refused before anything
// is written outside the staging folder.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelRegistry } from './model-registry';
import { extractZip } from './model-archive';
import { STAGING_DIR } from './model-import';
import { copyTinyModel, memoryPreferences } from './testing/model-copies';

let root: string;
let userDir: string;
let registry: ModelRegistry;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'et-import-'));
  userDir = join(root, 'data', 'models');
  registry = new ModelRegistry({
    shippedDir: join(root, 'shipped'),
    userDir,
    preferences: memoryPreferences({ showTestModels: true }),
    exportsDir: join(root, 'data', 'exports'),
  });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the tiny model outside the registry, to import. */
const source = (edit?: (m: Record<string, unknown>) => void) =>
  copyTinyModel(join(root, 'incoming', `m-${Math.random().toString(36).slice(2)}`), edit);

async function zipOf(files: Record<string, Buffer | string>, options: Record<string, { mode?: number }> = {}): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) zip.addBuffer(Buffer.from(data), name, options[name] ?? {});
  zip.end();
  const path = join(root, `z-${Math.random().toString(36).slice(2)}.zip`);
  await pipeline(zip.outputStream, createWriteStream(path));
  return path;
}

const errorOf = async (work: Promise<unknown>) =>
  work.then(
    () => null,
    (error: { code: string; message: string }) => error,
  );
const userFolders = () => readdirSync(userDir).filter((n) => !n.startsWith('.'));

describe('importing a model', () => {
  it('imports a valid folder under a name from its manifest id, listed and usable at once', async () => {
    const { key, listing } = await registry.importFrom(source());
    expect(key).toBe('user:emotion-reasoner-tiny');
    const entry = listing.models.find((m) => m.key === key)!;
    expect(entry.problem).toBeNull();
    expect(entry.details!.labels).toHaveLength(8);
    expect(registry.setActive(key).activeKey).toBe(key);
    // A second import of the same id gets its own folder.
    expect((await registry.importFrom(source())).key).toBe('user:emotion-reasoner-tiny-2');
    expect(existsSync(join(userDir, STAGING_DIR)) ? readdirSync(join(userDir, STAGING_DIR)) : []).toEqual([]);
  }, 30_000);

  it.each([
    ['a graph file the manifest names is missing', (dir: string) => rmSync(join(dir, 'decoder.onnx')), 'file_missing', /decoder\.onnx/],
    [
      'weights.bin is cut short',
      (dir: string) => truncateSync(join(dir, 'weights.bin'), 1000),
      'weights_size_mismatch',
      /weights\.bin has 1000 bytes/,
    ],
    [
      'the tokenizer is not JSON',
      (dir: string) => writeFileSync(join(dir, 'tokenizer.json'), '{ not json'),
      'tokenizer_invalid',
      /tokenizer\.json/,
    ],
    [
      'a graph is not ONNX',
      (dir: string) => writeFileSync(join(dir, 'encoder.onnx'), 'garbage bytes'),
      'graph_invalid',
      /encoder\.onnx \(the encoder graph\)/,
    ],
    [
      'the manifest breaks its schema',
      (dir: string) => {
        const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
        delete m.labels;
        writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
      },
      'manifest_invalid',
      /labels/,
    ],
    [
      'the parameter layout does not add up',
      (dir: string) => {
        const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
        m.parameters[1].offset += 4;
        writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
      },
      'parameter_layout_invalid',
      /parameter /,
    ],
    [
      'a graph lists other inputs than the manifest',
      (dir: string) => {
        const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
        m.graphs.encoder.inputs[0] = 'renamed_input';
        writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
      },
      'graph_io_mismatch',
      /encoder\.onnx.*renamed_input/,
    ],
  ])(
    'refuses a folder where %s, naming the part (%s)',
    async (_what, breakIt, code, message) => {
      const dir = source();
      breakIt(dir);
      const error = await errorOf(registry.importFrom(dir));
      expect(error).toMatchObject({ code });
      expect(error!.message).toMatch(message);
      // The message names the user's folder, not the staging copy.
      expect(error!.message).not.toContain(STAGING_DIR);
      expect(userFolders()).toEqual([]);
    },
    30_000,
  );

  it('refuses a folder holding a symbolic link', async () => {
    const dir = source();
    symlinkSync('/etc/passwd', join(dir, 'MODEL_CARD.md'));
    expect(await errorOf(registry.importFrom(dir))).toMatchObject({ code: 'folder_unsafe' });
  });

  it('refuses relative and missing paths with their own codes', async () => {
    expect(await errorOf(registry.importFrom('models/tiny'))).toMatchObject({ code: 'invalid_payload' });
    expect(await errorOf(registry.importFrom(join(root, 'nothing-here')))).toMatchObject({ code: 'not_found' });
  });
});

describe('export and re-import', () => {
  it('exports a zip into the exports folder that imports back as the same model, and a folder copy', async () => {
    const { key } = await registry.importFrom(
      source((m) => {
        m.id = 'lab-model';
      }),
    );
    const zip = await registry.exportTo(key, 'zip');
    expect(zip.path).toBe(join(root, 'data', 'exports', 'lab-model.zip'));
    expect(zip.bytes).toBeGreaterThan(1000);
    const again = await registry.importFrom(zip.path);
    expect(again.key).toBe('user:lab-model-2');
    const folder = await registry.exportTo(key, 'folder', join(root, 'elsewhere'));
    expect(folder.path).toBe(join(root, 'elsewhere', 'lab-model'));
    expect(readdirSync(folder.path)).toContain('weights.bin');
    // A second export does not overwrite the first.
    expect((await registry.exportTo(key, 'zip')).path).toBe(join(root, 'data', 'exports', 'lab-model-2.zip'));
  }, 30_000);

  it('imports a zip whose files sit at its top level', async () => {
    const dir = source();
    const files = Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n))]));
    expect((await registry.importFrom(await zipOf(files))).key).toBe('user:emotion-reasoner-tiny');
  }, 30_000);
});

describe('hostile zips', () => {
  it('refuses an entry that climbs out of the folder (../)', async () => {
    // yazl will not write "..", so the name is patched in the bytes: "aa/" → "../" (same length).
    const path = await zipOf({ 'aa/evil.txt': 'owned' });
    const bytes = readFileSync(path);
    writeFileSync(path, Buffer.from(bytes.toString('latin1').replaceAll('aa/evil.txt', '../evil.txt'), 'latin1'));
    const error = await errorOf(registry.importFrom(path));
    expect(error).toMatchObject({ code: 'zip_unsafe' });
    expect(existsSync(join(userDir, 'evil.txt'))).toBe(false);
    expect(existsSync(join(userDir, STAGING_DIR, 'evil.txt'))).toBe(false);
  });

  it('refuses a symbolic link entry', async () => {
    const path = await zipOf({ 'manifest.json': '/etc/passwd' }, { 'manifest.json': { mode: 0o120777 } });
    expect(await errorOf(registry.importFrom(path))).toMatchObject({ code: 'zip_unsafe', message: expect.stringMatching(/symbolic link/) });
  });

  it('stops a zip bomb at the size cap, counting inflated bytes', async () => {
    const path = await zipOf({ 'weights.bin': Buffer.alloc(20 * 1024 * 1024) });
    const target = join(root, 'bomb');
    mkdirSync(target);
    const error = await errorOf(extractZip(path, target, { maxTotalBytes: 1024 * 1024 }));
    expect(error).toMatchObject({ code: 'zip_unsafe', message: expect.stringMatching(/more than 1048576 bytes/) });
  });

  it('refuses a zip with too many entries, and garbage that is not a zip', async () => {
    const many = await zipOf(Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`f${i}.txt`, 'x'])));
    expect(await errorOf(registry.importFrom(many))).toMatchObject({ code: 'zip_unsafe', message: expect.stringMatching(/300 entries/) });
    const garbage = join(root, 'garbage.zip');
    writeFileSync(garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
    expect(await errorOf(registry.importFrom(garbage))).toMatchObject({ code: 'zip_unsafe' });
    expect(userFolders()).toEqual([]);
  });

  it('refuses a zip without a manifest', async () => {
    expect(await errorOf(registry.importFrom(await zipOf({ 'readme.txt': 'hello' })))).toMatchObject({ code: 'manifest_missing' });
  });
});

describe('renaming', () => {
  it('keeps the new name as a preference, leaves the manifest alone, and goes back on null', async () => {
    const { key } = await registry.importFrom(source());
    const renamed = registry.rename(key, '  My lab model ').models.find((m) => m.key === key)!;
    expect(renamed.details).toMatchObject({
      name: 'My lab model',
      renamed: true,
      manifestName: 'EmotionReasoner tiny (untrained test model)',
    });
    expect(JSON.parse(readFileSync(join(userDir, 'emotion-reasoner-tiny', 'manifest.json'), 'utf8')).name).toBe(
      'EmotionReasoner tiny (untrained test model)',
    );
    expect(registry.rename(key, null).models.find((m) => m.key === key)!.details).toMatchObject({
      renamed: false,
      name: 'EmotionReasoner tiny (untrained test model)',
    });
    expect(() => registry.rename('user:nope', 'x')).toThrow(/No model user:nope/);
  }, 30_000);
});
