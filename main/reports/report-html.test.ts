import { describe, expect, it } from 'vitest';
import type { AnalysisView } from '../../shared/types/analysis-view';
import { reportHtml } from './report-html';
import { analysis, recording } from './testing/report-fixtures';
import { tableRows, toCsv } from './table-export';

const review = {
  recordingId: recording.id,
  label: 'happy',
  labelDecision: 'corrected' as const,
  ratings: { factualAlignment: 4, interpretativeQuality: 3, captionCompleteness: 5, fluency: 2 },
  notes: 'Laughs at the end & smiles.',
  reviewer: 'Dr. Lee',
  patient: 'P-0042 <Jane>',
  sessionDate: '2025-01-01',
  sessionDetails: 'speech clinic, reading task',
  createdAt: '2025-01-01T11:00:00.000Z',
  updatedAt: '2025-01-01T11:05:00.000Z',
};

describe('the one-page report', () => {
  it('holds the measures, caption, charts, the no-model state and the review, with every value escaped', () => {
    const html = reportHtml({
      recording,
      analysis,
      review,
      charts: [{ title: 'Pitch', dataUrl: 'data:image/png;base64,AAAA' }],
      generatedAt: new Date('2025-01-02T00:00:00Z'),
    });
    expect(html).toContain('&lt;b&gt;clip&lt;/b&gt;.wav');
    expect(html).not.toContain('<b>clip');
    expect(html).toContain('High pitch, &quot;fast&quot; speech.');
    expect(html).toContain('231 Hz');
    expect(html).toContain('Levels relative to the training corpora (RAVDESS), not to your own recordings.');
    const calibrated = reportHtml({
      recording,
      analysis: { ...analysis, calibration: { id: 'c1', name: 'Clinic <room>', clips: 12 } },
      review: null,
      charts: [],
      generatedAt: new Date('2025-01-02T00:00:00Z'),
    });
    expect(calibrated).toContain('Levels relative to: Clinic &lt;room&gt; (12 recordings).');
    expect(html).toContain('<img alt="Pitch" src="data:image/png;base64,AAAA">');
    expect(html).toContain('No emotion model was installed');
    expect(html).toMatch(/Label corrected to <strong>happy<\/strong> by Dr\. Lee/);
    expect(html).toContain('<th>Fluency</th><td>2 / 5</td>');
    expect(html).toContain('Laughs at the end &amp; smiles.');
    expect(html).not.toMatch(/<script/i);
  });

  it('prints the patient and session as filled in, the model and its licence, and says it is not a diagnosis', () => {
    const explained: AnalysisView = {
      ...analysis,
      explanation: { modelId: 'default', modelName: 'Default', label: 'happy', probabilities: { happy: 1 }, reasoning: '', claims: [] },
    };
    const model = { name: 'EmotionReasoner default model', licence: 'CC BY-NC-SA 4.0', nonCommercial: true };
    const html = reportHtml({ recording, analysis: explained, review, charts: [], generatedAt: new Date('2025-01-02T00:00:00Z'), model });
    expect(html).toContain('<th>Patient</th><td>P-0042 &lt;Jane&gt;</td><th>Session</th><td>2025-01-01</td>');
    expect(html).toContain('<th>Context</th><td colspan="3">speech clinic, reading task</td>');
    expect(html).toContain(
      'Emotion model: EmotionReasoner default model. Licence: CC BY-NC-SA 4.0. Its results may not be used commercially.',
    );
    expect(html).toContain('Not a diagnosis. This report describes how the speech sounds');
    // An unreviewed recording still has the patient lines, marked as not filled in.
    const blank = reportHtml({ recording, analysis, review: null, charts: [], generatedAt: new Date() });
    expect(blank).toContain('<th>Patient</th><td><span class="none">not filled in</span></td>');
    expect(blank).toContain('Not a diagnosis.');
    // Printed on whatever paper the printer has: no fixed A4 page size that would clip on Letter.
    expect(html).not.toMatch(/size:\s*A4/);
  });

  it('lists the claims with their verdicts when a model explained the recording', () => {
    const explained: AnalysisView = {
      ...analysis,
      explanation: {
        modelId: 'tiny',
        label: 'angry',
        probabilities: { angry: 0.7, sad: 0.3 },
        reasoning: 'The pitch is high.',
        claims: [
          {
            attribute: 'pitch-level',
            span: { start: 4, end: 17 },
            text: 'pitch is high',
            claim: 'pitch-level = high',
            negated: false,
            verdict: 'verified',
            region: { kind: 'none' },
            measured: 'median F0 231 Hz → high',
          },
        ],
      },
    };
    const html = reportHtml({ recording, analysis: explained, review: null, charts: [], generatedAt: new Date() });
    expect(html).toContain('<strong>angry</strong> (model tiny) — angry 70 % · sad 30 %');
    expect(html).toContain('<td class="verified">verified</td><td>“pitch is high”</td>');
    const repeated = reportHtml({
      recording,
      review: null,
      charts: [],
      generatedAt: new Date(),
      analysis: {
        ...explained,
        explanation: {
          ...explained.explanation!,
          claims: [explained.explanation!.claims[0]!, explained.explanation!.claims[0]!, explained.explanation!.claims[0]!],
        },
      },
    });
    expect(repeated.match(/“pitch is high”/g)).toHaveLength(1);
    expect(repeated).toContain('“pitch is high” ×3');
    expect(html).toContain('Not reviewed.');
  });

  it('summarises a long recording as its emotion timeline: a block per utterance and each one in words', () => {
    const quality = (judgeable: boolean) => ({
      measures: {
        durationS: 4,
        speechS: 3,
        voicedS: 2,
        activeLevelDbfs: -20,
        snrDb: 25,
        bandwidthHz: 7000,
        clippedShare: 0,
        digitalSilenceShare: 0,
        rmsZ: 1,
        maxAbsZ: 2,
      },
      outOfRange: false,
      judgeable,
      severity: 0,
      reasons: [],
      rangeSource: 'manifest' as const,
    });
    const segment = (startS: number, endS: number, label: string) => ({
      startS,
      endS,
      label,
      answered: label || 'sad',
      probabilities: { angry: label === 'angry' ? 0.8 : 0.2, sad: label === 'angry' ? 0.2 : 0.8 },
      rawProbabilities: { angry: 0.5, sad: 0.5 },
      reasoning: 'An utterance.',
      claims: [],
      wellFormed: true,
      problems: [],
      modelPrompt: null,
      reasoningPrefix: null,
      inputQuality: quality(label !== ''),
      caption: 'A speaker.',
    });
    const long: AnalysisView = {
      ...analysis,
      durationS: 80,
      explanation: {
        modelId: 'default',
        label: 'angry',
        probabilities: { angry: 0.6, sad: 0.4 },
        reasoning: 'This 1:20 recording was split at its pauses into 3 utterances.',
        claims: [],
        segments: [segment(0, 4, 'angry'), segment(20, 24, 'sad'), segment(70, 71, '')],
      },
    };
    const html = reportHtml({ recording, analysis: long, review: null, charts: [], generatedAt: new Date() });
    expect(html).toContain('Emotion timeline, 3 utterances (0:00–1:20)');
    expect(html).toContain('0:00–0:04 angry 80 % · 0:20–0:24 sad 80 % · 1:10–1:11 not judged');
    // Blocks as wide as their stretch of the 80 s.
    expect(html).toContain('left:25.00%;width:5.00%;background:');
    expect(html).not.toContain('No prosodic claims found');
  });

  it('flags a test model or a malformed generation instead of printing a label and probabilities', () => {
    const base = { modelId: 'tiny', probabilities: { angry: 0.6, sad: 0.4 }, reasoning: 'noise', claims: [] };
    const testModel = reportHtml({
      recording,
      analysis: { ...analysis, explanation: { ...base, label: '', testModel: true } },
      review: null,
      charts: [],
      generatedAt: new Date(),
    });
    expect(testModel).toContain('Test model output — not an emotion judgement');
    expect(testModel).not.toContain('angry 60 %');
    const malformed = reportHtml({
      recording,
      analysis: { ...analysis, explanation: { ...base, label: '', wellFormed: false, problems: ['missing </answer>'] } },
      review: null,
      charts: [],
      generatedAt: new Date(),
    });
    expect(malformed).toContain('Malformed model output, no label: missing &lt;/answer&gt;');
    expect(malformed).not.toContain('angry 60 %');
  });
});

describe('the table export', () => {
  it('writes one CSV row per recording, quoting cells that need it', () => {
    const csv = toCsv(tableRows([{ recording, analysis, review }]));
    const [header, row] = csv.trimEnd().split('\r\n');
    expect(header).toContain('rating_factual_alignment');
    expect(row).toContain('"High pitch, ""fast"" speech."');
    expect(row).toContain(',happy,corrected,4,3,5,2,Dr. Lee,');
  });
});
