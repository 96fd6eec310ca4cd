// A stored analysis shaped for the charts: tracks rounded and JSON-safe, marks and headline numbers.
import type { AnalysisView, Explanation } from '../../shared/types/analysis-view';
import type { ModelOutput, StoredAnalysis } from '../store/analysis-repository';

/** Tracks rounded to what a chart can show; NaN/±Infinity become null. */
function displayTrack(values: ArrayLike<number>, digits: number): (number | null)[] {
  const scale = 10 ** digits;
  return Array.from(values, (v) => (Number.isFinite(v) ? Math.round(v * scale) / scale : null));
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export function toAnalysisView(analysis: StoredAnalysis): AnalysisView {
  const { prosody } = analysis;
  const { frames } = prosody;
  return {
    recordingId: analysis.recordingId,
    analysisId: analysis.id,
    analyzedAt: analysis.createdAt,
    durationS: prosody.durationS,
    tracks: {
      frameStepS: frames.frameStepS,
      f0Hz: displayTrack(frames.f0Hz, 1),
      voicedProbability: displayTrack(frames.voicedProbability, 2),
      semitones: displayTrack(frames.semitones, 2),
      intensityDb: displayTrack(frames.intensityDb, 1),
      isSpeech: Array.from(frames.isSpeech),
    },
    syllables: prosody.syllables.map((s) => ({
      timeS: s.timeS,
      f0Hz: finiteOrNull(s.f0Hz),
      intensityDb: finiteOrNull(s.intensityDb),
      stressed: s.stressed,
      stressStrength: Number.isFinite(s.stressStrength) ? s.stressStrength : 0,
    })),
    pauses: prosody.segmentation.pauses,
    speech: prosody.segmentation.speech,
    levels: prosody.levels,
    caption: prosody.caption,
    summary: {
      medianF0Hz: finiteOrNull(prosody.pitch.medianHz),
      pitchRangeSt: finiteOrNull(prosody.intonation.rangeSt),
      intonation: prosody.intonation.pattern,
      articulationRateSylPerS: finiteOrNull(prosody.rate.articulationRateSylPerS),
      syllableCount: prosody.rate.syllableCount,
      pauseCount: prosody.rate.pauseCount,
      totalPauseS: Number.isFinite(prosody.rate.totalPauseS) ? prosody.rate.totalPauseS : 0,
    },
    explanation: analysis.model ? toExplanation(analysis.model) : null,
    calibration: analysis.calibration,
    timings: analysis.timings,
  };
}

/** The model's part of an analysis; older rows without details count as well-formed real output. */
function toExplanation(model: ModelOutput): Explanation {
  const d = model.details;
  return {
    modelId: model.modelId,
    label: model.label,
    probabilities: model.probabilities,
    reasoning: model.reasoning,
    claims: model.claims,
    modelKey: d?.modelKey ?? '',
    modelName: d?.modelName ?? model.modelId,
    testModel: d?.testModel ?? false,
    answered: d ? d.answered : model.label || null,
    wellFormed: d?.wellFormed ?? model.label !== '',
    problems: d?.problems ?? [],
    probabilitySource: d?.probabilitySource ?? 'generated-answer',
    modelPrompt: d?.modelPrompt ?? null,
    reasoningPrefix: d?.reasoningPrefix ?? null,
    ...(d?.inputQuality ? { inputQuality: d.inputQuality } : {}),
    ...(d?.rawProbabilities ? { rawProbabilities: d.rawProbabilities } : {}),
    ...(d?.segments ? { segments: d.segments } : {}),
  };
}
