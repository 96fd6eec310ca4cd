// Splits a long recording into utterances at its pauses (issue 15): the emotion model was trained on
// single utterances of a few seconds, and takes at most its clip limit (30 s), so a clinic session of
// minutes is explained utterance by utterance and shown as an emotion timeline.
import type { ProsodyAnalysis, TimeInterval } from '../../../shared/types/prosody';
import { segmentsFromFrames, speechFrames, type SegmentationOptions } from '../../prosody';

export interface UtteranceSplitOptions {
  /** Shorter stretches are merged with the next one (s): the model reads utterances of a few seconds. */
  minS: number;
  /** No utterance is longer (s); a longer stretch without a pause is cut into equal pieces. */
  maxS: number;
  /** Stretches further apart than this are never merged (s): a long silence ends a turn. */
  maxMergeGapS: number;
  /** Silence kept around each utterance's speech (s), never past the middle of the gap to a neighbour. */
  paddingS: number;
}

export const DEFAULT_UTTERANCE_SPLIT: UtteranceSplitOptions = { minS: 3, maxS: 30, maxMergeGapS: 1.5, paddingS: 0.15 };

/** Recordings longer than this (s) are explained as a timeline of utterances rather than as one clip. */
export const TIMELINE_MIN_RECORDING_S = 15;

/**
 * Speech for splitting a long recording. The analysis's own segmentation counts speech from 25 dB
 * below the recording's loudest frames, which suits one utterance; over minutes a calm turn after an
 * angry one falls below it and breaks into fragments. Here speech is what stands clear of the
 * recording's noise floor (and voiced frames above it), with pauses of at least 0.3 s between.
 */
const SPLIT_SEGMENTATION: SegmentationOptions = {
  silenceBelowPeakDb: 50,
  minAboveFloorDb: 12,
  minPauseS: 0.3,
  minSpeechS: 0.1,
  // Over a whole session a calm turn may lie far below the loudest one: no island test here.
  islandBelowPeakDb: Infinity,
  islandGapS: 0,
};

/** What the split reads of a measured recording. */
export interface SplitInput {
  frames: Pick<ProsodyAnalysis['frames'], 'frameStepS' | 'f0Hz' | 'rmsDbfs'>;
  segmentation: Pick<ProsodyAnalysis['segmentation'], 'speech'>;
  durationS: number;
}

/** The speech stretches of a measured recording, for splitting it into utterances. */
export function speechForSplit(prosody: SplitInput): TimeInterval[] {
  const { frames } = prosody;
  // Rows stored before the RMS track was kept have none: their own segmentation is the best there is.
  if (frames.rmsDbfs.length === 0 || frames.rmsDbfs.length !== frames.f0Hz.length) return prosody.segmentation.speech;
  return splitSpeech(frames, prosody.durationS);
}

/** Speech against the noise floor (SPLIT_SEGMENTATION) from a level track and an F0 track of equal length. */
export function splitSpeech(frames: SplitInput['frames'], durationS: number): TimeInterval[] {
  if (frames.rmsDbfs.length !== frames.f0Hz.length) throw new RangeError('the level and F0 tracks must have one value per frame');
  const voiced = Uint8Array.from(frames.f0Hz, (f) => (f > 0 ? 1 : 0));
  const isSpeech = speechFrames(frames.rmsDbfs, voiced, frames.frameStepS, SPLIT_SEGMENTATION);
  return segmentsFromFrames(isSpeech, frames.frameStepS, durationS).speech;
}

/**
 * Utterances covering the speech stretches of a recording, in time order, without overlap: each at
 * most `maxS` long, short neighbours merged up to `minS` when the silence between them is short.
 * No speech → no utterances.
 */
export function splitIntoUtterances(
  speech: readonly TimeInterval[],
  durationS: number,
  options: UtteranceSplitOptions = DEFAULT_UTTERANCE_SPLIT,
): TimeInterval[] {
  if (!(options.minS > 0 && options.maxS - 2 * options.paddingS >= options.minS))
    throw new RangeError('utterance split needs 0 < minS <= maxS - 2 * paddingS');
  // The padding counts toward maxS, so no padded utterance exceeds it.
  const limit = options.maxS - 2 * options.paddingS;
  const stretches = speech
    .map((s) => ({ startS: Math.max(0, s.startS), endS: Math.min(durationS, s.endS) }))
    .filter((s) => s.endS > s.startS)
    .sort((a, b) => a.startS - b.startS)
    .flatMap((s) => cutToMax(s, limit));
  const merged: TimeInterval[] = [];
  for (const stretch of stretches) {
    const last = merged.at(-1);
    const canMerge =
      last !== undefined &&
      last.endS - last.startS < options.minS &&
      stretch.startS - last.endS <= options.maxMergeGapS &&
      stretch.endS - last.startS <= limit;
    if (canMerge) last.endS = stretch.endS;
    else merged.push({ ...stretch });
  }
  // A short last utterance joins the one before it when it can.
  if (merged.length >= 2) {
    const last = merged.at(-1)!;
    const before = merged.at(-2)!;
    if (last.endS - last.startS < options.minS && last.startS - before.endS <= options.maxMergeGapS && last.endS - before.startS <= limit) {
      before.endS = last.endS;
      merged.pop();
    }
  }
  return merged.map((u, i) => {
    const previousEnd = i > 0 ? merged[i - 1]!.endS : 0;
    const nextStart = i + 1 < merged.length ? merged[i + 1]!.startS : durationS;
    const lo = i > 0 ? (previousEnd + u.startS) / 2 : 0;
    const hi = i + 1 < merged.length ? (u.endS + nextStart) / 2 : durationS;
    return { startS: round3(Math.max(lo, u.startS - options.paddingS)), endS: round3(Math.min(hi, u.endS + options.paddingS)) };
  });
}

/** A stretch longer than maxS as equal pieces of at most maxS. */
function cutToMax(stretch: TimeInterval, maxS: number): TimeInterval[] {
  const length = stretch.endS - stretch.startS;
  if (length <= maxS) return [stretch];
  const pieces = Math.ceil(length / maxS);
  const step = length / pieces;
  return Array.from({ length: pieces }, (_, k) => ({ startS: stretch.startS + k * step, endS: stretch.startS + (k + 1) * step }));
}

const round3 = (s: number): number => Math.round(s * 1000) / 1000;
