// Stage 3 of the EmotionThinker recipe (GRPO-PTR, issue 12) on an SFT model folder, through the
// app's own training runtime (forked worker, checkpoints, resume after kill -9): the training
// speakers' clips of each corpus (EmotionCoT train split; labels only — the prompt and the app-written
// cue sentences are measured by the job as the app measures them) → GRPO-PTR job (K rollouts per
// clip, format/outcome/τ·R_reason rewards, progressive schedule) → model folder + grpo-summary.json.
// Resumable: the same work folder continues from its job's last checkpoint. `npm run train:grpo`
// (scripts/train/train-grpo.ts) is its command line.
import { shuffled } from '../../../shared/util/maths';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EmotionCotRecord } from '../../../shared/types/dataset';
import { GRPO_ABLATIONS, type GrpoAblation, type GrpoJobSettings } from '../../../shared/types/grpo';
import type { TrainingMetricRecord } from '../../../shared/types/training';
import { grpoSettingsFor } from '../training/grpo/ablations';
import { readMetrics } from '../training/metrics-log';
import { RecipeError } from './recipe-error';
import { RECIPE_LICENCE } from './recipe-plan';
import { runStage } from './run-stage';
import { seededRandom } from './stage-datasets';

export interface GrpoStageOptions {
  /** The SFT model folder the policy starts from (and the KL reference). */
  modelDir: string;
  /** A folder of EmotionCoT .jsonl files (one per corpus). */
  cotDir: string;
  /** The work folder; the ablation's own subfolder holds its job. */
  workDir: string;
  /** The exported model folder (default: `<work>/<ablation>/model`). */
  outDir?: string;
  ablation: GrpoAblation;
  steps: number;
  clipsPerStep: number;
  groupSize: number;
  maxTokens: number;
  lr: number;
  /** Rolling outcome accuracy at which R_reason switches on. */
  switchThreshold: number;
  /** A trained reasoning reward model folder scores R_reason; absent or missing: the evidence checker. */
  rewardModelDir?: string;
  /** Wall-clock stop (ms since epoch). */
  stopAtMs?: number;
  log?: (message: string) => void;
}

/** The defaults of `npm run train:grpo` (the shipped 2.2 model: 200 steps of the full ablation). */
export const GRPO_STAGE_DEFAULTS = {
  ablation: 'full',
  steps: 150,
  clipsPerStep: 4,
  groupSize: 8,
  maxTokens: 160,
  lr: 2e-5,
  switchThreshold: 0.5,
} as const;

/** What grpo-summary.json holds (the model card's stage-3 section reads it). */
export interface GrpoSummary {
  ablation: GrpoAblation;
  steps: number;
  lr: number;
  wallMinutes: number;
  settings: GrpoJobSettings;
  firstSteps: { reward: number; accuracy: number };
  lastSteps: { reward: number; accuracy: number };
  switchedOnAtStep: number | null;
  medianStepS: number;
  rolloutTokensPerS: number;
}

export function parseAblation(text: string): GrpoAblation {
  if (!(GRPO_ABLATIONS as readonly string[]).includes(text))
    throw new RecipeError('bad_option', `--ablation must be one of ${GRPO_ABLATIONS.join(', ')}`);
  return text as GrpoAblation;
}

/** The EmotionCoT files of a folder (corpus.jsonl; not the builder's sidecars) and their training-split records. */
export function grpoTrainingClips(cotDir: string): { files: string[]; clips: EmotionCotRecord[] } {
  const files = readdirSync(cotDir)
    .filter((f) => /^[^.]+\.jsonl$/.test(f))
    .map((f) => path.join(cotDir, f));
  if (files.length === 0)
    throw new RecipeError(
      'missing_records',
      `${cotDir} holds no EmotionCoT .jsonl files (npm run build:cot, or train:default's work folder)`,
    );
  // Training speakers only: the validation speakers stay unseen for `npm run eval`.
  const clips = files
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as EmotionCotRecord),
    )
    .filter((r) => r.split === 'train');
  return { files, clips };
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** The run's first and last steps (a window of up to 20, a third of the run at most), its switch and its speed. */
export function grpoSummary(
  rows: readonly TrainingMetricRecord[],
  facts: Pick<GrpoSummary, 'ablation' | 'steps' | 'lr' | 'wallMinutes' | 'settings'>,
): GrpoSummary {
  const grpoRows = rows.filter((r) => r.grpo);
  const window = Math.max(1, Math.min(20, Math.floor(grpoRows.length / 3)));
  const of = (part: readonly TrainingMetricRecord[]) => ({
    reward: mean(part.map((r) => r.grpo!.reward.total[0])),
    accuracy: mean(part.map((r) => r.grpo!.outcomeAccuracy)),
  });
  return {
    ...facts,
    firstSteps: of(grpoRows.slice(0, window)),
    lastSteps: of(grpoRows.slice(-window)),
    switchedOnAtStep: grpoRows.at(-1)?.grpo?.switchedOnAtStep ?? null,
    medianStepS: [...grpoRows.map((r) => r.stepMs)].sort((a, b) => a - b)[grpoRows.length >> 1]! / 1000,
    rolloutTokensPerS: mean(grpoRows.map((r) => r.grpo!.rolloutTokensPerS)),
  };
}

