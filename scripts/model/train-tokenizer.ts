// Trains a byte-level BPE tokenizer.json (Hugging Face tokenizers) for a model folder.
//   npx tsx scripts/model/train-tokenizer.ts --out resources/models/tiny/tokenizer.json --vocab 1024 \
//       [--corpus traces.txt]   (one reasoning trace per line; issue 5's corpus builder writes it)
// Without --corpus it trains on a generated corpus of realistic traces (scripts/model/reasoning-corpus.ts).
//
// The kept library (`tokenizers`, HF's Rust core) learns the merges; its Node binding cannot set a
// vocabulary size, so we keep the first merges it learned. BPE training is greedy, so the first K
// merges of a long run are exactly what a run stopped at K merges would produce. We then number the
// vocabulary ourselves: special tokens, then all 256 byte symbols (so any text encodes), then merges.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BPE, Tokenizer, byteLevelAlphabet, byteLevelPreTokenizer } from 'tokenizers';
import { RAVDESS_LABELS, SPECIAL_TOKENS } from '../../shared/types/model';
import { reasoningCorpus } from './reasoning-corpus';

/** Reference EmotionThinker labels beyond RAVDESS's, so other label sets still get one token each. */
const EXTRA_LABELS = ['contempt', 'confused', 'whisper', 'surprise', 'fear'];

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
    const markup = new RegExp(Object.values(SPECIAL_TOKENS).map((t) => t.replace(/[/<>]/g, '\\$&')).join('|'), 'g');
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
    throw new Error(`corpus too small: only ${size} tokens learned, the model config asks for ${vocabSize}`);
  }
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added.map((content) => ({
      id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false,
      // Labels decode as text (special: false) so an answer reads "<answer>sad</answer>".
      special: !labels.includes(content),
    })),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges: kept,
    },
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      vocab: { type: 'string', default: '1024' },
      corpus: { type: 'string' },
      traces: { type: 'string', default: '4000' },
      labels: { type: 'string', default: [...RAVDESS_LABELS, ...EXTRA_LABELS].join(',') },
    },
  });
  if (!values.out) throw new Error('--out <tokenizer.json> is required');
  const corpusLines = values.corpus
    ? readFileSync(values.corpus, 'utf8').split('\n').filter((line) => line.trim() !== '')
    : reasoningCorpus(Number(values.traces));
  const json = trainTokenizerJson({ corpusLines, vocabSize: Number(values.vocab), labels: values.labels.split(',') });
  writeFileSync(values.out, `${JSON.stringify(json)}\n`);
  console.log(`wrote ${values.out} (${values.vocab} tokens from ${corpusLines.length} lines)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
