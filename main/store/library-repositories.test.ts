import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyzeProsody } from '../prosody';
import { synthesize, syllableTrain } from '../prosody/testing/signals';
import { AnalysisRepository } from './analysis-repository';
import { openDatabase } from './database';
import { RecordingRepository, type NewRecording } from './recording-repository';
import { ReviewRepository } from './review-repository';

function newRecording(name: string, durationS: number): NewRecording {
  const id = randomUUID();
  return {
    id,
    fileName: `${id}.wav`,
    originalName: name,
    source: 'import',
    format: 'wav/pcm16',
    durationS,
    sizeBytes: 100,
    contentHash: id,
  };
}

function setUp() {
  const database = openDatabase(':memory:');
  return {
    database,
    recordings: new RecordingRepository(database.db),
    analyses: new AnalysisRepository(database.db),
    reviews: new ReviewRepository(database.db),
  };
}

const prosody = analyzeProsody(
  synthesize(
    1.5,
    syllableTrain(4, 0.2, 0.18, 0.07, () => 200),
    0.002,
  ),
);

describe('the recording repository', () => {
  it('lists by search, label, reviewed state, date and model, in the asked order', () => {
    const { database, recordings, analyses, reviews } = setUp();
    const a = recordings.add(newRecording('Anna angry.wav', 3), new Date('2025-01-01T10:00:00Z'));
    const b = recordings.add(newRecording('Bob calm.wav', 5), new Date('2025-02-01T10:00:00Z'));
    const c = recordings.add(newRecording('carl.wav', 1), new Date('2025-03-01T10:00:00Z'));
    analyses.add(
      a.id,
      prosody,
      { modelId: 'tiny-1', label: 'angry', probabilities: { angry: 0.9, calm: 0.1 }, reasoning: 'loud', claims: [] },
      {},
    );
    analyses.add(b.id, prosody, null, {});
    reviews.update(b.id, { label: 'calm', labelDecision: 'corrected' });

    const ids = (query: Parameters<typeof recordings.list>[0]) => recordings.list(query).items.map((r) => r.originalName);
    expect(ids({})).toEqual(['carl.wav', 'Bob calm.wav', 'Anna angry.wav']);
    expect(ids({ sort: 'longest' })).toEqual(['Bob calm.wav', 'Anna angry.wav', 'carl.wav']);
    expect(ids({ sort: 'name' })).toEqual(['Anna angry.wav', 'Bob calm.wav', 'carl.wav']);
    expect(ids({ search: 'ANNA' })).toEqual(['Anna angry.wav']);
    expect(ids({ label: 'calm' })).toEqual(['Bob calm.wav']);
    expect(ids({ reviewed: 'reviewed' })).toEqual(['Bob calm.wav']);
    expect(ids({ reviewed: 'unreviewed', sort: 'oldest' })).toEqual(['Anna angry.wav', 'carl.wav']);
    expect(ids({ from: '2025-01-15', to: '2025-02-01' })).toEqual(['Bob calm.wav']);
    expect(ids({ model: 'tiny-1' })).toEqual(['Anna angry.wav']);
    expect(ids({ model: 'none' })).toEqual(['carl.wav', 'Bob calm.wav']);
    expect(recordings.list({}).facets).toEqual({ labels: ['angry', 'calm'], models: ['tiny-1'] });
    expect(recordings.get(a.id)).toMatchObject({ label: 'angry', modelId: 'tiny-1', reviewed: false });
    expect(recordings.get(b.id)).toMatchObject({ label: 'calm', modelId: null, reviewed: true, caption: prosody.caption });
    expect(c.analyzedAt).toBeNull();
    database.close();
  });

  it('hides a deleted recording until it is restored', () => {
    const { database, recordings } = setUp();
    const a = recordings.add(newRecording('a.wav', 1));
    expect(recordings.softDelete([a.id])).toBe(1);
    expect(recordings.list({}).items).toEqual([]);
    expect(() => recordings.get(a.id)).toThrow(/No recording/);
    expect(recordings.findByHash(a.contentHash)).toBeNull();
    expect(recordings.restore([a.id])).toBe(1);
    expect(recordings.get(a.id).originalName).toBe('a.wav');
    database.close();
  });
});

