// MODEL_CARD.md for the default model (thin CLI over main/ml/recipe/model-card.ts): rewrites a trained
// folder's card from its report.json, its manifest and, when given, the evaluation's JSON:
//   npx tsx scripts/train/model-card.ts --model resources/models/default --eval FILE [--sft-eval FILE]
// (a folder with grpo-summary.json gets a stage-3 section; --sft-eval adds the SFT-vs-GRPO table; one
// with refresh-summary.json the section on its refresh, `npm run train:refresh`; one with
// weight-average.json the section on its weight-space average, `npm run train:average`)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeModelCard } from '../../main/ml/recipe/model-card';
import { WEIGHT_AVERAGE_FILE } from '../../main/ml/recipe/weight-average';

const { values } = parseArgs({ options: { model: { type: 'string' }, eval: { type: 'string' }, 'sft-eval': { type: 'string' } } });
if (!values.model) {
  console.error('usage: npx tsx scripts/train/model-card.ts --model DIR [--eval FILE] [--sft-eval FILE]');
  process.exit(2);
}
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const dir = path.resolve(values.model);
const summaryFile = path.join(dir, 'grpo-summary.json');
const grpo = existsSync(summaryFile)
  ? { summary: read(summaryFile), ...(values['sft-eval'] ? { sftEvaluation: read(values['sft-eval']) } : {}) }
  : undefined;
const refreshFile = path.join(dir, 'refresh-summary.json');
const averageFile = path.join(dir, WEIGHT_AVERAGE_FILE);
writeModelCard(path.join(dir, 'MODEL_CARD.md'), read(path.join(dir, 'report.json')), read(path.join(dir, 'manifest.json')), {
  ...(values.eval ? { evaluation: read(values.eval) } : {}),
  ...(grpo ? { grpo } : {}),
  ...(existsSync(refreshFile) ? { refresh: read(refreshFile) } : {}),
  ...(existsSync(averageFile) ? { average: read(averageFile) } : {}),
});
console.log(`wrote ${path.join(dir, 'MODEL_CARD.md')}`);
