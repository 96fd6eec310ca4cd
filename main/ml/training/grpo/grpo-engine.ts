// The GRPO-PTR engine of a training job (config.grpo): each job step draws `clipsPerStep` clips in the
// data order, runs one GRPO iteration on them (K rollouts each, rewards, τ, progressive schedule,
// advantages, reference log-probs, train_grpo micro-steps) and appends every completion to
// completions.jsonl. A checkpoint carries the optimiser state, the data position, the schedule and
// the AdamW step count; rollouts are seeded by (seed, step, clip, draw), so a run resumed after
// kill -9 redraws the same completions and reaches the same weights as one that never stopped.
import path from 'node:path';
import type { GrpoEngineState, GrpoJobSettings } from '../../../../shared/types/grpo';
import type { TrainingHyperparameters, TrainingJobConfig } from '../../../../shared/types/training';
import { CUE_PROMPT_FORMAT, measuredCuePrompt, measuredCueSentences, type VoiceQualityNorms } from '../../../data';
import { parseAnswer } from '../../generation/answer';
import { openModelFolder, type ModelFolder } from '../../models/model-folder';
import { loadModelWithWeights } from '../../models/model-sessions';
import { loadFolderTokenizer, type TextTokenizer } from '../../models/tokenizer';
import { folderVoiceQualityNorms } from '../../pipeline/evidence-norms';
import type { CheckpointState } from '../checkpoint-store';
import { DataOrder, type DataPosition } from '../data-order';
import { learningRateAt } from '../lr-schedule';
import { MetricsAppender, truncateMetricsAfter } from '../metrics-log';
import { readParameters, type TrainableModel } from '../trainable-model';
import { readSpeechRecords } from '../speech-dataset-reader';
import { clipMeasurer } from '../speech-dataset-wiring';
import type { StepEngine } from '../step-engine';
import { initialOptimizerState, type OptimizerState } from '../train-step-runner';
import { TrainingFailure } from '../training-failure';
import { RewardModelScorer } from '../../reward-model/reward-model-scorer';
import { EvidenceCheckerScorer } from './evidence-scorer';
import type { ReasoningScorer } from './reasoning-scorer';
import { policyWeights, runGrpoIteration, type GrpoClip, type GrpoIterationContext } from './grpo-iteration';
import { GrpoStepRunner } from './grpo-step';
import { LogprobRunner } from './logprob-runner';
import { ProgressiveSchedule } from './progressive-schedule';
import { validateRewardConfig } from './reward-components';
import { trainingShapes } from './token-rows';
import { describeError } from '../../../../shared/errors/coded-error';

/** The per-step completions log beside metrics.jsonl. */
export const COMPLETIONS_FILE_NAME = 'completions.jsonl';

/** The job's reasoning scorer: the trained reward model on the same engine, or the evidence checker. */
async function openScorer(settings: GrpoJobSettings, labels: readonly string[], norms: VoiceQualityNorms | null): Promise<ReasoningScorer> {
  if (settings.scorer === 'reward-model') {
    if (!settings.rewardModelDir) throw new TrainingFailure('bad_request', 'scorer "reward-model" needs rewardModelDir');
    return RewardModelScorer.open(settings.rewardModelDir, { intraOpNumThreads: settings.samplerThreads ?? 1 });
  }
  return new EvidenceCheckerScorer(labels, norms ? { voiceQualityNorms: norms } : {});
}

interface ClipRecord {
  audio: string;
  truth: string;
  prompt?: string;
}

export class GrpoEngine implements StepEngine {
  private readonly features = new Map<number, Promise<GrpoClip>>();
  private readonly measure: ReturnType<typeof clipMeasurer>;

  private constructor(
    private readonly config: TrainingJobConfig & { grpo: GrpoJobSettings },
    private readonly hyper: TrainingHyperparameters,
    private readonly folder: ModelFolder,
    private readonly tokenizer: TextTokenizer,
    private readonly records: ClipRecord[],
    private readonly order: DataOrder,
    private readonly ctx: GrpoIterationContext,
    private readonly completions: MetricsAppender,
    private optimizerSteps: number,
    private readonly norms: VoiceQualityNorms | null,
  ) {
    this.measure = clipMeasurer(folder);
  }

