// Trains the reasoning reward model through the app's own training runtime (a forked worker running
// train_rrm.onnx, checkpoints, resume): EmotionCoT records → examples with known effects → a
// tensor-jsonl dataset → the job → a new reward-model folder whose manifest records its held-out
// agreement. Speakers of the records' validation/test splits are held out, so the figures are on
// speakers the model never read.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import path from 'node:path';
import type { EmotionCotRecord } from '../../../shared/types/dataset';
import { REASONING_CRITERIA, type CriterionScores, type ReasoningCriterion } from '../../../shared/types/grpo';
import type { TrainingJobConfig, TrainingOutcome } from '../../../shared/types/training';
import { seededRandom } from '../../../shared/util/random';
import { computeVoiceQualityNorms } from '../../data/cot/voice-quality-words';
import { loadTokenizer } from '../models/tokenizer';
import { loadLatestCheckpoint } from '../training/checkpoint-store';
import { encodeWeights } from '../training/trainable-model';
import { TrainingJobClient } from '../training/training-job-client';
import { TrainingFailure } from '../training/training-failure';
import { agreement, meanScore, spearman, type CriterionAgreement } from './agreement';
import { CORRUPTIONS, corrupt, clean, type CorruptionName } from './corruptions';
import { openRewardModelFolder } from './reward-model-folder';
import { RewardModelScorer } from './reward-model-scorer';
import { recordProsodyVector, rewardExamples, tensorRow, type RewardExample } from './reward-examples';
import { PROSODY_VECTOR_DIMS, type FunctionalScale } from './prosody-vector';

export interface RewardTrainingOptions {
  /** EmotionCoT JSONL files (one record per line; build-cot writes them). */
  cotFiles: string[];
  /** An untrained (or earlier) reward-model folder to start from. */
  initDir: string;
  /** Job folder (checkpoints, metrics.jsonl, the dataset file); an existing job there resumes. */
  workDir: string;
  /** The trained folder; must not exist yet. */
  outDir: string;
  labels: readonly string[];
  /** Which functionals the prosody vector reads, on which scale (the default speech model's); stored in the folder. */
  scale: FunctionalScale;
  steps: number;
  lr: number;
  warmupSteps: number;
  variants: number;
  seed: number;
  threads?: number;
  licence: string;
  /** Clinicians' ratings from the app's reviews (data source (c)); counted in the manifest. */
  clinicianExamples?: RewardExample[];
  onProgress?: (line: string) => void;
}

export interface RewardTrainingResult {
  outDir: string;
  trainExamples: number;
  heldOutExamples: number;
  clinicianRatings: number;
  agreement: Record<ReasoningCriterion, CriterionAgreement>;
  probes: RewardProbes;
  metrics: Record<string, number>;
  minutes: number;
}

/** Does the model pay for length or repetition on their own? Mean R_reason differences on held-out clean traces. */
export interface RewardProbes {
  /** mean score(clean) − mean score(clean with every sentence said twice); > 0: repetition is not rewarded. */
  repetitionPenalty: number;
  /** mean score(clean) − mean score(clean with filler sentences added); > 0: length alone is not rewarded. */
  paddingPenalty: number;
  /** Spearman ρ of mean score and token length over held-out clean traces (≈ 0: length is not the signal). */
  lengthCorrelation: number;
  /** mean score(clean) − mean score(answer swapped to another label). */
  answerMismatchPenalty: number;
  n: number;
  /** Per corruption: the mean scores of the clean traces it applied to and of their corrupted copies. */
  byCorruption: Record<CorruptionName, { clean: CriterionScores; corrupted: CriterionScores; n: number }>;
}

export function readCotRecords(files: readonly string[]): EmotionCotRecord[] {
  const out: EmotionCotRecord[] = [];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line.trim()) out.push(JSON.parse(line) as EmotionCotRecord);
  }
  return out;
}

const FEEDS = (dims: number, tokens: number) => [
  { name: 'prosody_vector', dtype: 'float32' as const, exampleShape: [dims] },
  { name: 'input_ids', dtype: 'int64' as const, exampleShape: [tokens] },
  { name: 'token_mask', dtype: 'float32' as const, exampleShape: [tokens] },
  { name: 'target_scores', dtype: 'float32' as const, exampleShape: [REASONING_CRITERIA.length] },
  { name: 'target_mask', dtype: 'float32' as const, exampleShape: [REASONING_CRITERIA.length] },
];

