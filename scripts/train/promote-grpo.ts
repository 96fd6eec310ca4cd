// Makes a GRPO-PTR run the app's default model (thin CLI over main/ml/recipe/promote-grpo.ts; the
// caller checks issue 12's rule with `npm run eval` first):
//   npx tsx scripts/train/promote-grpo.ts --job /tmp/et-grpo/full/job --version 2.2.0 [--out resources/models/default] [--eval FILE]
// --eval (npm run eval's JSON on the promoted weights) replaces the SFT run's sampled validation
// figures in the manifest's metrics with the full per-corpus ones, so the Models area shows this model's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { promoteGrpoRun, type PromoteOptions } from '../../main/ml/recipe/promote-grpo';
import { RecipeError } from '../../main/ml/recipe/recipe-error';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    job: { type: 'string' },
    version: { type: 'string' },
    eval: { type: 'string' },
    out: { type: 'string', default: path.join(ROOT, 'resources/models/default') },
  },
});
if (!values.job || !values.version) {
  console.error('usage: promote-grpo.ts --job DIR --version X.Y.Z [--out DIR] [--eval FILE]');
  process.exit(2);
}
try {
  const promoted = await promoteGrpoRun({
    jobDir: values.job,
    version: values.version,
    outDir: values.out!,
    ...(values.eval ? { evaluation: JSON.parse(readFileSync(values.eval, 'utf8')) as NonNullable<PromoteOptions['evaluation']> } : {}),
  });
  console.log(
    `promoted ${promoted.checkpointFile} (step ${promoted.step}) to ${promoted.outDir} v${values.version} (${promoted.parameters} parameters)`,
  );
} catch (error) {
  if (!(error instanceof RecipeError)) throw error;
  console.error(`promote-grpo: [${error.code}] ${error.message}`);
  process.exitCode = 2;
}
