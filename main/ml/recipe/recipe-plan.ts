// The default model's recipe as data (issue 11; `npm run train:default` runs it): its options with
// the defaults the shipped model was trained with, the layout of its work folder, and the training
// stages it runs — stage 1 (prosody drills), stage 2 (CoT SFT) and stage 2's continuation with a
// decaying rate. Every value here is recorded in the shipped model's card; change none without
// retraining it.
import path from 'node:path';
import type { StageOptions } from './run-stage';
import { RecipeError } from './recipe-error';

/** The training data's licence (RAVDESS and nEMO): the model inherits it. */
export const RECIPE_LICENCE = 'CC BY-NC-SA 4.0';

export interface DefaultRecipeOptions {
  /** Corpus folders; a corpus is named after its folder (ravdess, nemo). */
  dataDirs: string[];
  /** Where every phase's output lives; a rerun with the same folder resumes. */
  workDir: string;
  /** The finished model folder (replaced atomically at the end). */
  outDir: string;
  /** Validation speakers per corpus folder name. */
  validationSpeakers: Record<string, string[]>;
  stage1Steps: number;
  stage2Steps: number;
  /**
   * Stage 2 continued from its export on the same data, the rate decaying linearly to 10 %: a run
   * cut short at a constant rate ends on noisy weights (the shipped 2.1 model: 1,458 + 1,500 steps).
   */
  decaySteps: number;
  stage1Lr: number;
  stage2Lr: number;
  /** Comparative pairs per training clip in stage 1. */
  pairsPerClip: number;
  /** Augmented copies per training clip. */
  copies: number;
  /** At most this many validation clips / drills per measurement (0: all). */
  evalLimit: number;
  /** Decoder positions and encoder frames of the exported training graphs. */
  tokens: number;
  frames: number;
  /** Random initialisation seed of the graphs. */
  seed: number;
  /** Wall-clock stops (ms since epoch): a stage still running then is cut short and exported as is. */
  stage1StopAtMs?: number;
  stage2StopAtMs?: number;
  decayStopAtMs?: number;
  /** The Python that exports the graphs (with torch and onnx) and its exporter script. */
  python: string;
  graphExporter: string;
}

/** The defaults of `npm run train:default`, for a checkout at `root`. */
export function defaultRecipeOptions(root: string): DefaultRecipeOptions {
  return {
    dataDirs: [path.resolve(root, '../shared/data/ravdess'), path.resolve(root, '../shared/data/nemo')],
    workDir: '/tmp/emotionthinker-train-default',
    outDir: path.join(root, 'resources/models/default'),
    validationSpeakers: parseValidationSpeakers('ravdess=17,18,19,20;nemo=nemo_IC0,nemo_KS0'),
    stage1Steps: 500,
    stage2Steps: 3000,
    decaySteps: 1500,
    stage1Lr: 1e-3,
    stage2Lr: 5e-4,
    pairsPerClip: 1,
    copies: 2,
    evalLimit: 0,
    tokens: 288,
    frames: 480,
    seed: 1,
    python: '/usr/bin/python3',
    graphExporter: path.join(root, 'scripts/train/export_default.py'),
  };
}

/** "ravdess=17,18,19,20;nemo=nemo_IC0,nemo_KS0" → { ravdess: [17, …], nemo: [nemo_IC0, …] }. */
export function parseValidationSpeakers(text: string): Record<string, string[]> {
  return Object.fromEntries(
    text
      .split(';')
      .filter((part) => part.trim())
      .map((part) => {
        const [corpus, list] = part.split('=');
        if (!corpus?.trim() || list === undefined)
          throw new RecipeError('bad_option', `Validation speakers are "CORPUS=A,B;CORPUS=C", not "${part}".`);
        return [
          corpus.trim(),
          list
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ];
      }),
  );
}

