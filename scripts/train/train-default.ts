// `npm run train:default`: the app's default model, trained end to end on this machine.
//   EmotionCoT records (build or reuse) → tokenizer → graphs (small preset) → perception before →
//   stage 1 (prosody drills) → perception after → stage 2 (CoT SFT after the measured-cue prompt + emotion
//   and kept prosody drills) → validation
//   → resources/models/default/ (graphs, weights, tokenizer, manifest) + MODEL_CARD.md + report.json.
//
//   npx tsx scripts/train/train-default.ts [--data ../shared/data/ravdess] [--work /tmp/emotionthinker-train-default]
//       [--stage1-steps 700] [--stage2-steps 3600] [--stage1-deadline ISO] [--stage2-deadline ISO] [--out resources/models/default]
// Everything is resumable: finished phases are skipped, training jobs resume from their checkpoints.
// Then calibrate and document on the held-out actors (the shipped model was made this way):
//   npm run eval -- --data ../shared/data/ravdess --write-temperature --out /tmp/eval.json
//   npx tsx scripts/train/model-card.ts --model resources/models/default --eval /tmp/eval.json
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EmotionCotRecord } from '../../shared/types/dataset';
import { RAVDESS_LABELS } from '../../shared/types/model';
import { loadModel } from '../../main/ml/models/model-sessions';
import { openModelFolder } from '../../main/ml/models/model-folder';
import { cachedSpeechFeaturizer } from '../../main/ml/training/speech-dataset-wiring';
import { evaluateEmotion, evaluatePerception, type EmotionReport, type PerceptionReport } from '../../main/ml/recipe/evaluate';
import { ALL_TASK_OPTIONS, taskTexts } from '../../main/ml/recipe/prosody-tasks';
import { runStage } from '../../main/ml/recipe/run-stage';
import {
  buildCotRecords, buildTaskExamples, EMOTION_DRILL_QUESTION, emotionDrills, seededRandom, shuffle, taskRecord, writeJsonl, type TaskExample,
} from '../../main/ml/recipe/stage-datasets';
import { CUE_PROMPT_FORMAT, measuredCuePrompt, type VoiceQualityNorms } from '../../main/data';
import { trainTokenizerJson } from '../model/train-tokenizer';
import { readMetrics } from '../../main/ml/training/metrics-log';
import { writeModelCard } from './model-card';

