// Writes a model folder's manifest.inputRange from a sample of its training clips and their augmented
// copies (train-default.ts does this itself; this CLI redoes it for a trained folder):
//   npx tsx scripts/train/input-range.ts --model resources/models/default --work /tmp/emotionthinker-train-default [--sample 600]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openModelFolder } from '../../main/ml/models/model-folder';
import { inputRangeSample, measureInputRange } from '../../main/ml/recipe/input-range';

const { values } = parseArgs({
  options: { model: { type: 'string' }, work: { type: 'string' }, sample: { type: 'string', default: '600' } },
});
if (!values.model || !values.work) throw new Error('usage: input-range --model DIR --work DIR [--sample N]');
const stage2 = readFileSync(path.join(values.work, 'stage2.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { audio: string }).audio);
const audio = [...new Set(stage2)];
const copies = audio.filter((a) => a.includes(`${path.sep}copies${path.sep}`));
const originals = audio.filter((a) => !copies.includes(a) && !a.includes(`${path.sep}pairs`));
const n = Number(values.sample);
const sample = inputRangeSample(originals, copies, n);
const folder = openModelFolder(path.resolve(values.model));
const range = await measureInputRange(folder, sample, (d, t) => {
  if (d % 100 === 0 || d === t) console.log(`input range: ${d}/${t} clips`);
});
const manifestFile = path.join(folder.dir, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, inputRange: range }, null, 1)}\n`);
openModelFolder(folder.dir); // the app's own check of the folder it just changed
console.log(
  `inputRange of ${sample.length} training clips (${Math.min(n, originals.length)} originals, ${Math.min(n, copies.length)} augmented copies):`,
  JSON.stringify(range),
);
