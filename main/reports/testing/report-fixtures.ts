// A recording and its analysis (no model ran) as the report and table tests start from; each test
// changes what it is about (an explanation, a timeline, hostile text).
import type { AnalysisView } from '../../../shared/types/analysis-view';
import type { RecordingSummary } from '../../../shared/types/library';

export const recording: RecordingSummary = {
  id: '00000000-0000-4000-8000-000000000000',
  originalName: '<b>clip</b>.wav',
  source: 'import',
  format: 'wav/pcm16',
  durationS: 3.2,
  sizeBytes: 100,
  contentHash: 'x',
  createdAt: '2025-01-01T10:00:00.000Z',
  label: null,
  modelId: null,
  reviewed: true,
  analyzedAt: '2025-01-01T10:00:01.000Z',
  caption: 'High pitch, "fast" speech.',
};
export const analysis: AnalysisView = {
  recordingId: recording.id,
  analysisId: 1,
  analyzedAt: '2025-01-01T10:00:01.000Z',
  durationS: 3.2,
  tracks: { frameStepS: 0.01, f0Hz: [], voicedProbability: [], semitones: [], intensityDb: [], isSpeech: [] },
  syllables: [],
  pauses: [],
  speech: [],
  levels: { pitch: 'high', energy: 'normal', speed: 'fast', calibration: 'ravdess', mode: 'corpus' },
  caption: 'High pitch, "fast" speech.',
  summary: {
    medianF0Hz: 231.4,
    pitchRangeSt: 7.2,
    intonation: 'falling',
    articulationRateSylPerS: 5.1,
    syllableCount: 12,
    pauseCount: 1,
    totalPauseS: 0.3,
  },
  explanation: null,
  calibration: null,
  timings: {},
};
