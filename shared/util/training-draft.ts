// The train form's draft (what the user is typing, kept for the tab's life) and the two things done
// with it outside the component: the per-field problems shown as it is typed (main repeats every
// check on its side) and the form the draft becomes when it is sent. Pure, so it is tested here.
import type { TrainingForm } from '../types/training-jobs';
import { isGrpoStage, isRewardModelStage } from './training-form-defaults';

export type DatasetSplitChoice = 'train' | 'validation' | 'test' | 'all';

export type TrainingDraft = Omit<TrainingForm, 'dataset'> & {
  source: 'dataset' | 'file';
  datasetId: string;
  split: DatasetSplitChoice;
  filePath: string;
  fileLicence: string;
};

/** Problems per field name, in words; empty when the draft can be sent. */
export function draftProblems(draft: TrainingDraft): Record<string, string> {
  const p: Record<string, string> = {};
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const int = (v: unknown): v is number => num(v) && Number.isInteger(v);
  const rewardStage = isRewardModelStage(draft.stage);
  if (!draft.name.trim()) p.name = 'Give the job a name.';
  if (!draft.baseModelKey && !rewardStage) p.baseModelKey = 'Choose a base model (only models with training graphs can be fine-tuned).';
  if (draft.source === 'dataset' && !draft.datasetId) p.dataset = 'Choose a dataset.';
  if (rewardStage) {
    if (draft.source !== 'dataset') p.dataset = 'The reasoning reward model trains on an imported dataset’s EmotionCoT records.';
    if (!draft.rewardModelKey) p.rewardModelKey = 'Choose the reward model to start from (no trained one is available).';
    if (!int(draft.corruptedCopies) || draft.corruptedCopies < 0 || draft.corruptedCopies > 20)
      p.corruptedCopies = '0 to 20 corrupted copies per trace.';
  }
  if (draft.source === 'file' && !draft.filePath.startsWith('/') && !/^[A-Za-z]:\\/.test(draft.filePath))
    p.dataset = 'Give the training file’s full path.';
  if (!num(draft.lr) || draft.lr <= 0 || draft.lr > 1) p.lr = 'The learning rate must be above 0 and at most 1.';
  if (!int(draft.steps) || draft.steps < 1) p.steps = 'At least one step.';
  if (!int(draft.warmupSteps) || draft.warmupSteps < 0) p.warmupSteps = 'Warm-up steps: 0 or more.';
  else if (draft.warmupSteps > draft.steps) p.warmupSteps = 'Warm-up cannot be longer than the job.';
  if (!int(draft.checkpointEvery) || draft.checkpointEvery < 1) p.checkpointEvery = 'At least every 1 step.';
  if (!int(draft.threads) || draft.threads < 1 || draft.threads > 64) p.threads = '1 to 64 threads.';
  if (!int(draft.seed) || draft.seed < 0) p.seed = 'A whole number, 0 or more.';
  if (isGrpoStage(draft.stage)) {
    if (!int(draft.groupSize) || draft.groupSize < 2 || draft.groupSize > 64)
      p.groupSize = 'K must be 2 to 64 (advantages compare completions).';
    if (!int(draft.clipsPerStep) || draft.clipsPerStep < 1 || draft.clipsPerStep > 64) p.clipsPerStep = '1 to 64 clips per step.';
    if (!num(draft.beta) || draft.beta < 0 || draft.beta > 10) p.beta = 'β from 0 to 10.';
    if (!int(draft.maxTokens) || draft.maxTokens < 4 || draft.maxTokens > 512) p.maxTokens = '4 to 512 tokens.';
    const w = draft.rewardWeights;
    if (![w.format, w.outcome, w.reasoning].every((x) => num(x) && x >= 0 && x <= 10)) p.rewardWeights = 'Each weight from 0 to 10.';
    else if (w.format + w.outcome + w.reasoning <= 0) p.rewardWeights = 'At least one reward weight must be above 0.';
    if (!num(draft.progressiveThreshold) || draft.progressiveThreshold < 0 || draft.progressiveThreshold > 1)
      p.progressiveThreshold = 'A share from 0 to 1.';
    if (!int(draft.progressiveWindow) || draft.progressiveWindow < 1) p.progressiveWindow = 'At least 1 step.';
    if (draft.scorer === 'reward-model' && !draft.rewardModelKey)
      p.scorer = 'Choose the reward model that scores R_reason, or the evidence checker.';
    if (draft.scorer === 'reward-model' && draft.ablation === 'checker')
      p.scorer = 'The checker ablation scores R_reason with the evidence checker.';
    if (draft.clipEpsilonHigh != null && (!num(draft.clipEpsilonHigh) || draft.clipEpsilonHigh < 0.01 || draft.clipEpsilonHigh > 1))
      p.clipEpsilonHigh = 'ε_high from 0.01 to 1 (empty: equal to ε = 0.2).';
  }
  return p;
}

/** The form a (plain, snapshotted) draft sends: each stage with the fields it uses and nothing else. */
export function draftToForm(draft: TrainingDraft): TrainingForm {
  const { source, datasetId, split, filePath, fileLicence, rewardModelKey, corruptedCopies, scorer, ablation, clipEpsilonHigh, ...rest } =
    draft;
  const dataset =
    rest.stage === 'reward-model'
      ? { kind: 'dataset' as const, datasetId, split: 'all' as const }
      : source === 'dataset'
        ? { kind: 'dataset' as const, datasetId, split }
        : { kind: 'file' as const, path: filePath.trim(), licence: fileLicence };
  const stageFields =
    rest.stage === 'reward-model'
      ? {
          ...(rewardModelKey ? { rewardModelKey } : {}),
          ...(corruptedCopies != null ? { corruptedCopies } : {}),
          baseModelKey: rest.baseModelKey || (rewardModelKey ?? ''),
        }
      : rest.stage === 'grpo-ptr'
        ? {
            scorer: scorer ?? 'evidence-checker',
            ablation: ablation ?? 'full',
            ...(scorer === 'reward-model' && rewardModelKey ? { rewardModelKey } : {}),
            ...(clipEpsilonHigh != null ? { clipEpsilonHigh } : {}),
          }
        : {};
  return { ...rest, ...stageFields, name: rest.name.trim(), dataset };
}