/** What a reward-model job needs, made from the options; deterministic, so it can be remade after a restart. */
export interface PreparedRewardTraining {
  /** The training job (tensor-jsonl dataset of the examples, the reward-model folder as the model). */
  config: TrainingJobConfig;
  heldOut: RewardExample[];
  heldOutRecords: EmotionCotRecord[];
  trainExamples: number;
  clinicianRatings: number;
  exampleOptions: { labels: readonly string[]; variants: number; scale: FunctionalScale };
}

/** Builds the examples and writes the job's dataset file (once: an existing file is kept, so a resume reads the same rows). */
export async function prepareRewardTraining(options: RewardTrainingOptions): Promise<PreparedRewardTraining> {
  const log = options.onProgress ?? (() => {});
  const init = openRewardModelFolder(options.initDir);
  const tokenizer = loadTokenizer(init.tokenizerPath);
  const records = readCotRecords(options.cotFiles);
  if (records.length === 0) throw new TrainingFailure('dataset_invalid', `no EmotionCoT records in ${options.cotFiles.join(', ')}`);
  const norms = computeVoiceQualityNorms(records.map((r) => r.prosody));
  const checkOptions = norms ? { voiceQualityNorms: norms } : {};
  const rng = seededRandom(options.seed);
  const exampleOptions = { labels: options.labels, variants: options.variants, checkOptions, scale: options.scale };
  const train: RewardExample[] = [];
  const heldOut: RewardExample[] = [];
  for (const record of records) (record.split === 'train' ? train : heldOut).push(...rewardExamples(rng, record, exampleOptions));
  const clinician = options.clinicianExamples ?? [];
  train.push(...clinician.filter((e) => e.split === 'train'));
  heldOut.push(...clinician.filter((e) => e.split !== 'train'));
  if (train.length === 0)
    throw new TrainingFailure('dataset_invalid', 'no training-split records: the reward model needs some speakers to learn from');
  log(
    `${records.length} records → ${train.length} training and ${heldOut.length} held-out examples (${clinician.length} clinician ratings)`,
  );

  mkdirSync(options.workDir, { recursive: true });
  const datasetPath = path.join(options.workDir, 'reward-examples.jsonl');
  if (!existsSync(datasetPath)) {
    const partial = `${datasetPath}.partial`;
    const out = createWriteStream(partial);
    for (const example of train) out.write(`${JSON.stringify(tensorRow(example, tokenizer, init.tokens))}\n`);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    renameSync(partial, datasetPath);
  }
  const config: TrainingJobConfig = {
    jobDir: path.join(options.workDir, 'job'),
    modelDir: options.initDir,
    dataset: {
      kind: 'tensor-jsonl',
      path: datasetPath,
      feeds: FEEDS(PROSODY_VECTOR_DIMS, init.tokens),
      rowMaskFeed: 'row_mask',
      description: `${train.length} reasoning-reward examples from ${options.cotFiles.map((f) => path.basename(f)).join(', ')}`,
    },
    totalSteps: options.steps,
    checkpointEvery: Math.max(100, Math.round(options.steps / 10)),
    seed: options.seed,
    hyper: { lr: options.lr, warmupSteps: options.warmupSteps, finalLrFraction: 0.1 },
    reportEvery: 50,
    ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
  };
  return {
    config,
    heldOut,
    heldOutRecords: records.filter((r) => r.split !== 'train'),
    trainExamples: train.length,
    clinicianRatings: clinician.length,
    exampleOptions,
  };
}

/** Prepares, runs the job through the app's training runtime (resuming one the work folder holds), and finishes. */
export async function trainRewardModel(options: RewardTrainingOptions): Promise<RewardTrainingResult> {
  const started = Date.now();
  const log = options.onProgress ?? (() => {});
  if (existsSync(options.outDir)) throw new TrainingFailure('export_invalid', `${options.outDir} already exists; choose a new folder`);
  const prepared = await prepareRewardTraining(options);
  const job = new TrainingJobClient().start(prepared.config);
  job.onMessage((m) => {
    if (m.type === 'progress')
      log(`step ${m.step}/${m.totalSteps}${m.etaMs !== undefined ? `, ETA ${Math.round(m.etaMs / 60_000)} min` : ''}`);
    if (m.type === 'metric' && m.record.step % 250 === 0) log(`step ${m.record.step}: loss ${m.record.loss.toFixed(4)}`);
  });
  const outcome: TrainingOutcome = await job.done;
  if (outcome.type !== 'result' || outcome.status !== 'completed') {
    throw new TrainingFailure(
      'step_failed',
      `reward-model training did not complete: ${outcome.type === 'failed' ? outcome.error.message : outcome.status}`,
    );
  }
  return finishRewardTraining(options, prepared, (Date.now() - started) / 60_000);
}

