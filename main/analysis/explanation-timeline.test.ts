// A long recording through the real analysis worker and library (issue 15): imported, measured, then
// explained as an emotion timeline — the reasoning streams utterance by utterance (each event says
// which), and the stored analysis carries one segment per utterance, shown in the analysis view.
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../shared/ipc/contract';
import { timelineSegmentSchema } from '../../shared/types/analysis-view';
import { EventBus } from '../ipc/event-bus';
import { createLibraryFixture, fixtureTinyModel, importFile, wavBytes, type LibraryFixture } from '../library/testing/library-fixture';
import type { ActiveModel } from '../installed-models/model-registry';
import { joinClips, validationUtterances } from '../ml/pipeline/testing/long-recording';
import { tableRows, toCsv } from '../reports/table-export';
import { AnalysisRepository } from '../store/analysis-repository';
import { ExplanationService } from './explanation-service';

const RAVDESS = resolve(import.meta.dirname, '../../../shared/data/ravdess');
// About 33 s: longer than one selection may be.
const FILES = validationUtterances(RAVDESS);

describe.skipIf(!FILES.every(existsSync))('a long recording explained as an emotion timeline in the worker', () => {
  let fx: LibraryFixture;
  let recordingId: string;
  let tiny: ActiveModel;
  const events: { name: EventName; payload: Record<string, unknown> }[] = [];
  const bus = new EventBus();
  bus.addSink((name, payload) => events.push({ name, payload: payload as Record<string, unknown> }));

  beforeAll(async () => {
    fx = createLibraryFixture();
    tiny = fixtureTinyModel(fx);
    const { audio } = await joinClips(FILES);
    const file = join(fx.dir, 'session.wav');
    writeFileSync(file, wavBytes(audio.samples));
    recordingId = await importFile(fx, file);
  }, 60_000);
  afterAll(async () => fx?.dispose());

  it('streams each utterance’s reasoning with its place, and stores one segment per utterance', async () => {
    const service = new ExplanationService(fx.library, fx.analysis, bus);
    const { run, done } = service.start(recordingId, tiny);
    const stored = await done;
    expect(stored).not.toBeNull();

    const tokens = events
      .filter((e) => e.name === 'analysis.reasoning' && e.payload.runId === run.runId)
      .map((e) => e.payload as { seq: number; text: string; segment?: { index: number; total: number; startS: number; endS: number } });
    expect(tokens.map((t) => t.seq)).toEqual(tokens.map((_, i) => i));
    // Every token says which utterance it belongs to, in order, each utterance once.
    const indices = tokens.map((t) => t.segment!.index);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    expect(new Set(indices)).toEqual(new Set(FILES.map((_, i) => i)));
    expect(tokens.every((t) => t.segment!.total === FILES.length)).toBe(true);

    const explanation = fx.library.analysisView(recordingId).explanation!;
    const segments = explanation.segments!;
    expect(segments).toHaveLength(FILES.length);
    for (const segment of segments) expect(timelineSegmentSchema.safeParse(segment).success).toBe(true);
    // The streamed text of each utterance is what its segment keeps.
    segments.forEach((segment, i) => {
      const streamed = tokens
        .filter((t) => t.segment!.index === i)
        .map((t) => t.text)
        .join('');
      expect(streamed).toContain(segment.reasoning);
      expect(tokens.find((t) => t.segment!.index === i)!.segment).toMatchObject({ startS: segment.startS, endS: segment.endS });
    });
    // A test model's answers are never judgements, on the recording or on any utterance.
    expect(explanation.label).toBe('');
    expect(segments.every((s) => s.label === '')).toBe(true);
    expect(explanation.reasoning).toContain(`into ${FILES.length} utterances`);

    // The table export: the recording's row, then one row per utterance with its stretch.
    const headline = new AnalysisRepository(fx.database.db).latestHeadlines([recordingId]).get(recordingId)!;
    const rows = tableRows([{ recording: fx.library.get(recordingId), analysis: headline, review: null }]);
    expect(rows).toHaveLength(1 + FILES.length);
    expect(rows[0]).toMatchObject({ id: recordingId, utterance: null, utterance_start_s: null });
    rows.slice(1).forEach((row, i) => {
      expect(row).toMatchObject({
        id: recordingId,
        utterance: `${i + 1} of ${FILES.length}`,
        utterance_start_s: Math.round(segments[i]!.startS * 1000) / 1000,
        caption: segments[i]!.caption,
        input_judgeable: segments[i]!.inputQuality.judgeable ? 'yes' : 'no',
      });
    });
    expect(toCsv(rows).trimEnd().split('\r\n')).toHaveLength(2 + FILES.length);
  }, 120_000);

  it('measured the recording turn by turn: every utterance has its syllables, and none is drawn as pause', () => {
    const view = fx.library.analysisView(recordingId);
    for (const segment of view.explanation!.segments!) {
      const inside = (t: number) => t >= segment.startS && t < segment.endS;
      expect(view.syllables.filter((s) => inside(s.timeS)).length, `syllables in ${segment.startS}–${segment.endS} s`).toBeGreaterThan(2);
      expect(view.pauses.some((p) => p.startS <= segment.startS + 0.3 && p.endS >= segment.endS - 0.3)).toBe(false);
    }
  });

  it('explains a selected stretch on its own, in recording time, and refuses one longer than an utterance may be', async () => {
    const service = new ExplanationService(fx.library, fx.analysis, bus);
    const view = fx.library.analysisView(recordingId);
    const second = view.explanation!.segments![1]!;
    const answer = await service.explainSelection(recordingId, tiny, { startS: second.startS, endS: second.endS });
    expect(answer).toMatchObject({ startS: second.startS, endS: second.endS });
    expect(timelineSegmentSchema.safeParse(answer).success).toBe(true);
    // The same stretch gives the same answer as the timeline's utterance (greedy first attempt).
    expect(answer.reasoning).toBe(second.reasoning);
    for (const claim of answer.claims)
      if ('startS' in claim.region) expect(claim.region.startS).toBeGreaterThanOrEqual(second.startS - 1e-6);
    expect(() => service.explainSelection(recordingId, tiny, { startS: 0, endS: 31 })).toThrow(/at most 30 s/);
    expect(() => service.explainSelection(recordingId, tiny, { startS: 500, endS: 501 })).toThrow(/after the recording's end/);
  }, 120_000);
});