/** One log line per step: rewards, τ, accuracy, zero-spread share, KL, length, truncation, time. */
export function grpoStepLine(r: TrainingMetricRecord): string {
  const g = r.grpo!;
  return `step ${r.step}: reward ${g.reward.total[0].toFixed(3)} (outcome ${g.reward.outcome[0].toFixed(2)}, format ${g.reward.format[0].toFixed(2)}${g.reward.reason ? `, reason ${g.reward.reason[0].toFixed(2)}` : ''}), τ ${g.trustMean?.toFixed(2) ?? '–'}, accuracy ${(100 * g.outcomeAccuracy).toFixed(0)} %, zero-spread ${(100 * g.zeroSpreadFraction).toFixed(0)} %, KL ${g.kl?.toExponential(2) ?? '–'}, ${g.completionLengthMean.toFixed(0)} tokens, truncated ${(100 * g.truncationShare).toFixed(0)} %, ${(g.stepMs / 1000).toFixed(1)} s`;
}

export async function runGrpoStage(options: GrpoStageOptions): Promise<{ outDir: string; summary: GrpoSummary }> {
  const log = options.log ?? (() => {});
  const work = path.resolve(options.workDir, options.ablation);
  const out = path.resolve(options.outDir ?? path.join(work, 'model'));
  mkdirSync(work, { recursive: true });
  const { files, clips } = grpoTrainingClips(options.cotDir);
  const datasetPath = path.join(work, 'clips.jsonl');
  writeFileSync(
    datasetPath,
    shuffled(seededRandom(3), clips)
      .map((r) => JSON.stringify({ audio: r.audio, target: `<answer>${r.label}</answer>` }))
      .join('\n'),
  );
  log(`${clips.length} training clips from ${files.map((f) => path.basename(f)).join(', ')}`);

  const base = grpoSettingsFor('full');
  const settings = grpoSettingsFor(options.ablation, {
    clipsPerStep: options.clipsPerStep,
    groupSize: options.groupSize,
    maxTokens: options.maxTokens,
    rewards: { ...base.rewards, schedule: { ...base.rewards.schedule, threshold: options.switchThreshold } },
    ...(options.rewardModelDir && existsSync(path.join(options.rewardModelDir, 'manifest.json'))
      ? { rewardModelDir: path.resolve(options.rewardModelDir) }
      : {}),
  });
  log(`R_reason from ${settings.scorer}${settings.rewardModelDir ? ` (${settings.rewardModelDir})` : ''}`);
  const jobDir = path.join(work, 'job');
  const result = await runStage({
    name: `grpo-${options.ablation}`,
    modelDir: path.resolve(options.modelDir),
    datasetPath,
    datasetDescription: `GRPO-PTR (${options.ablation}) rollouts on the training speakers of ${files.map((f) => path.basename(f, '.jsonl')).join(' + ')} (${clips.length} clips)`,
    licence: RECIPE_LICENCE,
    jobDir,
    outDir: out,
    totalSteps: options.steps,
    lr: options.lr,
    warmupSteps: 5,
    seed: 7,
    examples: clips.length,
    grpo: settings,
    checkpointEvery: 10,
    ...(options.stopAtMs !== undefined ? { stopAtMs: options.stopAtMs } : {}),
    onProgress: (p) => {
      if (p.step % 10 === 0)
        log(
          `step ${p.step}/${p.totalSteps}${p.stepMs ? `, ${(p.stepMs / 1000).toFixed(1)} s/step, ETA ${((p.etaMs ?? 0) / 60000).toFixed(1)} min` : ''}`,
        );
    },
    onMetric: (r) => log(grpoStepLine(r)),
    onLog: (m) => log(m),
  });
  const summary = grpoSummary(readMetrics(path.join(jobDir, 'metrics.jsonl')), {
    ablation: options.ablation,
    steps: result.outcome.step,
    lr: options.lr,
    wallMinutes: result.wallMs / 60000,
    settings,
  });
  writeFileSync(path.join(out, 'grpo-summary.json'), `${JSON.stringify(summary, null, 1)}\n`);
  log(`wrote ${out}: ${JSON.stringify({ ...summary, settings: undefined })}`);
  if (!existsSync(path.join(out, 'manifest.json'))) throw new RecipeError('step_failed', `the GRPO-PTR export wrote no manifest to ${out}`);
  return { outDir: out, summary };
}