  static async open(
    config: TrainingJobConfig,
    model: TrainableModel,
    hyper: TrainingHyperparameters,
    checkpoint: CheckpointState | null,
    log: (level: 'info' | 'warn', message: string) => void,
  ): Promise<GrpoEngine> {
    const settings = config.grpo;
    if (!settings) throw new TrainingFailure('bad_request', 'a GRPO engine needs config.grpo');
    const problems = validateRewardConfig(settings.rewards);
    if (problems.length) throw new TrainingFailure('bad_request', `GRPO reward settings: ${problems.join('; ')}`);
    if (config.dataset.kind !== 'speech-jsonl')
      throw new TrainingFailure(
        'dataset_invalid',
        'GRPO trains on a speech-jsonl dataset (audio, optional prompt, a target whose <answer> is the truth)',
      );
    let folder: ModelFolder;
    try {
      folder = openModelFolder(config.modelDir);
    } catch (error) {
      throw new TrainingFailure('model_invalid', `GRPO needs an app model folder: ${describeError(error)}`);
    }
    const { graphs, labels } = folder.manifest;
    if (!graphs.trainGrpo || !graphs.logprobs) {
      throw new TrainingFailure(
        'model_invalid',
        `${config.modelDir} ships no ${!graphs.trainGrpo ? 'train_grpo' : 'logprobs'} graph; export the model's graphs with it (tools/model/export.py --graphs …,train_grpo,logprobs)`,
      );
    }
    const records = readSpeechRecords(config.dataset.path).map((r, i): ClipRecord => {
      const truth = parseAnswer(r.target, labels).label;
      if (truth === null || !labels.includes(truth))
        throw new TrainingFailure(
          'dataset_invalid',
          `${config.dataset.path} line ${i + 1}: the target's <answer> is not one of the model's labels (${labels.join(', ')})`,
        );
      return { audio: r.audio, truth, ...(r.prompt !== undefined ? { prompt: r.prompt } : {}) };
    });

    const shapes = trainingShapes(folder.manifest);
    const threads = config.intraOpNumThreads !== undefined ? { intraOpNumThreads: config.intraOpNumThreads } : {};
    const start = readParameters(model);
    const tensors: OptimizerState = checkpoint ? checkpoint.tensors : initialOptimizerState(start);
    const state = checkpoint?.engineState as GrpoEngineState | undefined;
    if (checkpoint && (state === undefined || typeof state.optimizerSteps !== 'number' || state.schedule === undefined)) {
      throw new TrainingFailure(
        'checkpoint_invalid',
        `${path.basename((checkpoint as { file?: string }).file ?? 'checkpoint')} has no GRPO state (schedule, optimiser steps)`,
      );
    }
    const logprobs = await LogprobRunner.open(folder.file(graphs.logprobs.file), model.parameters, shapes, threads);
    const grpo = await GrpoStepRunner.open(folder.file(graphs.trainGrpo.file), model.parameters, shapes, threads);
    const policy = await loadModelWithWeights(config.modelDir, policyWeights(tensors, model.parameters), {
      intraOpNumThreads: settings.samplerThreads ?? 1,
    });
    const norms = folderVoiceQualityNorms(config.modelDir);
    const ctx: GrpoIterationContext = {
      modelDir: config.modelDir,
      slots: model.parameters,
      policy,
      logprobs,
      grpo,
      // The frozen start is the KL reference: the folder's own weights, whatever step we resume at.
      reference: initialOptimizerState(start),
      state: tensors,
      schedule: new ProgressiveSchedule(settings.rewards.schedule, state?.schedule),
      ...(settings.rewards.schedule.mode !== 'never' && settings.rewards.weights.reasoning > 0
        ? { scorer: await openScorer(settings, labels, norms) }
        : {}),
      rewards: settings.rewards,
      rollout: {
        groupSize: settings.groupSize,
        maxTokens: settings.maxTokens,
        ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
        ...(settings.topP !== undefined ? { topP: settings.topP } : {}),
        ...(settings.topK !== undefined ? { topK: settings.topK } : {}),
      },
      loss: {
        beta: settings.beta,
        clipEpsilon: settings.clipEpsilon,
        ...(settings.clipEpsilonHigh !== undefined ? { clipEpsilonHigh: settings.clipEpsilonHigh } : {}),
      },
      maxResamplesPerStep: settings.maxResamplesPerStep,
      samplerThreads: settings.samplerThreads ?? 1,
    };
    // Completion lines after the checkpoint describe steps about to be redone.
    const completionsFile = path.join(config.jobDir, COMPLETIONS_FILE_NAME);
    const dropped = truncateMetricsAfter(completionsFile, checkpoint?.step ?? 0);
    if (dropped > 0) log('info', `dropped ${dropped} completion lines after step ${checkpoint?.step ?? 0}`);
    const order = new DataOrder(records.length, settings.clipsPerStep, config.seed, checkpoint?.position);
    return new GrpoEngine(
      config as TrainingJobConfig & { grpo: GrpoJobSettings },
      hyper,
      folder,
      loadFolderTokenizer(folder),
      records,
      order,
      ctx,
      new MetricsAppender(completionsFile),
      state?.optimizerSteps ?? 0,
      norms,
    );
  }

