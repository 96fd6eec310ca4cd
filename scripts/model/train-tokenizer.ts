// Trains a byte-level BPE tokenizer.json for a model folder (thin CLI over main/ml/recipe/train-tokenizer.ts):
//   npx tsx scripts/model/train-tokenizer.ts --out resources/models/tiny/tokenizer.json --vocab 1024 \
//       [--corpus traces.txt]   (one reasoning trace per line; issue 5's corpus builder writes it)
// Without --corpus it trains on a generated corpus of realistic traces (scripts/model/reasoning-corpus.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RAVDESS_LABELS } from '../../shared/types/model';
import { EXTRA_LABELS, trainTokenizerJson } from '../../main/ml/recipe/train-tokenizer';
import { reasoningCorpus } from './reasoning-corpus';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    vocab: { type: 'string', default: '1024' },
    corpus: { type: 'string' },
    traces: { type: 'string', default: '4000' },
    labels: { type: 'string', default: [...RAVDESS_LABELS, ...EXTRA_LABELS].join(',') },
  },
});
if (!values.out) {
  console.error('usage: train-tokenizer.ts --out <tokenizer.json> [--vocab N] [--corpus FILE] [--traces N] [--labels a,b,…]');
  process.exit(2);
}
const corpusLines = values.corpus
  ? readFileSync(values.corpus, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
  : reasoningCorpus(Number(values.traces));
const json = trainTokenizerJson({ corpusLines, vocabSize: Number(values.vocab), labels: values.labels.split(',') });
writeFileSync(values.out, `${JSON.stringify(json)}\n`);
console.log(`wrote ${values.out} (${values.vocab} tokens from ${corpusLines.length} lines)`);
