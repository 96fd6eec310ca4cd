// What each stage of the default recipe trains on, as records of the training runtime's speech-jsonl:
//   stage 1: every training clip's single-clip drills and comparative pairs, in one seeded order;
//   stage 2: the CoT traces of the originals and of the augmented copies (each after its own
//   measured-cue prompt), emotion drills balanced per corpus and label (originals and copies), and one
//   kept prosody drill per training clip.
import { shuffled } from '../../../shared/util/maths';
import type { SpeechSftRecord } from '../../../shared/types/training';
import { balanceCorpora } from './corpus-mix';
import { taskTarget } from './prosody-tasks';
import { RECIPE_SEEDS } from './recipe-plan';
import { EMOTION_DRILL_ANSWER_WEIGHT, EMOTION_DRILL_QUESTION, seededRandom, taskRecord, type TaskExample } from './stage-datasets';

/** Stage 1's records: the training drills in the recipe's order. */
export function stage1Records(trainTasks: readonly TaskExample[]): SpeechSftRecord[] {
  return shuffled(seededRandom(RECIPE_SEEDS.stage1Order), trainTasks.map(taskRecord));
}

/** A clip that can be drilled on: its audio, corpus, label, prompt and full CoT target. */
export interface MixClip {
  audio: string;
  corpus: string;
  label: string;
  prompt: string;
  target: string;
}

export interface Stage2Mix {
  records: SpeechSftRecord[];
  /** Traces of originals and copies. */
  traces: number;
  copyTraces: number;
  emotionDrills: number;
  prosodyDrills: number;
}

/**
 * Stage 2's records. `originals` are the training clips, `copies` their augmented copies (prompt and
 * trace of their own), `trainTasks` stage 1's drills, of which `originals.length` are kept.
 */
export function stage2Mix(originals: readonly MixClip[], copies: readonly MixClip[], trainTasks: readonly TaskExample[]): Stage2Mix {
  const traces: SpeechSftRecord[] = [...originals, ...copies].map((r) => ({ audio: r.audio, prompt: r.prompt, target: r.target }));
  // Cells interleave originals and copies, so the first pass through a cell meets each clip once.
  const drillPool = shuffled(seededRandom(RECIPE_SEEDS.drillPool), [...originals, ...copies]);
  const labelDrills: SpeechSftRecord[] = balanceCorpora(drillPool).map((r) => ({
    audio: r.audio,
    prompt: `${r.prompt} ${EMOTION_DRILL_QUESTION}`,
    target: taskTarget(r.label),
    answerWeight: EMOTION_DRILL_ANSWER_WEIGHT,
  }));
  const keptDrills = shuffled(seededRandom(RECIPE_SEEDS.keptDrills), trainTasks.map(taskRecord)).slice(0, originals.length);
  return {
    records: shuffled(seededRandom(RECIPE_SEEDS.stage2Order), [...traces, ...labelDrills, ...keptDrills]),
    traces: traces.length,
    copyTraces: copies.length,
    emotionDrills: labelDrills.length,
    prosodyDrills: keptDrills.length,
  };
}

/** A copy's CoT target: its own trace and its label. */
export const copyTarget = (trace: string, label: string): string => `<think>${trace}</think><answer>${label}</answer>`;

/**
 * Stage 2's mix of the recipe's training clips (each asked with its measured-cue prompt, its own
 * target) and their augmented copies (their own prompt and trace): what train:default and
 * train:refresh both train on.
 */
export function recipeStage2Mix<Clip extends { audio: string; corpus: string; label: string; target: string }>(
  train: readonly Clip[],
  promptOf: (clip: Clip) => string,
  copies: readonly { audio: string; corpus: string; label: string; prompt: string; trace: string }[],
  trainTasks: readonly TaskExample[],
): Stage2Mix {
  const originals: MixClip[] = train.map((r) => ({
    audio: r.audio,
    corpus: r.corpus,
    label: r.label,
    prompt: promptOf(r),
    target: r.target,
  }));
  const copyClips: MixClip[] = copies.map((c) => ({
    audio: c.audio,
    corpus: c.corpus,
    label: c.label,
    prompt: c.prompt,
    target: copyTarget(c.trace, c.label),
  }));
  return stage2Mix(originals, copyClips, trainTasks);
}
