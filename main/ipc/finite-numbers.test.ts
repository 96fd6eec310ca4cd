// No NaN or ±Infinity crosses the IPC boundary (issue 14): an undefined measure — a silent clip has
// no pitch, no pitch range, no rate — arrives as null where the contract allows null; where it
// doesn't, the call fails as 'internal' (and is reported) instead of sending a non-finite number.
import { describe, expect, it } from 'vitest';
import { withFiniteNumbers } from '../../shared/ipc/finite';
import type { AnalysisView } from '../../shared/types/analysis-view';
import { EventBus } from './event-bus';
import { createRouter, type Handlers } from './router';

/** The view of a silent clip as a careless producer would hand it over: NaN and -Infinity measures. */
const silentClip = () =>
  ({
    recordingId: '00000000-0000-4000-8000-000000000000',
    analysisId: 1,
    analyzedAt: '2025-01-01T10:00:01.000Z',
    durationS: 2,
    tracks: {
      frameStepS: 0.01,
      f0Hz: [Number.NaN, 0],
      voicedProbability: [0, 0],
      semitones: [Number.NEGATIVE_INFINITY, Number.NaN],
      intensityDb: [Number.NEGATIVE_INFINITY, 20],
      isSpeech: [0, 0],
    },
    syllables: [],
    pauses: [],
    speech: [],
    levels: { pitch: 'low', energy: 'low', speed: 'slow', calibration: 'ravdess', mode: 'corpus' },
    caption: 'Silence.',
    summary: {
      medianF0Hz: Number.NaN,
      pitchRangeSt: Number.NEGATIVE_INFINITY,
      intonation: 'flat',
      articulationRateSylPerS: Number.NaN,
      syllableCount: 0,
      pauseCount: 0,
      totalPauseS: 0,
    },
    explanation: null,
    calibration: null,
    timings: { decodeMs: 3 },
  }) as unknown as AnalysisView;

const routerAnswering = (view: AnalysisView, reported: string[] = []) =>
  createRouter({ 'analysis.get': () => view } as unknown as Handlers, { onInternalError: (channel) => reported.push(channel) });

describe('finite numbers over IPC', () => {
  it('replaces NaN and ±Infinity with null, deep, and leaves finite data untouched (same object)', () => {
    const finite = { a: [1, 2, { b: 3 }], c: 'x' };
    expect(withFiniteNumbers(finite)).toBe(finite);
    const mixed = { a: [1, Number.NaN], b: { c: Number.POSITIVE_INFINITY, d: 4 } };
    expect(withFiniteNumbers(mixed)).toEqual({ a: [1, null], b: { c: null, d: 4 } });
    expect(mixed.a[1]).toBeNaN(); // the producer's own object is not changed
  });

  it('answers a silent clip with null pitch, pitch range and rate where the schema allows null', async () => {
    const result = await routerAnswering(silentClip()).dispatch('analysis.get', { recordingId: '00000000-0000-4000-8000-000000000000' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const view = result.value as AnalysisView;
    expect(view.summary).toMatchObject({ medianF0Hz: null, pitchRangeSt: null, articulationRateSylPerS: null });
    expect(view.tracks.semitones).toEqual([null, null]);
    expect(JSON.stringify(view)).not.toMatch(/NaN|Infinity/);
  });

  it('fails as internal, reported, where the schema has no null for it, rather than sending NaN', async () => {
    const reported: string[] = [];
    const view = { ...silentClip(), timings: { decodeMs: Number.NaN } } as AnalysisView;
    const result = await routerAnswering(view, reported).dispatch('analysis.get', { recordingId: '00000000-0000-4000-8000-000000000000' });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(reported).toEqual(['analysis.get']);
  });

  it('pushes an event with an undefined measure as null instead of throwing in the emitter', () => {
    const events = new EventBus();
    const sent: unknown[] = [];
    events.addSink((_event, payload) => sent.push(payload));
    events.emit('recording.liveFrames', {
      sessionId: 's',
      writtenS: 1,
      processingMs: 2,
      frames: [{ timeS: 0, f0Hz: 0, voicedProbability: 0, intensityDb: Number.NEGATIVE_INFINITY }],
    });
    expect(sent).toEqual([
      { sessionId: 's', writtenS: 1, processingMs: 2, frames: [{ timeS: 0, f0Hz: 0, voicedProbability: 0, intensityDb: null }] },
    ]);
  });
});
