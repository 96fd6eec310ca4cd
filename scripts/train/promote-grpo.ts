// Makes a GRPO-PTR run the app's default model (issue 12's rule: only when it beats the SFT model on
// validation accuracy and on model-written verified claims — the caller checks, with `npm run eval`):
// re-exports the run's final checkpoint over resources/models/default as the next version, with the
// SFT folder's report, norms and input range carried forward and the run's summary beside them.
//   npx tsx scripts/train/promote-grpo.ts --job /tmp/et-grpo/full/job --version 2.2.0 [--out resources/models/default] [--eval FILE]
// --eval (npm run eval's JSON on the promoted weights) replaces the SFT run's sampled validation
// figures in the manifest's metrics with the full per-corpus ones, so the Models area shows this model's.
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listCheckpoints } from '../../main/ml/training/checkpoint-store';
import { exportTrainedModel } from '../../main/ml/training/export-model';
import { openModelFolder } from '../../main/ml/models/model-folder';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values } = parseArgs({ options: { job: { type: 'string' }, version: { type: 'string' }, eval: { type: 'string' }, out: { type: 'string', default: path.join(ROOT, 'resources/models/default') } } });
if (!values.job || !values.version) throw new Error('usage: promote-grpo.ts --job DIR --version X.Y.Z [--out DIR]');
const checkpoint = listCheckpoints(values.job)[0];
if (!checkpoint) throw new Error(`${values.job} holds no checkpoint`);
const out = path.resolve(values.out!);
const staging = `${out}.promote-${process.pid}`;
const exported = await exportTrainedModel({
  checkpointFile: checkpoint.file, outDir: staging, id: 'emotion-reasoner-default', version: values.version,
  name: 'EmotionReasoner default (RAVDESS + nEMO, GRPO-PTR, non-commercial)',
  description: 'Default app model: prosody-enhanced base (stage 1) + EmotionCoT SFT (stage 2) + GRPO-PTR (stage 3) on RAVDESS (English) and nEMO (Polish) training speakers, with channel-robust inputs and recording-condition augmentation. NON-COMMERCIAL USE ONLY (CC BY-NC-SA 4.0 training data). See MODEL_CARD.md.',
  licence: 'CC BY-NC-SA 4.0 (trained on RAVDESS and nEMO; non-commercial use only, share alike, with attribution)',
});
const summary = path.join(path.dirname(values.job), 'model', 'grpo-summary.json');
if (existsSync(summary)) copyFileSync(summary, path.join(staging, 'grpo-summary.json'));
const manifestFile = path.join(staging, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
delete manifest.parent;
if (values.eval) {
  type Corpus = { name: string; systems: { name: string; accuracy: number; unweightedAverageRecall: number }[] };
  const metrics = manifest.metrics as Record<string, number>;
  for (const c of (JSON.parse(readFileSync(values.eval, 'utf8')) as { corpora: Corpus[] }).corpora) {
    const model = c.systems.find((s) => s.name.startsWith('model') && !s.name.includes('cross-fitted'));
    if (!model) continue;
    metrics[`${c.name}ValidationAccuracyPct`] = Math.round(1000 * model.accuracy) / 10;
    metrics[`${c.name}ValidationUarPct`] = Math.round(1000 * model.unweightedAverageRecall) / 10;
  }
}
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
openModelFolder(staging); // the app's own folder check before it replaces the default
const previous = `${out}.previous-${process.pid}`;
if (existsSync(out)) renameSync(out, previous);
renameSync(staging, out);
rmSync(previous, { recursive: true, force: true });
console.log(`promoted ${checkpoint.file} (step ${checkpoint.step}) to ${out} v${values.version} (${exported.weightsBytes / 4} parameters)`);