  get tensors(): OptimizerState {
    return this.ctx.state;
  }

  get position(): DataPosition {
    return this.order.current;
  }

  async step(step: number) {
    const indices = this.order.nextBatch();
    const clips = await Promise.all(indices.map((i) => this.clip(i)));
    const lr = learningRateAt(this.hyper, step, this.config.totalSteps);
    const { metrics, completions } = await runGrpoIteration(this.ctx, clips, {
      step,
      optimizerStep: this.optimizerSteps + 1,
      seed: this.config.seed * 7919 + step,
      lr,
      weightDecay: this.hyper.weightDecay,
      maxGradNorm: this.hyper.maxGradNorm,
    });
    this.optimizerSteps += metrics.optimizerSteps;
    for (const line of completions) this.completions.append(line);
    return {
      step,
      epoch: this.order.current.epoch,
      // NaN (null in JSON) when no update ran: every row truncated, or every group without spread.
      loss: metrics.loss ?? Number.NaN,
      gradNorm: metrics.gradNorm ?? Number.NaN,
      lr,
      stepMs: metrics.stepMs,
      examples: clips.length,
      grpo: metrics,
    };
  }

  engineState(): GrpoEngineState {
    return { schedule: this.ctx.schedule.snapshot(), optimizerSteps: this.optimizerSteps };
  }

  flush(): void {
    this.completions.sync();
  }

  async release(): Promise<void> {
    this.completions.close();
    await Promise.all([this.ctx.policy.release(), this.ctx.logprobs.release(), this.ctx.grpo.release(), this.ctx.scorer?.release?.()]);
  }

  /** Model inputs, prompt and app-written prefix of record `index`, exactly as the app's analysis builds them. */
  private clip(index: number): Promise<GrpoClip> {
    let clip = this.features.get(index);
    if (clip === undefined) {
      clip = this.featurise(index);
      clip.catch(() => this.features.delete(index));
      this.features.set(index, clip);
    }
    return clip;
  }

  private async featurise(index: number): Promise<GrpoClip> {
    const record = this.records[index]!;
    const { manifest } = this.folder;
    let measured;
    try {
      measured = await this.measure(record.audio); // readSpeechRecords resolved it against the file
    } catch (error) {
      throw new TrainingFailure('dataset_invalid', `${record.audio}: ${describeError(error)}`);
    }
    const { features, prosody } = measured;
    const norms = this.norms;
    const prompt = record.prompt ?? (manifest.prompt === CUE_PROMPT_FORMAT ? measuredCuePrompt(prosody, norms) : undefined);
    const prefix =
      manifest.reasoningPrefix === 'measured-cue-sentences' ? measuredCueSentences(prosody, norms, prompt ?? prosody.caption) : undefined;
    const ids = manifest.tokenizer.tokenIds;
    const promptIds = [
      ids.bos,
      ...(prompt ? this.tokenizer.encode(prompt) : []),
      ...(prefix ? [ids.thinkOpen, ...this.tokenizer.encode(prefix)] : []),
    ];
    return {
      id: record.audio,
      truth: record.truth,
      features,
      prosody,
      functionals: prosody.functionals,
      promptIds,
      ...(prefix ? { reasoningPrefix: prefix } : {}),
    };
  }
}
