// Trains a byte-level BPE tokenizer.json (Hugging Face tokenizers) for a model folder: the recipe's
// tokenizer step (train-default-model.ts) and `npm run export:graphs` (scripts/model/train-tokenizer.ts).
//
// The kept library (`tokenizers`, HF's Rust core, a runtime dependency because the app's recipe runs
// it) learns the merges; its Node binding cannot set a vocabulary size, so we keep the first merges
// it learned. BPE training is greedy, so the first K merges of a long run are exactly what a run
// stopped at K merges would produce. We then number the vocabulary ourselves: special tokens, then
// all 256 byte symbols (so any text encodes), then merges.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BPE, Tokenizer, byteLevelAlphabet, byteLevelPreTokenizer } from 'tokenizers';
import { SPECIAL_TOKENS } from '../../../shared/types/model';
import { RecipeError } from './recipe-error';

/** Reference EmotionThinker labels beyond RAVDESS's, so other label sets still get one token each. */
export const EXTRA_LABELS = ['contempt', 'confused', 'whisper', 'surprise', 'fear'];

export interface TrainTokenizerOptions {
  corpusLines: string[];
  vocabSize: number;
  labels: string[];
}

export function trainTokenizerJson({ corpusLines, vocabSize, labels }: TrainTokenizerOptions): object {
  const dir = mkdtempSync(path.join(tmpdir(), 'tokenizer-'));
  try {
    const corpusFile = path.join(dir, 'corpus.txt');
    // Strip the markup tokens: they are added tokens, not BPE material.
    const markup = new RegExp(
      Object.values(SPECIAL_TOKENS)
        .map((t) => t.replace(/[/<>]/g, '\\$&'))
        .join('|'),
      'g',
    );
    writeFileSync(corpusFile, corpusLines.map((line) => line.replace(markup, ' ')).join('\n'));
    const trainer = new Tokenizer(BPE.empty());
    trainer.setPreTokenizer(byteLevelPreTokenizer(false, true));
    trainer.train([corpusFile]);
    const trained = path.join(dir, 'trained.json');
    trainer.save(trained);
    const learned = JSON.parse(readFileSync(trained, 'utf8')) as { model: { merges: [string, string][] } };
    return assemble(learned.model.merges, vocabSize, labels);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function assemble(merges: [string, string][], vocabSize: number, labels: string[]): object {
  const added = [...Object.values(SPECIAL_TOKENS), ...labels];
  const vocab: Record<string, number> = {};
  const add = (token: string) => {
    if (!(token in vocab)) vocab[token] = Object.keys(vocab).length;
  };
  added.forEach(add);
  [...byteLevelAlphabet()].sort().forEach(add);
  const kept: [string, string][] = [];
  for (const [a, b] of merges) {
    if (Object.keys(vocab).length >= vocabSize) break;
    if (!(a in vocab) || !(b in vocab)) continue; // cannot happen for a merge prefix; guard anyway
    kept.push([a, b]);
    add(a + b);
  }
  const size = Object.keys(vocab).length;
  if (size !== vocabSize) {
    throw new RecipeError('corpus_too_small', `corpus too small: only ${size} tokens learned, the model config asks for ${vocabSize}`);
  }
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added.map((content) => ({
      id: vocab[content],
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      // Labels decode as text (special: false) so an answer reads "<answer>sad</answer>".
      special: !labels.includes(content),
    })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges: kept,
    },
  };
}