/**
 * Exports the job's newest checkpoint as a reward-model folder at options.outDir, with its held-out
 * agreement and probes in the manifest (the app's own scorer measures them on the exported weights).
 */
export async function finishRewardTraining(
  options: RewardTrainingOptions,
  prepared: PreparedRewardTraining,
  minutes: number,
): Promise<RewardTrainingResult> {
  if (existsSync(options.outDir)) throw new TrainingFailure('export_invalid', `${options.outDir} already exists; choose a new folder`);
  const init = openRewardModelFolder(options.initDir);
  const { heldOut, trainExamples, clinicianRatings } = prepared;
  const { checkpoint } = loadLatestCheckpoint(prepared.config.jobDir);
  if (!checkpoint) throw new TrainingFailure('checkpoint_invalid', 'the finished job left no readable checkpoint');
  const values = new Map(init.trainable.parameters.map((slot) => [slot.name, checkpoint.tensors.get(`params.${slot.name}`)!]));
  const staging = `${options.outDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of ['score.onnx', 'train_rrm.onnx', 'tokenizer.json'])
    copyFileSync(path.join(options.initDir, file), path.join(staging, file));
  writeFileSync(path.join(staging, 'weights.bin'), encodeWeights(init.trainable.parameters, values));
  const { manifest } = init;
  const prosodyScale = { fields: [...options.scale.fields], mean: [...options.scale.mean], std: [...options.scale.std] };
  writeFileSync(
    path.join(staging, 'manifest.json'),
    `${JSON.stringify({ ...manifest, name: 'Reasoning reward model', prosodyVector: prosodyScale, metrics: {} }, null, 1)}\n`,
  );

  // Held-out agreement and the probes, with the exported weights through the app's own scorer.
  const { agreement: agreed, probes } = await measureRewardModel(staging, prepared, options.seed, options.threads);

  const metrics: Record<string, number> = { trainExamples, heldOutExamples: heldOut.length, clinicianRatings, steps: checkpoint.step };
  for (const c of REASONING_CRITERIA) {
    metrics[`${c}Spearman`] = round(agreed[c].spearman);
    metrics[`${c}Exact`] = round(agreed[c].exact);
    metrics[`${c}WithinOne`] = round(agreed[c].withinOne);
  }
  Object.assign(metrics, {
    repetitionPenalty: round(probes.repetitionPenalty),
    paddingPenalty: round(probes.paddingPenalty),
    lengthCorrelation: round(probes.lengthCorrelation),
    answerMismatchPenalty: round(probes.answerMismatchPenalty),
  });
  // A rank correlation is undefined (NaN) when the held-out targets or scores of a criterion are all
  // equal (a small dataset); JSON would write it as null, which the folder's manifest schema refuses.
  for (const [name, value] of Object.entries(metrics)) if (!Number.isFinite(value)) delete metrics[name];
  writeFileSync(
    path.join(staging, 'manifest.json'),
    `${JSON.stringify(
      {
        ...manifest,
        name: 'Reasoning reward model',
        version: '1.0.0',
        prosodyVector: prosodyScale,
        description:
          "Scores a completion's reasoning against the clip's measured prosody on four criteria (1-5): factual alignment, interpretative quality, caption completeness, fluency & structure. Trained by the app from controlled corruptions of EmotionCoT traces, the evidence checker's verdicts and clinicians' ratings.",
        metrics,
        licence: options.licence,
        trainingData: [
          {
            name: `EmotionCoT traces of ${options.cotFiles.map((f) => path.basename(f, '.jsonl')).join(' + ')} with controlled corruptions`,
            examples: trainExamples,
            clinicianRatings: clinicianRatings,
          },
        ],
        stages: [
          ...((manifest.stages as unknown[]) ?? []),
          {
            name: 'reward-model',
            notes: `${checkpoint.step} steps, lr ${options.lr}, ${options.variants} corrupted copies per trace, ${minutes.toFixed(0)} min`,
          },
        ],
        createdAt: new Date().toISOString(),
      },
      null,
      1,
    )}\n`,
  );
  renameSync(staging, options.outDir);
  return {
    outDir: options.outDir,
    trainExamples: trainExamples,
    heldOutExamples: heldOut.length,
    clinicianRatings: clinicianRatings,
    agreement: agreed,
    probes,
    metrics,
    minutes,
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Held-out agreement and probes of the reward model in `dir`, on the prepared held-out examples and records. */
export async function measureRewardModel(
  dir: string,
  prepared: PreparedRewardTraining,
  seed: number,
  threads?: number,
): Promise<{ agreement: Record<ReasoningCriterion, CriterionAgreement>; probes: RewardProbes }> {
  const scorer = await RewardModelScorer.open(dir, threads !== undefined ? { intraOpNumThreads: threads } : {});
  try {
    const { heldOut } = prepared;
    const predicted = await scorer.scoreInputs(
      heldOut.map((e) => ({ prosody: e.prosody, reasoning: e.completion.reasoning, answer: e.completion.answer })),
    );
    const tokenizer = loadTokenizer(openRewardModelFolder(dir).tokenizerPath);
    const probes = await runProbes(scorer, prepared.heldOutRecords, prepared.exampleOptions, (text) => tokenizer.encode(text), seed);
    return {
      agreement: agreement(
        predicted,
        heldOut.map((e) => e.targets),
      ),
      probes,
    };
  } finally {
    await scorer.release();
  }
}

function meanCriteria(scores: readonly CriterionScores[]): CriterionScores {
  const out = {} as CriterionScores;
  for (const c of REASONING_CRITERIA) out[c] = scores.length ? scores.reduce((sum, s) => sum + s[c], 0) / scores.length : Number.NaN;
  return out;
}

/** The probes of RewardProbes on held-out records' clean traces. */
export async function runProbes(
  scorer: RewardModelScorer,
  records: readonly EmotionCotRecord[],
  options: { labels: readonly string[]; scale: FunctionalScale },
  encode: (text: string) => number[],
  seed: number,
): Promise<RewardProbes> {
  const rng = seededRandom(`${seed}-probes`);
  const rows = records.map((r) => {
    const prosody = recordProsodyVector(r, options.scale);
    const base = clean(r.reasoning, r.label);
    const variant = (name: CorruptionName) => corrupt(rng, base, name, options.labels) ?? base;
    const doubled = r.reasoning
      .split(/(?<=[.!?])\s+/)
      .flatMap((s) => [s, s])
      .join(' ');
    return { prosody, base, repeated: { ...base, reasoning: doubled }, padded: variant('padded'), mismatch: variant('answer-mismatch') };
  });
  const scoreAll = (pick: (row: (typeof rows)[number]) => { reasoning: string; answer: string }) =>
    scorer.scoreInputs(rows.map((row) => ({ prosody: row.prosody, ...pick(row) })));
  const [base, repeated, padded, mismatch] = await Promise.all([
    scoreAll((r) => r.base),
    scoreAll((r) => r.repeated),
    scoreAll((r) => r.padded),
    scoreAll((r) => r.mismatch),
  ]);
  const mean = (s: CriterionScores[]) => s.reduce((sum, x) => sum + meanScore(x), 0) / s.length;
  const byCorruption = {} as RewardProbes['byCorruption'];
  for (const name of CORRUPTIONS) {
    const applied = rows.flatMap((row, i) => {
      const c = corrupt(seededRandom(`${seed}-${name}-${i}`), row.base, name, options.labels);
      return c ? [{ i, prosody: row.prosody, c }] : [];
    });
    const corrupted = await scorer.scoreInputs(applied.map((a) => ({ prosody: a.prosody, reasoning: a.c.reasoning, answer: a.c.answer })));
    byCorruption[name] = { clean: meanCriteria(applied.map((a) => base[a.i]!)), corrupted: meanCriteria(corrupted), n: applied.length };
  }
  return {
    byCorruption,
    repetitionPenalty: mean(base) - mean(repeated),
    paddingPenalty: mean(base) - mean(padded),
    answerMismatchPenalty: mean(base) - mean(mismatch),
    lengthCorrelation: spearman(
      base.map(meanScore),
      rows.map((r) => encode(r.base.reasoning).length),
    ),
    n: rows.length,
  };
}
