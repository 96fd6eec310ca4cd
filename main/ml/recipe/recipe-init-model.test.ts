// The recipe's tokenizer step: trained by the kept library from the reasoning and the prompts, with
// every label and drill option one token the app's own tokenizer runtime reads; a corpus that cannot
// fill the vocabulary, or a graph exporter that fails, stops the step with its code.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RAVDESS_LABELS } from '../../../shared/types/model';
import { reasoningCorpus } from '../../../scripts/model/reasoning-corpus';
import { loadTokenizer } from '../models/tokenizer';
import { ROBUST_UTTERANCE_FIELDS } from './corpus-mix';
import { ALL_TASK_OPTIONS, taskTexts } from './prosody-tasks';
import { initialiseModel, RECIPE_VOCAB_SIZE, tokenizerCorpus } from './recipe-init-model';
import { trainTokenizerJson } from './train-tokenizer';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const stats = {
  fields: [...ROBUST_UTTERANCE_FIELDS],
  mean: ROBUST_UTTERANCE_FIELDS.map(() => 0),
  std: ROBUST_UTTERANCE_FIELDS.map(() => 1),
};

describe('the recipe’s tokenizer and initial model', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'recipe-init-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains on the reasoning of the originals, the first 2,000 copies, every drill prompt and the drill texts', () => {
    const copies = Array.from({ length: 2500 }, (_, i) => `copy trace ${i}`);
    const lines = tokenizerCorpus(['trace a', 'trace b'], copies, ['measured: pitch low']);
    const drillTexts = taskTexts();
    expect(lines.slice(0, 2)).toEqual(['trace a', 'trace b']);
    expect(lines).toContain('copy trace 1999');
    expect(lines).not.toContain('copy trace 2000');
    expect(lines).toContain('measured: pitch low which emotion?');
    expect(lines).toHaveLength(2 + 2000 + 1 + 40 * drillTexts.length);
  });

  it('makes a tokenizer.json the app reads, with labels and drill options as single tokens', () => {
    const file = path.join(dir, 'tokenizer.json');
    const labels = [...RAVDESS_LABELS, ...ALL_TASK_OPTIONS];
    writeFileSync(
      file,
      JSON.stringify(trainTokenizerJson({ corpusLines: tokenizerCorpus(reasoningCorpus(1500), [], []), vocabSize: 768, labels })),
    );
    const tokenizer = loadTokenizer(file);
    expect(tokenizer.vocabSize).toBe(768);
    for (const label of labels) expect(tokenizer.encode(`<answer>${label}</answer>`)).toHaveLength(3);
    expect(tokenizer.decode(tokenizer.encode('<think>The pitch is high.</think><answer>angry</answer>'), true)).toBe(
      'The pitch is high.angry',
    );
  });

  it('stops with corpus_too_small before exporting when the corpus cannot fill the vocabulary', () => {
    const initDir = path.join(dir, 'too-small');
    expect(() =>
      initialiseModel({
        initDir,
        corpusLines: ['a short corpus'],
        stats,
        tokens: 288,
        frames: 480,
        seed: 1,
        python: '/usr/bin/python3',
        graphExporter: path.join(ROOT, 'scripts/train/export_default.py'),
        cwd: ROOT,
      }),
    ).toThrow(expect.objectContaining({ code: 'corpus_too_small', message: expect.stringContaining(`asks for ${RECIPE_VOCAB_SIZE}`) }));
    expect(existsSync(path.join(initDir, 'tokenizer.json'))).toBe(false);
  });

  it('names the graph exporter that failed, after writing the 1,024-token tokenizer', () => {
    const initDir = path.join(dir, 'no-exporter');
    // Prose from the project's own documents gives the BPE more than enough distinct merges.
    const prose = ['README.md', '../shared/DESIGN.md', '../shared/STYLE.md']
      .map((f) => path.join(ROOT, f))
      .filter((f) => existsSync(f))
      .flatMap((f) => readFileSync(f, 'utf8').split('\n'));
    const logged: string[] = [];
    const missing = path.join(dir, 'no-such-exporter.py');
    expect(() =>
      initialiseModel({
        initDir,
        corpusLines: [...prose, ...tokenizerCorpus(reasoningCorpus(500), [], [])],
        stats,
        tokens: 288,
        frames: 480,
        seed: 1,
        python: '/usr/bin/python3',
        graphExporter: missing,
        cwd: ROOT,
        log: (m) => logged.push(m),
      }),
    ).toThrow(expect.objectContaining({ code: 'step_failed', message: expect.stringContaining(missing) }));
    expect(loadTokenizer(path.join(initDir, 'tokenizer.json')).vocabSize).toBe(RECIPE_VOCAB_SIZE);
    expect(logged[0]).toBe('tokenizer trained; exporting graphs (small preset)…');
    expect(logged.some((l) => l.includes('no-such-exporter.py'))).toBe(true);
  });
});
