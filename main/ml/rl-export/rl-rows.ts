// One EmotionCoT record as a row of each engine's dataset (issue 17). The prompt is the app's
// measured-cue prompt (what the app's GRPO-PTR feeds its policy) in a chat message that also asks for
// the answer format R_format checks; the ground truth is the record's label; the prosody summary and
// functionals ride along as JSON text, for the reward server's evidence checker and reward model.
import type { EmotionCotRecord } from '../../../shared/types/dataset';
import { measuredCuePrompt, type VoiceQualityNorms } from '../../data';

/** `data_source` of every verl row: the reward adapter knows its rows by it. */
export const DATA_SOURCE = 'emotionthinker/emotion-cot';

/** One chat message (verl and TRL both read a prompt as a list of these). */
export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/** What both engines' rows carry about one clip. */
export interface ClipRow {
  clipId: string;
  audio: string;
  split: string;
  truth: string;
  prompt: ChatMessage[];
  prosodyJson: string;
  functionalsJson: string;
}

export const SYSTEM_PROMPT =
  'You hear one spoken utterance and the prosody the app measured in it. Reason about the measured cues inside <think></think>, then name the emotion inside <answer></answer>.';

/** The user turn: the audio placeholder the policy's processor fills, the measured cues, the label set. */
export function userPrompt(record: EmotionCotRecord, labels: readonly string[], norms: VoiceQualityNorms | null): string {
  return `<audio>\n${measuredCuePrompt(record.prosody, norms)}\nWhich emotion does the speaker express? Answer with one of: ${labels.join(', ')}.`;
}

export function clipRow(record: EmotionCotRecord, audio: string, labels: readonly string[], norms: VoiceQualityNorms | null): ClipRow {
  return {
    // The content hash names the clip wherever the audio is copied to.
    clipId: record.contentHash,
    audio,
    split: record.split,
    truth: record.label,
    prompt: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: userPrompt(record, labels, norms) },
    ],
    prosodyJson: JSON.stringify(record.prosody),
    functionalsJson: JSON.stringify(record.functionals),
  };
}

/** verl's row (its RL dataset docs): data_source, prompt, ability, reward_model, extra_info. */
export function verlRow(row: ClipRow, index: number) {
  return {
    data_source: DATA_SOURCE,
    prompt: row.prompt,
    ability: 'emotion-reasoning',
    reward_model: { style: 'rule', ground_truth: row.truth },
    extra_info: {
      split: row.split,
      index,
      clip_id: row.clipId,
      audio: row.audio,
      prosody_json: row.prosodyJson,
      functionals_json: row.functionalsJson,
    },
  };
}

/** TRL's row: `prompt`, and the columns its reward functions receive as keyword lists. */
export function trlRow(row: ClipRow) {
  return {
    prompt: row.prompt,
    truth: row.truth,
    clip_id: row.clipId,
    audio: row.audio,
    split: row.split,
    prosody_json: row.prosodyJson,
    functionals_json: row.functionalsJson,
  };
}

export type VerlRow = ReturnType<typeof verlRow>;
export type TrlRow = ReturnType<typeof trlRow>;
