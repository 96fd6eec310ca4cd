// A long recording's prosody measured turn by turn (issue 15). The analysis finds pitch, speech and
// syllable nuclei relative to the loudest stretch it sees: right for one utterance, wrong over minutes
// of turns — a calm speaker after an angry one (RAVDESS turns peak 50–60 dB apart) gets no pitch, is
// drawn as one long pause and has no syllables. The recording is split into utterances for its emotion
// timeline anyway (at the noise floor, utterance-split.ts) and each is explained on its own; so the
// recording is measured with the same split as its turns: pitch, speech and syllables per turn, the
// stretches between turns pauses, and levels, voice quality and functionals over the whole.
import type { MonoAudio } from '../../../shared/types/audio';
import type { ProsodyAnalysis, TimeInterval } from '../../../shared/types/prosody';
import { analyzeProsody, speechLevelDb, trackPitch, type AnalyzeProsodyOptions } from '../../prosody';
import {
  DEFAULT_UTTERANCE_SPLIT,
  splitSpeech,
  splitIntoUtterances,
  TIMELINE_MIN_RECORDING_S,
  type UtteranceSplitOptions,
} from './utterance-split';

/** The turns a recording is measured and explained by: its utterances, from one whole-recording pass. */
export function recordingTurns(audio: MonoAudio, split: UtteranceSplitOptions = DEFAULT_UTTERANCE_SPLIT): TimeInterval[] {
  // What the split reads: the level track and the voiced frames (no nuclei, no voice quality).
  const pitch = trackPitch(audio);
  const durationS = audio.samples.length / audio.sampleRate;
  const frames = { frameStepS: pitch.frameStepS, f0Hz: pitch.f0Hz, rmsDbfs: speechLevelDb(audio) };
  return splitIntoUtterances(splitSpeech(frames, durationS), durationS, split);
}

/**
 * analyzeProsody for a recording of any length: one utterance's worth (≤ TIMELINE_MIN_RECORDING_S) as
 * it is, a longer one turn by turn.
 */
export function analyzeRecordingProsody(
  audio: MonoAudio,
  options: AnalyzeProsodyOptions = {},
  split: UtteranceSplitOptions = DEFAULT_UTTERANCE_SPLIT,
): ProsodyAnalysis {
  if (audio.samples.length / audio.sampleRate <= TIMELINE_MIN_RECORDING_S) return analyzeProsody(audio, options);
  return analyzeProsody(audio, { ...options, turns: recordingTurns(audio, split) });
}
