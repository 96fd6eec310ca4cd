// The recipe's own measurements on the held-out speakers (evaluate.ts does the measuring): prosody
// perception before and after each stage, and emotion per corpus from the full generated output,
// each on at most `evalLimit` items drawn with a fixed seed so every model meets the same ones.
import { shuffled } from '../../../shared/util/maths';
import { loadModel } from '../models/model-sessions';
import { cachedSpeechFeaturizer } from '../training/speech-dataset-wiring';
import { evaluateEmotion, evaluatePerception, type EmotionReport, type PerceptionReport } from './recipe-evaluation';
import type { RecipeClip } from './recipe-corpora';
import { RECIPE_SEEDS } from './recipe-plan';
import { seededRandom, type TaskExample } from './stage-datasets';

/** The measurements run the model with two intra-op threads (the machine's two cores). */
const MEASURE_THREADS = 2;

/** At most `limit` of `items` (0: all), the same sample for the same items. */
export function limitedSample<T>(items: readonly T[], limit: number): T[] {
  return limit > 0 ? shuffled(seededRandom(RECIPE_SEEDS.evalSample), [...items]).slice(0, limit) : [...items];
}

/** Logs every twentieth of a count (and its end), as the recipe's progress lines. */
export function progressLogger(log: (message: string) => void) {
  return (label: string, done: number, total: number, extra = '') => {
    if (done === total || done % Math.max(1, Math.floor(total / 20)) === 0) log(`${label} ${done}/${total} ${extra}`);
  };
}

const pct0 = (x: number) => (100 * x).toFixed(0);

export async function measurePerception(
  modelDir: string,
  drills: readonly TaskExample[],
  label: string,
  log: (message: string) => void = () => {},
): Promise<PerceptionReport> {
  const model = await loadModel(modelDir, { intraOpNumThreads: MEASURE_THREADS });
  try {
    const report = await evaluatePerception(model, drills, cachedSpeechFeaturizer(model.folder));
    log(
      `prosody perception ${label}: ${Object.entries(report.attributes)
        .map(([a, r]) => `${a} ${pct0(r.accuracy)}%`)
        .join(', ')}; mean ${(100 * report.meanAccuracy).toFixed(1)}%`,
    );
    return report;
  } finally {
    await model.release();
  }
}

export interface EmotionValidationOptions {
  corpora: readonly string[];
  validation: readonly RecipeClip[];
  promptOf: (record: RecipeClip) => string;
  evalLimit: number;
  maxTokens: number;
  log?: (message: string) => void;
}

/** Emotion figures per corpus on its validation speakers' clips. */
export async function measureEmotionByCorpus(modelDir: string, options: EmotionValidationOptions): Promise<Record<string, EmotionReport>> {
  const log = options.log ?? (() => {});
  const bar = progressLogger(log);
  const model = await loadModel(modelDir, { intraOpNumThreads: MEASURE_THREADS });
  try {
    const out: Record<string, EmotionReport> = {};
    for (const corpus of options.corpora) {
      const clips = limitedSample(
        options.validation.filter((r) => r.corpus === corpus),
        options.evalLimit,
      ).map((r) => ({ audio: r.audio, label: r.label, prompt: options.promptOf(r) }));
      const report = await evaluateEmotion(model, clips, cachedSpeechFeaturizer(model.folder), {
        maxTokens: options.maxTokens,
        onProgress: (d, t) => bar(`validation clips (${corpus})`, d, t),
      });
      out[corpus] = report;
      log(
        `validation ${corpus}: accuracy ${(100 * report.accuracy).toFixed(1)}%, UAR ${(100 * report.uar).toFixed(1)}%, well-formed ${pct0(report.wellFormed)}%`,
      );
      log(
        `per-class recall (${corpus}): ${Object.entries(report.recall)
          .map(([l, r]) => `${l} ${pct0(r)}%`)
          .join(', ')}`,
      );
    }
    return out;
  } finally {
    await model.release();
  }
}
