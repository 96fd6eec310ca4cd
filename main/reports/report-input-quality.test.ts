// The report and the table export say when a recording is unlike the training data (issue 11): a
// warning and the lowered confidence next to the label, "Cannot judge" instead of a label, and the
// input measures as columns — with input qualities measured on real signals.
import { describe, expect, it } from 'vitest';
import type { AnalysisView, Explanation } from '../../shared/types/analysis-view';
import type { InputQuality } from '../../shared/types/input-quality';
import type { RecordingSummary } from '../../shared/types/library';
import { speechLikeSamples } from '../library/testing/library-fixture';
import { analyzeProsody, inputQuality, shownProbabilities } from '../prosody';
import { reportHtml } from './report-html';
import { tableRows, toCsv } from './table-export';

const SR = 16000;
const measured = (samples: Float32Array): InputQuality => {
  const audio = { samples, sampleRate: SR };
  return inputQuality(audio, analyzeProsody(audio), null, undefined);
};
let seed = 5;
const uniform = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
// Ten harmonics of a ~200 Hz voice reach 2.2 kHz: judgeable, but far narrower than the training clips.
const narrowband = measured(speechLikeSamples(3));
const noiseOnly = measured(
  Float32Array.from({ length: 3 * SR }, () => 0.05 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())),
);

const recording: RecordingSummary = {
  id: '00000000-0000-4000-8000-000000000001',
  originalName: 'clip.wav',
  source: 'import',
  format: 'wav/pcm16',
  durationS: 3,
  sizeBytes: 100,
  contentHash: 'x',
  createdAt: '2025-01-01T10:00:00.000Z',
  label: null,
  modelId: 'm',
  reviewed: false,
  analyzedAt: '2025-01-01T10:00:01.000Z',
  caption: 'c',
};
const raw = { angry: 0.8, sad: 0.15, calm: 0.05 };
function viewWith(quality: InputQuality, label: string, answered: string): AnalysisView {
  const explanation: Explanation = {
    modelId: 'm',
    modelName: 'Model',
    label,
    answered,
    probabilities: shownProbabilities(raw, quality.severity),
    rawProbabilities: raw,
    reasoning: 'The pitch is high.',
    claims: [],
    testModel: false,
    wellFormed: true,
    problems: [],
    inputQuality: quality,
  };
  return {
    recordingId: recording.id,
    analysisId: 1,
    analyzedAt: '2025-01-01T10:00:01.000Z',
    durationS: 3,
    tracks: { frameStepS: 0.01, f0Hz: [], voicedProbability: [], semitones: [], intensityDb: [], isSpeech: [] },
    syllables: [],
    pauses: [],
    speech: [],
    levels: { pitch: 'high', energy: 'normal', speed: 'fast', calibration: 'ravdess', mode: 'corpus' },
    caption: 'c',
    summary: {
      medianF0Hz: 200,
      pitchRangeSt: 3,
      intonation: 'falling',
      articulationRateSylPerS: 4,
      syllableCount: 8,
      pauseCount: 1,
      totalPauseS: 0.3,
    },
    explanation,
    calibration: null,
    timings: {},
  };
}
const report = (analysis: AnalysisView) =>
  reportHtml({ recording, analysis, review: null, charts: [], generatedAt: new Date('2025-01-02T00:00:00Z') });

describe('input quality in the report and the table', () => {
  it('prints the label with the warning and the lowered confidence for an out-of-range recording', () => {
    expect(narrowband).toMatchObject({ judgeable: true, outOfRange: true });
    const html = report(viewWith(narrowband, 'angry', 'angry'));
    expect(html).toMatch(/<strong>angry<\/strong> \(model Model\) — angry \d+ %/);
    expect(html).toMatch(
      /data-section="input-quality".*Input unlike the training data:.*band-limited to 2\.\d kHz.*Confidence lowered from 80 % to \d+ %\./,
    );
  });

  it('prints "Cannot judge" and the reason, never a label or its probabilities, for a recording the model cannot judge', () => {
    expect(noiseOnly.judgeable).toBe(false);
    const html = report(viewWith(noiseOnly, '', 'angry'));
    expect(html).toMatch(
      /<p data-section="explanation" class="flagged"><strong>Cannot judge: the clip is noise or a steady tone.* The model answered “angry”, which is not a judgement\.<\/strong>/,
    );
    expect(html).not.toMatch(/angry \d+ %/);
    expect(html).not.toContain('<p data-section="input-quality"');
  });

  it('adds whether the model could judge, the warning and the measures as columns, null-free where measured', () => {
    const rows = tableRows([
      { recording, analysis: viewWith(narrowband, 'angry', 'angry'), review: null },
      { recording, analysis: viewWith(noiseOnly, '', 'angry'), review: null },
      { recording, analysis: null, review: null },
    ]);
    expect(rows[0]).toMatchObject({
      model_label: 'angry',
      input_judgeable: 'yes',
      bandwidth_hz: expect.any(Number),
      snr_db: expect.any(Number),
    });
    expect(String(rows[0]!.input_warning)).toMatch(/^narrowband: The audio is band-limited/);
    expect(rows[1]).toMatchObject({ model_label: '', input_judgeable: 'no' });
    expect(String(rows[1]!.input_warning)).toMatch(/^noisy: The clip is noise/);
    expect(rows[2]).toMatchObject({ input_judgeable: null, input_warning: null, snr_db: null });
    for (const row of rows)
      for (const value of Object.values(row)) if (typeof value === 'number') expect(Number.isFinite(value)).toBe(true);
    expect(toCsv(rows).split('\r\n')[0]).toContain(
      'model_label,input_judgeable,input_warning,snr_db,bandwidth_hz,speech_s,clipped_share,utterance_rms_z,calibration,review_label',
    );
  });
});
