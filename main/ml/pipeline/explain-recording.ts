// A long recording as an emotion timeline (issue 15): split at its pauses into utterances, each
// measured and explained on its own by analyzeClip (the model was trained on single utterances and
// takes at most its clip limit), then the recording's answer drawn from theirs. Each answer's times
// are moved onto the recording's time axis (recording-time.ts).
import type { RecordingSegment, RecordingTimeline } from '../../../shared/types/analysis-result';
import type { AudioSourceInfo, AudioWarning, MonoAudio } from '../../../shared/types/audio';
import type { RunSegment } from '../../../shared/types/explanation-stream';
import type { ProsodyAnalysis, TimeInterval } from '../../../shared/types/prosody';
import { analyzeClip, modelFor, type AnalyzeClipOptions } from './analyze-clip';
import { onRecordingTime } from './recording-time';
import { summarizeTimeline } from './timeline-summary';
import { DEFAULT_UTTERANCE_SPLIT, speechForSplit, splitIntoUtterances, type UtteranceSplitOptions } from './utterance-split';

export interface ExplainRecordingOptions extends AnalyzeClipOptions {
  split?: UtteranceSplitOptions;
  /** An utterance is about to be explained (its tokens follow through onToken). */
  onSegment?: (segment: RunSegment) => void;
}

/** The recording (decoded, with its measured prosody) as a timeline of explained utterances. */
export async function explainRecording(
  recording: { audio: MonoAudio; prosody: ProsodyAnalysis; name: string; source?: AudioSourceInfo | null; warnings?: AudioWarning[] },
  options: ExplainRecordingOptions = {},
): Promise<RecordingTimeline> {
  const started = performance.now();
  const model = await modelFor(options); // loaded once for every utterance
  const { audio, prosody, name } = recording;
  const utterances = splitIntoUtterances(speechForSplit(prosody), prosody.durationS, options.split ?? DEFAULT_UTTERANCE_SPLIT);
  const { split: _split, onSegment, ...clipOptions } = options;
  const segments: RecordingSegment[] = [];
  for (const [index, utterance] of utterances.entries()) {
    onSegment?.({ index, total: utterances.length, startS: utterance.startS, endS: utterance.endS });
    const result = await analyzeClip(
      {
        audio: audioSpan(audio, utterance),
        name: `${name} ${utterance.startS.toFixed(2)}–${utterance.endS.toFixed(2)} s`,
      },
      { ...clipOptions, model },
    );
    segments.push({ startS: utterance.startS, endS: utterance.endS, result: onRecordingTime(result, utterance.startS) });
  }
  const overall = summarizeTimeline(segments, {
    file: name,
    modelId: model.folder.manifest.id,
    labels: model.folder.manifest.labels,
    prosody,
    source: recording.source ?? null,
    warnings: recording.warnings ?? [],
    totalMs: performance.now() - started,
  });
  return { overall, segments };
}

/** A stretch of the audio (a copy, clamped to the audio). */
export function audioSpan(audio: MonoAudio, span: TimeInterval): MonoAudio {
  const from = Math.max(0, Math.round(span.startS * audio.sampleRate));
  const to = Math.min(audio.samples.length, Math.round(span.endS * audio.sampleRate));
  return { samples: audio.samples.slice(from, to), sampleRate: audio.sampleRate };
}
