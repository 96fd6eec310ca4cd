// `npm run train:average`: weight-space average of a model and its own continuation (WiSE-FT; thin CLI
// over main/ml/recipe/weight-average.ts):
//   npx tsx scripts/train/average-weights.ts --tuned DIR [--anchor resources/models/default] [--alpha 0.5]
//       --out DIR [--version X.Y.Z] [--anchor-eval FILE] [--tuned-eval FILE] [--eval FILE]
// --eval (npm run eval's JSON on these averaged weights) puts its per-corpus figures in the manifest's
// metrics, as promote-grpo does; with --anchor-eval and --tuned-eval (the same command on the two
// sources) weight-average.json keeps the three side by side for the model card. The same command with
// --out resources/models/default makes the average the default (then
// `npx tsx scripts/train/model-card.ts --model resources/models/default --eval FILE`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluationMetrics, type PromoteOptions } from '../../main/ml/recipe/promote-grpo';
import { RecipeError } from '../../main/ml/recipe/recipe-error';
import { averageModelWeights, modelFigures, type WeightAverageSummary } from '../../main/ml/recipe/weight-average';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    anchor: { type: 'string', default: path.join(ROOT, 'resources/models/default') },
    tuned: { type: 'string' },
    alpha: { type: 'string', default: '0.5' },
    out: { type: 'string' },
    version: { type: 'string' },
    eval: { type: 'string' },
    'anchor-eval': { type: 'string' },
    'tuned-eval': { type: 'string' },
  },
});
if (!values.tuned || !values.out) {
  console.error(
    'usage: average-weights.ts --tuned DIR --out DIR [--anchor DIR] [--alpha 0.5] [--version X.Y.Z] [--anchor-eval FILE] [--tuned-eval FILE] [--eval FILE]',
  );
  process.exit(2);
}
try {
  const read = (file: string) =>
    JSON.parse(readFileSync(file, 'utf8')) as NonNullable<PromoteOptions['evaluation']> & Parameters<typeof modelFigures>[0];
  const tunedManifest = JSON.parse(readFileSync(path.join(values.tuned, 'manifest.json'), 'utf8')) as { metrics?: Record<string, number> };
  const evaluation = values.eval ? read(values.eval) : undefined;
  const compared: NonNullable<WeightAverageSummary['compared']> = {};
  if (values['anchor-eval']) compared.anchor = modelFigures(read(values['anchor-eval']));
  if (values['tuned-eval']) compared.tuned = modelFigures(read(values['tuned-eval']));
  if (evaluation) compared.average = modelFigures(evaluation);
  const { outDir, summary } = averageModelWeights({
    anchorDir: values.anchor!,
    tunedDir: values.tuned,
    alpha: Number(values.alpha),
    outDir: values.out,
    ...(Object.keys(compared).length ? { compared } : {}),
    manifestFields: {
      ...(values.version ? { version: values.version } : {}),
      ...(evaluation ? { metrics: { ...tunedManifest.metrics, ...evaluationMetrics(evaluation) } } : {}),
    },
  });
  console.log(
    `wrote ${outDir}: (1 − ${summary.alpha})·${summary.anchor.id}@${summary.anchor.version} + ${summary.alpha}·${summary.tuned.id}@${summary.tuned.version}, ${summary.parameters} parameters, rms difference ${summary.rmsDifference.toExponential(2)}`,
  );
} catch (error) {
  if (!(error instanceof RecipeError)) throw error;
  console.error(`train:average: [${error.code}] ${error.message}`);
  process.exitCode = 2;
}