describe('the analysis repository', () => {
  it('gives back the prosody exactly as measured, typed arrays and undefined values included', () => {
    const { database, recordings, analyses } = setUp();
    const a = recordings.add(newRecording('a.wav', 1.5));
    const stored = analyses.add(a.id, prosody, null, { decodeMs: 3 });
    const back = analyses.latest(a.id);
    expect(back.id).toBe(stored.id);
    expect(back.prosody.frames.f0Hz).toBeInstanceOf(Float32Array);
    expect(back.prosody.frames.isSpeech).toEqual(prosody.frames.isSpeech);
    expect(Array.from(back.prosody.frames.f0Hz)).toEqual(
      Array.from(prosody.frames.f0Hz, (v) => Math.round(v * 1e4) / 1e4).map((v) => Math.fround(v)),
    );
    expect(Number.isNaN(back.prosody.frames.semitones[0]!)).toBe(Number.isNaN(prosody.frames.semitones[0]!));
    expect(back.prosody.caption).toBe(prosody.caption);
    expect(back.prosody.gender).toBeNull();
    expect(back.model).toBeNull();
    expect(back.timings).toEqual({ decodeMs: 3 });
    expect(() => analyses.latest('missing')).toThrow(/not been analyzed/);
    database.close();
  });
});

describe('the review repository', () => {
  it('saves every change at once and keeps each in an append-only history', () => {
    const { database, recordings, reviews } = setUp();
    const a = recordings.add(newRecording('a.wav', 1));
    expect(reviews.get(a.id)).toBeNull();
    reviews.update(a.id, { reviewer: 'Dr. Lee' }, new Date('2025-01-01T10:00:00Z'));
    reviews.update(a.id, { label: 'sad', labelDecision: 'corrected' }, new Date('2025-01-01T10:01:00Z'));
    const latest = reviews.update(a.id, { ratings: { fluency: 4 } }, new Date('2025-01-01T10:02:00Z'));
    expect(latest).toEqual({
      recordingId: a.id,
      label: 'sad',
      labelDecision: 'corrected',
      ratings: { factualAlignment: null, interpretativeQuality: null, captionCompleteness: null, fluency: 4 },
      notes: '',
      reviewer: 'Dr. Lee',
      patient: '',
      sessionDate: '',
      sessionDetails: '',
      createdAt: '2025-01-01T10:00:00.000Z',
      updatedAt: '2025-01-01T10:02:00.000Z',
    });
    expect(reviews.get(a.id)).toEqual(latest);
    expect(reviews.history(a.id).map((e) => e.changes)).toEqual([
      { ratings: { fluency: 4 } },
      { label: 'sad', labelDecision: 'corrected' },
      { reviewer: 'Dr. Lee' },
    ]);
    expect(reviews.history(a.id)[0]!.reviewer).toBe('Dr. Lee');
    // Patient and session fields are kept like the notes: set once, never lost by a later change.
    reviews.update(
      a.id,
      { patient: 'P-0042', sessionDate: '2025-01-01', sessionDetails: 'clinic room 2' },
      new Date('2025-01-01T10:03:00Z'),
    );
    reviews.update(a.id, { notes: 'calm again' }, new Date('2025-01-01T10:04:00Z'));
    expect(reviews.get(a.id)).toMatchObject({
      patient: 'P-0042',
      sessionDate: '2025-01-01',
      sessionDetails: 'clinic room 2',
      notes: 'calm again',
      label: 'sad',
    });
    database.close();
  });

  it('refuses a rating outside 1–5 at the database too', () => {
    const { database, recordings } = setUp();
    const a = recordings.add(newRecording('a.wav', 1));
    expect(() =>
      database.db.prepare("INSERT INTO reviews (recording_id, fluency, created_at, updated_at) VALUES (?, 6, 'x', 'x')").run(a.id),
    ).toThrow(/CHECK constraint/);
    database.close();
  });
});
