// One shard of the recipe's augmented copies (train-default.ts runs two at once, one per core):
//   npx tsx scripts/train/augment-copies.ts --sources FILE.json --dir DIR --copies 2 --seed 31 --shard 0/2 --out FILE.jsonl
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { makeAugmentedCopies, writeCopies, type CopySource } from '../../main/ml/recipe/augmented-copies';

const { values } = parseArgs({
  options: {
    sources: { type: 'string' },
    dir: { type: 'string' },
    out: { type: 'string' },
    copies: { type: 'string', default: '2' },
    seed: { type: 'string', default: '31' },
    shard: { type: 'string', default: '0/1' },
  },
});
if (!values.sources || !values.dir || !values.out)
  throw new Error('usage: augment-copies --sources FILE.json --dir DIR --out FILE.jsonl [--copies N] [--seed S] [--shard i/n]');
const [index, count] = values.shard!.split('/').map(Number) as [number, number];
const sources = JSON.parse(readFileSync(values.sources, 'utf8')) as CopySource[];
const started = performance.now();
const copies = await makeAugmentedCopies(sources, {
  copies: Number(values.copies),
  dir: values.dir,
  seed: Number(values.seed),
  shard: [index, count],
  onProgress: (done, total, phase) => {
    if (done % 100 === 0 || done === total)
      console.log(
        `shard ${index}/${count}: ${phase === 'augment' ? `copies of ${done}/${total} clips made` : `${done}/${total} copies measured`} (${((performance.now() - started) / 60000).toFixed(1)} min)`,
      );
  },
});
writeCopies(values.out, copies);
console.log(`shard ${index}/${count}: ${copies.length} copies measured → ${values.out}`);
