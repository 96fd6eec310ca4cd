// The recipe's clips: EmotionCoT records per corpus (built by the app's builder, or reused when a
// finished build is in the work folder), with levels at that corpus' own tertiles (pitch per gender
// too), split by the named validation speakers, and the measured-cue prompt each clip is asked with.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EmotionCotRecord, ProsodySummary } from '../../../shared/types/dataset';
import type { ProsodyCalibration } from '../../../shared/types/prosody';
import { buildEmotionCot, computeVoiceQualityNorms, measuredCuePrompt, type VoiceQualityNorms } from '../../data';
import type { CueProfile } from '../../data/cot/cue-profile';
import { RecipeError } from './recipe-error';
import type { RecipePaths } from './recipe-plan';
import { cotBuildDone } from './recipe-resume';

/** What the EmotionCoT build measured over a whole corpus (its meta file). */
export interface CorpusMeta {
  calibration: ProsodyCalibration;
  voiceQualityNorms: VoiceQualityNorms | null;
  cueProfile: CueProfile;
}

/** An EmotionCoT record and the corpus (folder name) it came from. */
export type RecipeClip = EmotionCotRecord & { corpus: string };

type PromptProsody = Pick<ProsodySummary, 'levels' | 'intonation' | 'segmentation' | 'syllables' | 'voiceQuality'>;

export interface RecipeCorpora {
  corpora: string[];
  metas: Map<string, CorpusMeta>;
  records: RecipeClip[];
  train: RecipeClip[];
  validation: RecipeClip[];
  /**
   * The clip's decoder prompt. The checker gives "breathy / rough / clear" their meaning by each
   * corpus' norms in training; the shipped model folder carries norms pooled over all corpora.
   */
  promptOf: (record: { corpus: string; prosody: PromptProsody }) => string;
  /** Voice-quality norms pooled over the training clips of all corpora (the model folder's). */
  pooledNorms: VoiceQualityNorms | null;
}

/** The corpus name of a data folder: its folder name. */
export const corpusOf = (dataDir: string): string => path.basename(path.resolve(dataDir));

export interface LoadCorporaOptions {
  dataDirs: readonly string[];
  paths: RecipePaths;
  validationSpeakers: Record<string, string[]>;
  log?: (message: string) => void;
}

/** Builds what is missing, then reads every corpus' records and meta. */
export async function loadRecipeCorpora(options: LoadCorporaOptions): Promise<RecipeCorpora> {
  const metas = new Map<string, CorpusMeta>();
  const records: RecipeClip[] = [];
  for (const dataDir of options.dataDirs) {
    const corpus = corpusOf(dataDir);
    const cotFile = options.paths.cotFile(corpus);
    const metaFile = options.paths.cotMeta(corpus);
    if (!cotBuildDone(metaFile)) {
      options.log?.(`building EmotionCoT records for ${corpus} → ${cotFile}`);
      const speakers = options.validationSpeakers[corpus];
      // What `npm run build:cot -- --data DIR --out FILE [--val-speakers …]` does (seed 1).
      await buildEmotionCot({ dataDir, outFile: cotFile, seed: 1, ...(speakers ? { validationSpeakers: speakers } : {}) });
    }
    metas.set(corpus, JSON.parse(readFileSync(metaFile, 'utf8')) as CorpusMeta);
    for (const line of readFileSync(cotFile, 'utf8').split('\n'))
      if (line.trim()) records.push({ ...(JSON.parse(line) as EmotionCotRecord), corpus });
  }
  return recipeCorpora(metas, records);
}

/** Splits and prompts of records already read (what loadRecipeCorpora returns). */
export function recipeCorpora(metas: Map<string, CorpusMeta>, records: RecipeClip[]): RecipeCorpora {
  const train = records.filter((r) => r.split === 'train');
  const validation = records.filter((r) => r.split === 'validation');
  if (train.length === 0 || validation.length === 0)
    throw new RecipeError('missing_records', 'the CoT files need both train and validation records');
  const promptOf = (record: { corpus: string; prosody: PromptProsody }) =>
    measuredCuePrompt(record.prosody, metas.get(record.corpus)!.voiceQualityNorms);
  return {
    corpora: [...metas.keys()],
    metas,
    records,
    train,
    validation,
    promptOf,
    pooledNorms: computeVoiceQualityNorms(train.map((r) => r.prosody)),
  };
}

/** "ravdess 960, nemo 1596": clips per corpus, for the log. */
export function countByCorpus(corpora: readonly string[], clips: readonly { corpus: string }[]): string {
  return corpora.map((c) => `${c} ${clips.filter((r) => r.corpus === c).length}`).join(', ');
}

/** Clips per corpus as a record. */
export function clipsByCorpus(corpora: readonly string[], clips: readonly { corpus: string }[]): Record<string, number> {
  return Object.fromEntries(corpora.map((c) => [c, clips.filter((r) => r.corpus === c).length]));
}
