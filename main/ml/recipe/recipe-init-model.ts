// The recipe's initial model folder: a tokenizer trained on the reasoning corpus and every drill
// prompt (labels and drill options are single tokens), then the graphs of the small preset with the
// recipe's training shapes and the channel-robust utterance fields, exported by Python (torch →
// ONNX), and the manifest's features set to read the inputs channel-robustly on the pooled scale.
// Every folder derived from this one (stage 1, stage 2, the default model) inherits all of it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RAVDESS_LABELS } from '../../../shared/types/model';
import { CUE_PROMPT_FORMAT } from '../../data';
import type { PooledStats } from './corpus-mix';
import { ALL_TASK_OPTIONS, taskTexts } from './prosody-tasks';
import { RecipeError } from './recipe-error';
import { EMOTION_DRILL_QUESTION } from './stage-datasets';
import { trainTokenizerJson } from './train-tokenizer';

/**
 * 1,024 tokens: the templated EmotionCoT corpus yields ~1,200 BPE merges in all, so 2,048 cannot be
 * learned.
 */
export const RECIPE_VOCAB_SIZE = 1024;

/** The tokenizer's training lines: reasoning of originals and the first 2,000 copies, every prompt, 40 rounds of drill texts. */
export function tokenizerCorpus(trainReasoning: readonly string[], copyTraces: readonly string[], prompts: readonly string[]): string[] {
  const reasoning = [...trainReasoning, ...copyTraces.slice(0, 2000)];
  return [...reasoning, ...prompts.map((p) => `${p} ${EMOTION_DRILL_QUESTION}`), ...Array.from({ length: 40 }, () => taskTexts()).flat()];
}

export interface InitModelOptions {
  initDir: string;
  corpusLines: string[];
  stats: PooledStats;
  tokens: number;
  frames: number;
  seed: number;
  python: string;
  graphExporter: string;
  /** Working directory of the exporter (the checkout). */
  cwd: string;
  log?: (message: string) => void;
}

export function initialiseModel(options: InitModelOptions): void {
  mkdirSync(options.initDir, { recursive: true });
  const tokenizer = trainTokenizerJson({
    corpusLines: options.corpusLines,
    vocabSize: RECIPE_VOCAB_SIZE,
    labels: [...RAVDESS_LABELS, ...ALL_TASK_OPTIONS],
  });
  writeFileSync(path.join(options.initDir, 'tokenizer.json'), JSON.stringify(tokenizer));
  options.log?.('tokenizer trained; exporting graphs (small preset)…');
  const exported = spawnSync(
    options.python,
    [
      options.graphExporter,
      '--out',
      options.initDir,
      '--vocab',
      String(RECIPE_VOCAB_SIZE),
      '--tokens',
      String(options.tokens),
      '--frames',
      String(options.frames),
      '--utterance-fields',
      options.stats.fields.join(','),
      '--graphs',
      'encoder,decoder,train_sft,train_grpo,logprobs',
      '--seed',
      String(options.seed),
    ],
    { cwd: options.cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  for (const line of `${exported.stdout ?? ''}${exported.stderr ?? ''}`.split('\n')) if (line.trim()) options.log?.(line);
  if (exported.error || exported.status !== 0) {
    throw new RecipeError(
      'step_failed',
      `the graph export (${options.graphExporter}) failed: ${exported.error?.message ?? `exit ${exported.status ?? exported.signal}`}`,
    );
  }
  // Stage 2 teaches the measured-cue prompt; the inputs are read channel-robustly on the pooled scale.
  const manifestFile = path.join(options.initDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { features: Record<string, unknown> };
  manifest.features = {
    ...manifest.features,
    normalisation: 'utterance-robust',
    utteranceProsodyFields: options.stats.fields,
    utteranceProsodyMean: options.stats.mean,
    utteranceProsodyStd: options.stats.std,
  };
  writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, prompt: CUE_PROMPT_FORMAT }, null, 1)}\n`);
}
