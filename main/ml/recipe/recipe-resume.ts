// Resuming the recipe: every phase leaves a file behind when it is finished, and a rerun skips the
// phases whose file is there (a training stage that was interrupted resumes from its job folder's
// checkpoints, which is the training runtime's own contract). The steps each stage reached and its
// wall time are kept in the work folder's steps.json, since an exported folder does not say whether
// it was cut short by a time budget.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RecipePaths } from './recipe-plan';

/** steps.json: steps reached and minutes spent per stage; earlierMinutes: time of runs before this record. */
export interface RecipeLedgerEntries {
  stage1?: number;
  stage1Minutes?: number;
  stage2?: number;
  stage2Minutes?: number;
  decay?: number;
  decayMinutes?: number;
  earlierMinutes?: number;
}

export class RecipeLedger {
  readonly entries: RecipeLedgerEntries;

  constructor(private readonly file: string) {
    this.entries = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as RecipeLedgerEntries) : {};
  }

  /** Records a finished stage (its steps and the minutes it added) and saves at once. */
  recordStage(stage: 'stage1' | 'stage2' | 'decay', steps: number, minutes: number): void {
    this.entries[stage] = steps;
    this.entries[`${stage}Minutes`] = minutes;
    writeFileSync(this.file, JSON.stringify(this.entries));
  }
}

/** A model folder is finished once its manifest is there (exports write it last). */
export const modelFolderDone = (dir: string): boolean => existsSync(path.join(dir, 'manifest.json'));

/** Whether a corpus' EmotionCoT build finished (its meta file says complete). */
export function cotBuildDone(metaFile: string): boolean {
  if (!existsSync(metaFile)) return false;
  return (JSON.parse(readFileSync(metaFile, 'utf8')) as { complete?: boolean }).complete === true;
}

/** What a run would do next in this work folder: each phase is done, or still to run. */
export interface ResumeState {
  /** Corpora whose EmotionCoT records must be built (again). */
  cotToBuild: string[];
  copiesToMake: boolean;
  initToExport: boolean;
  stage1ToTrain: boolean;
  stage2ToTrain: boolean;
  decayToTrain: boolean;
  /** The model the run ends on: the decay continuation's when it ran any steps, else stage 2's. */
  finalTag: 'stage2' | 'stage2-decay';
}

export function resumeState(
  paths: RecipePaths,
  corpora: readonly string[],
  plan: { copies: number; decaySteps: number },
  ledger: RecipeLedgerEntries,
): ResumeState {
  return {
    cotToBuild: corpora.filter((corpus) => !cotBuildDone(paths.cotMeta(corpus))),
    copiesToMake: plan.copies > 0 && !paths.copyShards.every((file) => existsSync(file)),
    initToExport: !modelFolderDone(paths.initDir),
    stage1ToTrain: !modelFolderDone(paths.stage1Model),
    stage2ToTrain: !modelFolderDone(paths.stage2Model),
    decayToTrain: plan.decaySteps > 0 && !modelFolderDone(paths.decayModel),
    finalTag: finalStage(plan.decaySteps, ledger).tag,
  };
}

/** Which stage's export is the model, and the decay steps it ran (0 when the decay did not run). */
export function finalStage(decaySteps: number, ledger: RecipeLedgerEntries): { tag: 'stage2' | 'stage2-decay'; decayDone: number } {
  const decayDone = decaySteps > 0 ? (ledger.decay ?? 0) : 0;
  return { tag: decayDone > 0 ? 'stage2-decay' : 'stage2', decayDone };
}

/** The cached result in `file`, else `compute()`'s, written there for the next run. */
export async function cachedJson<T>(file: string, compute: () => Promise<T>): Promise<T> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as T;
  const value = await compute();
  writeFileSync(file, JSON.stringify(value, null, 1));
  return value;
}
