// The measured-cue prompt: the clip's prosody measurements as one line of plain words, given to the
// decoder after <bos> so that the reasoning it writes can quote what was measured instead of
// guessing it from the audio. A 2 M-parameter model trained on 960 clips perceives levels at ~50 %
// (issue 6: stage-1 probe), which left 57 % of its claims verified; with the measurements in the
// prompt every cue it restates can be right, and the evidence checker still verifies each one.
// Training (main/ml/recipe) and inference (main/ml/pipeline) both build the prompt here, from the
// same summary fields the trace grammar (trace-grammar.ts) writes its cue sentences from.
import type { ProsodySummary } from '../../../shared/types/dataset';
import type { VoiceQualityNorms } from '../evidence/check-evidence';
import { LONG_PAUSE_S } from '../evidence/check-evidence';
import { voiceQualityWord } from './voice-quality-words';

/** The prompt format a model folder declares in manifest.prompt ('measured-cues-v1'). */
export const CUE_PROMPT_FORMAT = 'measured-cues-v1';

/** The most stressed syllables the trace names (strongest three, in time order). */
export const MAX_STRESSES = 3;

export type CuePromptInput = Pick<ProsodySummary, 'levels' | 'intonation' | 'segmentation' | 'syllables' | 'voiceQuality'>;

const seconds = (t: number): string => `${t.toFixed(2)} s`;

function pauses(s: CuePromptInput): string {
  const list = s.segmentation.pauses;
  if (!list.length) return 'no pauses';
  const long = list.some((p) => p.endS - p.startS >= LONG_PAUSE_S);
  if (list.length === 1) return `one ${long ? 'long ' : ''}pause at ${seconds((list[0]!.startS + list[0]!.endS) / 2)}`;
  return `${list.length} pauses${long ? ', one long' : ''}`;
}

/** Times of the strongest stressed syllables, as the trace grammar chooses them. */
export function stressTimes(s: Pick<ProsodySummary, 'syllables'>): number[] {
  return s.syllables
    .filter((x) => x.stressed)
    .sort((a, b) => b.stressStrength - a.stressStrength)
    .slice(0, MAX_STRESSES)
    .map((x) => x.timeS)
    .sort((a, b) => a - b);
}

/** e.g. "measured: pitch low, range normal, intonation falling, end falling, energy normal, speed fast, no pauses, stress at 1.09 s 1.44 s, voice breathy." */
export function measuredCuePrompt(s: CuePromptInput, norms: VoiceQualityNorms | null): string {
  const stress = stressTimes(s);
  const quality = voiceQualityWord(s, norms);
  const parts = [
    `pitch ${s.levels.pitch}`,
    `range ${s.intonation.rangeClass}`,
    `intonation ${s.intonation.pattern}`,
    `end ${s.intonation.finalMovement}`,
    `energy ${s.levels.energy}`,
    `speed ${s.levels.speed}`,
    pauses(s),
    stress.length ? `stress at ${stress.map(seconds).join(' ')}` : 'no clear stress',
    `voice ${quality ?? 'unremarkable'}`,
  ];
  return `measured: ${parts.join(', ')}.`;
}
