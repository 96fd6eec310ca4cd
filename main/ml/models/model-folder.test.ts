import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkParameterLayout, ModelFolderError, openModelFolder, parameterView, readWeights } from './model-folder';
import { loadFolderTokenizer } from './tokenizer';

const TINY = path.resolve(import.meta.dirname, '../../../resources/models/tiny');
const scratchDirs: string[] = [];

/** A copy of the tiny model folder that a test may break. */
function copyOfTiny(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'model-folder-'));
  scratchDirs.push(dir);
  for (const file of [
    'manifest.json',
    'weights.bin',
    'tokenizer.json',
    'encoder.onnx',
    'decoder.onnx',
    'train_sft.onnx',
    'train_grpo.onnx',
    'logprobs.onnx',
  ]) {
    try {
      copyFileSync(path.join(TINY, file), path.join(dir, file));
    } catch {
      // graphs a partial export did not write are simply absent
    }
  }
  return dir;
}

function editManifest(dir: string, edit: (manifest: Record<string, any>) => void): void {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  edit(manifest);
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

function errorCode(dir: string): string {
  try {
    openModelFolder(dir);
    return 'opened';
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFolderError);
    return (error as ModelFolderError).code;
  }
}

afterEach(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('model folders', () => {
  it('opens the committed tiny test model and says it is one', () => {
    const folder = openModelFolder(TINY);
    expect(folder.manifest.testModel).toBe(true);
    expect(folder.manifest.labels).toContain('neutral');
    expect(folder.manifest.weights.parameterCount).toBeGreaterThan(300_000);
  });

  it('reads weights.bin in manifest order, one view per parameter', () => {
    const folder = openModelFolder(TINY);
    const weights = readWeights(folder);
    expect(weights.length).toBe(folder.manifest.weights.parameterCount);
    const norm = parameterView(folder.manifest, weights, 'encoder_norm.weight');
    expect(Array.from(norm).every((x) => x === 1)).toBe(true); // layer-norm gains start at one
  });

  it('loads a tokenizer that encodes markup and labels as single tokens and round-trips text', () => {
    const folder = openModelFolder(TINY);
    const tokenizer = loadFolderTokenizer(folder);
    const ids = tokenizer.encode('<think>Pitch is high and rising.</think><answer>happy</answer>');
    const tokenIds = folder.manifest.tokenizer.tokenIds;
    expect(ids[0]).toBe(tokenIds.thinkOpen);
    expect(ids.slice(-3)).toEqual([tokenIds.answerOpen, tokenIds.labels.happy, tokenIds.answerClose]);
    expect(tokenizer.decode(ids)).toBe('<think>Pitch is high and rising.</think><answer>happy</answer>');
    expect(tokenizer.decode(tokenizer.encode('Ünïcode ✓ 240 Hz'))).toBe('Ünïcode ✓ 240 Hz');
  });

  it.each([
    ['folder_missing', (dir: string) => rmSync(dir, { recursive: true })],
    ['manifest_missing', (dir: string) => unlinkSync(path.join(dir, 'manifest.json'))],
    ['manifest_invalid', (dir: string) => writeFileSync(path.join(dir, 'manifest.json'), '{"id": ')],
    ['manifest_invalid', (dir: string) => editManifest(dir, (m) => delete m.labels)],
    ['file_missing', (dir: string) => unlinkSync(path.join(dir, 'decoder.onnx'))],
    ['weights_size_mismatch', (dir: string) => truncateSync(path.join(dir, 'weights.bin'), 1000)],
    ['parameter_layout_invalid', (dir: string) => editManifest(dir, (m) => (m.parameters[1].offset += 4))],
    ['tokenizer_invalid', (dir: string) => editManifest(dir, (m) => delete m.tokenizer.tokenIds.labels.sad)],
  ])('rejects a broken folder with code %s', (code, breakIt) => {
    const dir = copyOfTiny();
    breakIt(dir);
    expect(errorCode(dir)).toBe(code);
  });

  it('names the file and the problem in the message', () => {
    const dir = copyOfTiny();
    truncateSync(path.join(dir, 'weights.bin'), 1000);
    expect(() => openModelFolder(dir)).toThrow(/weights\.bin has 1000 bytes, the manifest expects \d+/);
  });
});

describe('the parameter layout of weights.bin', () => {
  /** A weights.bin of `bytes` bytes in a scratch folder. */
  const weightsOf = (bytes: number) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'layout-'));
    scratchDirs.push(dir);
    writeFileSync(path.join(dir, 'weights.bin'), Buffer.alloc(bytes));
    return path.join(dir, 'weights.bin');
  };
  const slot = (name: string, shape: number[], offset: number, length = shape.reduce((a, b) => a * b, 1) * 4) => ({
    name,
    shape,
    offset,
    length,
  });

  it('accepts parameters laid end to end that cover the file', () => {
    expect(() => checkParameterLayout([slot('a', [2, 3], 0), slot('b', [4], 24)], weightsOf(40))).not.toThrow();
  });

  it.each([
    ['a parameter listed twice', [slot('a', [2], 0), slot('a', [2], 8)], 16, /^parameter a: is listed twice$/],
    [
      'a length that is not its shape’s',
      [slot('a', [2, 3], 0, 20)],
      20,
      /^parameter a: length 20 bytes does not match shape \[2, 3\] \(24 bytes\)$/,
    ],
    [
      'a gap',
      [slot('a', [2], 0), slot('b', [2], 12)],
      20,
      /^parameter b: expected offset 8 \(where the parameter before it ends\), manifest says 12$/,
    ],
    [
      'a parameter past the end',
      [slot('a', [2], 0), slot('b', [4], 8)],
      16,
      /^parameter b: bytes 8\.\.24 lie outside weights\.bin \(16 bytes\)$/,
    ],
    ['bytes no parameter covers', [slot('a', [2], 0)], 12, /^parameters cover 8 bytes, weights\.bin has 12$/],
  ])('refuses %s, naming the parameter and the bytes', (_case, parameters, bytes, message) => {
    const check = () => checkParameterLayout(parameters, weightsOf(bytes));
    expect(check).toThrow(message);
    expect(check).toThrow(expect.objectContaining({ code: 'parameter_layout_invalid' }));
  });

  it('says when weights.bin is missing', () => {
    const missing = path.join(path.dirname(weightsOf(0)), 'absent.bin');
    expect(() => checkParameterLayout([], missing)).toThrow(
      expect.objectContaining({ code: 'file_missing', message: `${missing} is missing` }),
    );
  });
});