const ROOT = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: path.resolve(ROOT, '../shared/data/ravdess') },
    work: { type: 'string', default: '/tmp/emotionthinker-train-default' },
    cot: { type: 'string' },
    out: { type: 'string', default: path.join(ROOT, 'resources/models/default') },
    'val-speakers': { type: 'string', default: '17,18,19,20' },
    'stage1-steps': { type: 'string', default: '700' },
    'stage2-steps': { type: 'string', default: '3600' },
    'stage1-lr': { type: 'string', default: '1e-3' },
    'stage2-lr': { type: 'string', default: '5e-4' },
    'pairs-per-clip': { type: 'string', default: '2' },
    augment: { type: 'string', default: '1' },
    'eval-limit': { type: 'string', default: '0' },
    tokens: { type: 'string', default: '288' },
    frames: { type: 'string', default: '480' },
    seed: { type: 'string', default: '1' },
    // Optional wall-clock stops (ISO times): a stage still running then is cut short and exported as is.
    'stage1-deadline': { type: 'string' },
    'stage2-deadline': { type: 'string' },
  },
});
const work = path.resolve(args.work!);
const LICENCE = 'CC BY-NC-SA 4.0';
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 60000).toFixed(1)} min`;
const log = (message: string) => console.log(`[${elapsed()}] ${message}`);
const bar = (label: string, done: number, total: number, extra = '') => {
  if (done === total || done % Math.max(1, Math.floor(total / 20)) === 0) log(`${label} ${done}/${total} ${extra}`);
};
mkdirSync(work, { recursive: true });

// 1. EmotionCoT records (issue 5's builder; 37 s on RAVDESS).
const cotFile = path.resolve(args.cot ?? path.join(work, 'cot/ravdess.jsonl'));
if (!existsSync(cotFile)) {
  log(`building EmotionCoT records → ${cotFile}`);
  execFileSync('npx', ['tsx', 'scripts/data/build-cot.ts', '--data', args.data!, '--out', cotFile, '--val-speakers', args['val-speakers']!], { cwd: ROOT, stdio: 'inherit' });
}
const records = readFileSync(cotFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as EmotionCotRecord);
const train = records.filter((r) => r.split === 'train');
const validation = records.filter((r) => r.split === 'validation');
const valSpeakers = [...new Set(validation.map((r) => r.speaker))].sort();
log(`${records.length} records: ${train.length} train, ${validation.length} validation (speakers ${valSpeakers.join(', ')})`);
if (train.length === 0 || validation.length === 0) throw new Error('the CoT file needs both train and validation records');
// The checker gives "breathy / rough / clear" their meaning by the training corpus' norms; the cue
// prompt and the analyse pipeline read them too (main/ml/pipeline/evidence-norms.ts).
const cotMeta = JSON.parse(readFileSync(cotFile.replace(/\.jsonl$/, '.meta.json'), 'utf8')) as { voiceQualityNorms: VoiceQualityNorms | null };
const promptOf = (record: Pick<EmotionCotRecord, 'prosody'>) => measuredCuePrompt(record.prosody, cotMeta.voiceQualityNorms);

// 2. Stage-1 drills: train set and the held-out validation set (validation speakers only).
const pairsPerClip = Number(args['pairs-per-clip']);
const trainTasks = buildTaskExamples(train, { pairDir: path.join(work, 'pairs'), pairsPerClip, seed: 11, onProgress: (d, t) => bar('stage-1 drills (train)', d, t) });
const valTasks = buildTaskExamples(validation, { pairDir: path.join(work, 'pairs-val'), pairsPerClip: 1, seed: 12, onProgress: (d, t) => bar('stage-1 drills (validation)', d, t) });
const stage1File = path.join(work, 'stage1.jsonl');
writeJsonl(stage1File, shuffle(trainTasks.map(taskRecord), seededRandom(13)));
log(`stage 1: ${trainTasks.length} train drills, ${valTasks.length} validation drills`);

// 3. Tokenizer: reasoning corpus + every drill prompt; labels and drill options are single tokens.
const initDir = path.join(work, 'init');
const tokenizerFile = path.join(initDir, 'tokenizer.json');
if (!existsSync(path.join(initDir, 'manifest.json'))) {
  mkdirSync(initDir, { recursive: true });
  const reasoning = readFileSync(cotFile.replace(/\.jsonl$/, '.reasoning.txt'), 'utf8').split('\n').filter((l) => l.trim());
  const corpus = [...reasoning, ...train.map((r) => `${promptOf(r)} ${EMOTION_DRILL_QUESTION}`), ...Array.from({ length: 40 }, () => taskTexts()).flat()];
  // 1,024 tokens: the templated EmotionCoT corpus yields ~1,200 BPE merges in all, so 2,048 cannot be learned.
  writeFileSync(tokenizerFile, JSON.stringify(trainTokenizerJson({ corpusLines: corpus, vocabSize: 1024, labels: [...RAVDESS_LABELS, ...ALL_TASK_OPTIONS] })));
  log('tokenizer trained; exporting graphs (small preset)…');
  // 4. Graphs: the small preset with the recipe's training shapes (scripts/train/export_default.py).
  execFileSync('/usr/bin/python3', ['scripts/train/export_default.py', '--out', initDir, '--vocab', '1024', '--tokens', args.tokens!, '--frames', args.frames!,
    '--graphs', 'encoder,decoder,train_sft,logprobs', '--seed', args.seed!], { cwd: ROOT, stdio: 'inherit' });
  // Stage 2 teaches the measured-cue prompt; every folder derived from this one inherits the format.
  const initManifest = path.join(initDir, 'manifest.json');
  writeFileSync(initManifest, `${JSON.stringify({ ...JSON.parse(readFileSync(initManifest, 'utf8')), prompt: CUE_PROMPT_FORMAT }, null, 1)}\n`);
}
log(`initial model: ${openModelFolder(initDir).manifest.weights.parameterCount} parameters`);

const evalLimit = Number(args['eval-limit']);
const limited = <T>(items: T[]) => (evalLimit > 0 ? shuffle([...items], seededRandom(5)).slice(0, evalLimit) : items);
const perceptionSet: TaskExample[] = limited(valTasks);
async function perception(modelDir: string, label: string): Promise<PerceptionReport> {
  const model = await loadModel(modelDir, { intraOpNumThreads: 2 });
  try {
    const report = await evaluatePerception(model, perceptionSet, cachedSpeechFeaturizer(model.folder));
    log(`prosody perception ${label}: ${Object.entries(report.attributes).map(([a, r]) => `${a} ${(100 * r.accuracy).toFixed(0)}%`).join(', ')}; mean ${(100 * report.meanAccuracy).toFixed(1)}%`);
    return report;
  } finally {
    await model.release();
  }
}
const cached = <T>(file: string, compute: () => Promise<T>) => async (): Promise<T> => {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as T;
  const value = await compute();
  writeFileSync(file, JSON.stringify(value, null, 1));
  return value;
};
const before = await cached(path.join(work, 'perception-before.json'), () => perception(initDir, 'before stage 1'))();

// 5. Stage 1.
const progress = (stage: string) => (p: { step: number; totalSteps: number; stepMs?: number; etaMs?: number }) =>
  log(`${stage} step ${p.step}/${p.totalSteps}${p.stepMs ? `, ${p.stepMs.toFixed(0)} ms/step` : ''}${p.etaMs ? `, ETA ${(p.etaMs / 60000).toFixed(1)} min` : ''}`);
const losses: Record<string, number[]> = { stage1: [], stage2: [] };
const stepMs: Record<string, number[]> = { stage1: [], stage2: [] };
const stage1Dir = path.join(work, 'stage1-model');
const deadline = (iso: string | undefined) => (iso ? Date.parse(iso) : undefined);
const stepsFile = path.join(work, 'steps.json');
const stepsDone: Record<string, number> = existsSync(stepsFile) ? JSON.parse(readFileSync(stepsFile, 'utf8')) : {};
const saveSteps = () => writeFileSync(stepsFile, JSON.stringify(stepsDone));
let stage1Minutes = stepsDone.stage1Minutes ?? 0;
if (!existsSync(path.join(stage1Dir, 'manifest.json'))) {
  const result = await runStage({
    name: 'stage1', modelDir: initDir, datasetPath: stage1File, datasetDescription: `prosody drills on RAVDESS actors 1–16 (${trainTasks.length})`,
    licence: LICENCE, jobDir: path.join(work, 'job-stage1'), outDir: stage1Dir, totalSteps: Number(args['stage1-steps']), stopAtMs: deadline(args['stage1-deadline']), lr: Number(args['stage1-lr']),
    warmupSteps: 50, seed: 1, examples: trainTasks.length, onProgress: progress('stage 1'),
    onMetric: (r) => { losses.stage1!.push(r.loss); stepMs.stage1!.push(r.stepMs); if (r.step % 50 === 0) log(`stage 1 loss ${r.loss.toFixed(3)} at step ${r.step}`); },
    onLog: (m) => log(`stage 1: ${m}`),
  });
  // A continued job adds its time to what earlier invocations spent on the stage.
  stage1Minutes += result.wallMs / 60000;
  stepsDone.stage1 = result.outcome.step;
  stepsDone.stage1Minutes = stage1Minutes;
  saveSteps();
}
const stage1Steps = stepsDone.stage1 ?? NaN;
const after = await cached(path.join(work, 'perception-after-stage1.json'), () => perception(stage1Dir, 'after stage 1'))();

// 6. Stage 2: CoT traces (+ augmented copies) after the measured-cue prompt, one emotion drill and one
//    kept prosody drill per clip.
const stage2File = path.join(work, 'stage2.jsonl');
const cotRecords = await buildCotRecords(train, { augmentCopies: Number(args.augment), augmentDir: path.join(work, 'augmented'), seed: 21, promptOf, onProgress: (d, t) => bar('stage-2 augmentation', d, t) });
const keptDrills = shuffle(trainTasks.map(taskRecord), seededRandom(22)).slice(0, train.length);
const labelDrills = emotionDrills(train, promptOf);
writeJsonl(stage2File, shuffle([...cotRecords, ...labelDrills, ...keptDrills], seededRandom(23)));
const stage2Dir = path.join(work, 'stage2-model');
let stage2Minutes = stepsDone.stage2Minutes ?? 0;
if (!existsSync(path.join(stage2Dir, 'manifest.json'))) {
  const result = await runStage({
    name: 'stage2', modelDir: stage1Dir, datasetPath: stage2File, datasetDescription: `EmotionCoT RAVDESS actors 1–16 (${cotRecords.length} traces incl. augmented copies) + ${labelDrills.length} emotion drills + ${keptDrills.length} prosody drills`,
    licence: LICENCE, jobDir: path.join(work, 'job-stage2'), outDir: stage2Dir, totalSteps: Number(args['stage2-steps']), stopAtMs: deadline(args['stage2-deadline']), lr: Number(args['stage2-lr']),
    warmupSteps: 50, seed: 2, examples: cotRecords.length + labelDrills.length + keptDrills.length, onProgress: progress('stage 2'),
    onMetric: (r) => { losses.stage2!.push(r.loss); stepMs.stage2!.push(r.stepMs); if (r.step % 50 === 0) log(`stage 2 loss ${r.loss.toFixed(3)} at step ${r.step}`); },
    onLog: (m) => log(`stage 2: ${m}`),
  });
  stage2Minutes += result.wallMs / 60000;
  stepsDone.stage2 = result.outcome.step;
  stepsDone.stage2Minutes = stage2Minutes;
  saveSteps();
}
const stage2Steps = stepsDone.stage2 ?? NaN;

// 7. Validation (speakers 17–20 only): emotion from the full generated output, and perception kept.
const afterStage2 = await cached(path.join(work, 'perception-after-stage2.json'), () => perception(stage2Dir, 'after stage 2'))();
const emotion = await cached(path.join(work, 'emotion-validation.json'), async (): Promise<EmotionReport> => {
  const model = await loadModel(stage2Dir, { intraOpNumThreads: 2 });
  try {
    return await evaluateEmotion(model, limited(validation.map((r) => ({ audio: r.audio, label: r.label, prompt: promptOf(r) }))), cachedSpeechFeaturizer(model.folder), {
      maxTokens: Number(args.tokens), onProgress: (d, t) => bar('validation clips', d, t),
    });
  } finally {
    await model.release();
  }
})();
log(`validation (speakers ${valSpeakers.join(', ')}): accuracy ${(100 * emotion.accuracy).toFixed(1)}%, UAR ${(100 * emotion.uar).toFixed(1)}%, well-formed ${(100 * emotion.wellFormed).toFixed(0)}%`);
log(`per-class recall: ${Object.entries(emotion.recall).map(([l, r]) => `${l} ${(100 * r).toFixed(0)}%`).join(', ')}`);

// 8. The model folder: stage 2's export, renamed and documented.
const metricsOf = (job: string) => readMetrics(path.join(work, job, 'metrics.jsonl'));
for (const [stage, job] of [['stage1', 'job-stage1'], ['stage2', 'job-stage2']] as const) {
  const records = metricsOf(job);
  losses[stage] = records.map((r) => r.loss);
  stepMs[stage] = records.map((r) => r.stepMs);
}
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[xs.length >> 1]! : NaN);
const report = {
  createdAt: new Date().toISOString(), cotFile, train: train.length, validation: validation.length, validationSpeakers: valSpeakers,
  stage1: { steps: stage1Steps, lr: Number(args['stage1-lr']), drills: trainTasks.length, wallMinutes: stage1Minutes, medianStepMs: median(stepMs.stage1!), firstLoss: mean(losses.stage1!.slice(0, 20)), lastLoss: mean(losses.stage1!.slice(-20)) },
  stage2: { steps: stage2Steps, lr: Number(args['stage2-lr']), records: cotRecords.length + labelDrills.length + keptDrills.length, wallMinutes: stage2Minutes, medianStepMs: median(stepMs.stage2!), firstLoss: mean(losses.stage2!.slice(0, 20)), lastLoss: mean(losses.stage2!.slice(-20)) },
  perception: { before, afterStage1: after, afterStage2 },
  emotion,
  // Earlier invocations of a resumed run count too (steps.json keeps their time).
  totalMinutes: (stepsDone.earlierMinutes ?? 0) + (performance.now() - started) / 60000,
};
const outDir = path.resolve(args.out!);
const staging = `${outDir}.tmp-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
cpSync(stage2Dir, staging, { recursive: true });
const manifestFile = path.join(staging, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
const pct = (x: number) => Math.round(1000 * x) / 10;
Object.assign(manifest, {
  id: 'emotion-reasoner-default', prompt: CUE_PROMPT_FORMAT, reasoningPrefix: 'measured-cue-sentences', name: 'EmotionReasoner default (RAVDESS, non-commercial)', version: '1.0.0', testModel: false,
  description: 'Default app model: prosody-enhanced base (stage 1) + EmotionCoT SFT (stage 2) on RAVDESS actors 1–16. NON-COMMERCIAL USE ONLY (CC BY-NC-SA 4.0 training data). See MODEL_CARD.md.',
  licence: `${LICENCE} (trained on RAVDESS; non-commercial use only)`,
  stages: [
    { name: 'initialised', notes: `small preset, random init seed ${args.seed}` },
    { name: 'stage1-prosody', notes: `${stage1Steps} steps on ${trainTasks.length} prosody drills (levels, intonation, range, final movement, stress third, comparative pitch/speed/loudness pairs)` },
    { name: 'stage2-cot-sft', notes: `${stage2Steps} steps on ${cotRecords.length} EmotionCoT traces (with augmented copies) after the measured-cue prompt + ${labelDrills.length} emotion drills + ${keptDrills.length} kept prosody drills` },
  ],
  trainingData: [{ name: 'RAVDESS speech, actors 1–16 (train); actors 17–20 held out for validation', clips: train.length, notes: `licence: ${LICENCE}` }],
  metrics: {
    validationAccuracyPct: pct(emotion.accuracy), validationUarPct: pct(emotion.uar), validationWellFormedPct: pct(emotion.wellFormed),
    perceptionBeforePct: pct(before.meanAccuracy), perceptionAfterStage1Pct: pct(after.meanAccuracy), perceptionAfterStage2Pct: pct(afterStage2.meanAccuracy),
    stage1Steps, stage2Steps, trainMinutes: Math.round(report.totalMinutes * 10) / 10,
  },
});
delete manifest.parent;
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 1)}\n`);
writeFileSync(path.join(staging, 'report.json'), `${JSON.stringify(report, null, 1)}\n`);
writeFileSync(path.join(staging, 'evidence-norms.json'), `${JSON.stringify({ voiceQualityNorms: cotMeta.voiceQualityNorms }, null, 1)}\n`);
writeModelCard(path.join(staging, 'MODEL_CARD.md'), report, manifest);
openModelFolder(staging); // the app's own folder check before the folder replaces the old one
rmSync(outDir, { recursive: true, force: true });
renameSync(staging, outDir);
log(`wrote ${outDir}`);