/** The work folder's layout: what each phase writes (and what a resumed run finds). */
export function recipePaths(workDir: string) {
  const at = (...parts: string[]) => path.join(workDir, ...parts);
  return {
    ledger: at('steps.json'),
    cotFile: (corpus: string) => at('cot', `${corpus}.jsonl`),
    cotMeta: (corpus: string) => at('cot', `${corpus}.meta.json`),
    copiesDir: at('copies'),
    copiesSources: at('copies', 'sources.json'),
    copiesAudio: at('copies', 'audio'),
    copyShards: [0, 1].map((k) => at('copies', `copies-${k}-of-2.jsonl`)),
    pairs: at('pairs'),
    pairsValidation: at('pairs-val'),
    stage1Dataset: at('stage1.jsonl'),
    stage2Dataset: at('stage2.jsonl'),
    initDir: at('init'),
    stage1Job: at('job-stage1'),
    stage1Model: at('stage1-model'),
    stage2Job: at('job-stage2'),
    stage2Model: at('stage2-model'),
    decayJob: at('job-stage2-decay'),
    decayModel: at('stage2-decay-model'),
    perceptionBefore: at('perception-before.json'),
    perceptionAfterStage1: at('perception-after-stage1.json'),
    perceptionAfter: (tag: string) => at(`perception-after-${tag}.json`),
    emotionValidation: (tag: string) => at(`emotion-validation-${tag}.json`),
    inputRange: at('input-range.json'),
  };
}

export type RecipePaths = ReturnType<typeof recipePaths>;

/** The seeds of the recipe's data orders (one per use, so no two shuffles share a stream). */
export const RECIPE_SEEDS = {
  trainDrills: 11,
  validationDrills: 12,
  stage1Order: 13,
  keptDrills: 22,
  stage2Order: 23,
  drillPool: 24,
  evalSample: 5,
  copies: 31,
  rangeOriginals: 41,
  rangeCopies: 42,
} as const;

/** Every stage warms its rate up over 50 steps. */
const WARMUP_STEPS = 50;

type StageCallbacks = Pick<StageOptions, 'onProgress' | 'onMetric' | 'onLog'>;

/** Stage 1: prosody drills on the training speakers, from the initialised graphs. */
export function stage1Stage(
  options: DefaultRecipeOptions,
  paths: RecipePaths,
  facts: { corpora: string[]; drills: number },
  callbacks: StageCallbacks = {},
): StageOptions {
  return {
    name: 'stage1',
    modelDir: paths.initDir,
    datasetPath: paths.stage1Dataset,
    datasetDescription: `prosody drills on the training speakers of ${facts.corpora.join(' + ')} (${facts.drills})`,
    licence: RECIPE_LICENCE,
    jobDir: paths.stage1Job,
    outDir: paths.stage1Model,
    totalSteps: options.stage1Steps,
    ...(options.stage1StopAtMs !== undefined ? { stopAtMs: options.stage1StopAtMs } : {}),
    lr: options.stage1Lr,
    warmupSteps: WARMUP_STEPS,
    seed: 1,
    examples: facts.drills,
    ...callbacks,
  };
}

/** Stage 2: CoT SFT from stage 1's export. */
export function stage2Stage(
  options: DefaultRecipeOptions,
  paths: RecipePaths,
  facts: { corpora: string[]; traces: number; emotionDrills: number; prosodyDrills: number; records: number },
  callbacks: StageCallbacks = {},
): StageOptions {
  return {
    name: 'stage2',
    modelDir: paths.stage1Model,
    datasetPath: paths.stage2Dataset,
    datasetDescription: `EmotionCoT ${facts.corpora.join(' + ')} training speakers (${facts.traces} traces incl. augmented copies) + ${facts.emotionDrills} balanced emotion drills + ${facts.prosodyDrills} prosody drills`,
    licence: RECIPE_LICENCE,
    jobDir: paths.stage2Job,
    outDir: paths.stage2Model,
    totalSteps: options.stage2Steps,
    ...(options.stage2StopAtMs !== undefined ? { stopAtMs: options.stage2StopAtMs } : {}),
    lr: options.stage2Lr,
    warmupSteps: WARMUP_STEPS,
    seed: 2,
    examples: facts.records,
    ...callbacks,
  };
}

/** Stage 2 continued with a decaying rate (same records, a new job: fresh optimiser moments, new order). */
export function decayStage(
  options: DefaultRecipeOptions,
  paths: RecipePaths,
  facts: { records: number },
  callbacks: StageCallbacks = {},
): StageOptions {
  return {
    name: 'stage2-decay',
    modelDir: paths.stage2Model,
    datasetPath: paths.stage2Dataset,
    datasetDescription: `stage 2's records, continued with a decaying rate`,
    licence: RECIPE_LICENCE,
    jobDir: paths.decayJob,
    outDir: paths.decayModel,
    totalSteps: options.decaySteps,
    ...(options.decayStopAtMs !== undefined ? { stopAtMs: options.decayStopAtMs } : {}),
    lr: options.stage2Lr,
    warmupSteps: WARMUP_STEPS,
    finalLrFraction: 0.1,
    seed: 3,
    examples: facts.records,
    ...callbacks,
  };
}
