import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors/app-error';
import { openDatabase } from '../store/database';
import { RecordingRepository } from '../store/recording-repository';
import { ReviewService } from './review-service';

/** A review service over an in-memory database holding one recording. */
function serviceWithOneRecording() {
  const { db } = openDatabase(':memory:');
  const recordings = new RecordingRepository(db);
  const { id } = recordings.add({
    id: randomUUID(),
    fileName: 'clip.wav',
    originalName: 'clip',
    source: 'import',
    format: 'wav/pcm16',
    durationS: 1.5,
    sizeBytes: 1,
    contentHash: randomUUID(),
  });
  return { id, reviews: new ReviewService(db, recordings) };
}

describe('the review service', () => {
  it('saves a change with its history entry and reads both back, newest first', () => {
    const { id, reviews } = serviceWithOneRecording();
    expect(reviews.withHistory(id)).toEqual({ review: null, history: [] });
    reviews.update(id, { label: 'sad', labelDecision: 'corrected' });
    reviews.update(id, { ratings: { fluency: 4 } });
    const { review, history } = reviews.withHistory(id);
    expect(review).toMatchObject({ label: 'sad', labelDecision: 'corrected', ratings: { fluency: 4 } });
    expect(history.map((event) => event.changes)).toEqual([{ ratings: { fluency: 4 } }, { label: 'sad', labelDecision: 'corrected' }]);
    expect(reviews.getMany([id, 'absent']).get(id)).toEqual(review);
  });

  it('refuses to read or change the review of a recording the library does not hold', () => {
    const { reviews } = serviceWithOneRecording();
    for (const call of [() => reviews.withHistory('absent'), () => reviews.update('absent', { notes: 'x' })]) {
      expect(call).toThrow(AppError);
      expect(call).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
    expect(reviews.getMany(['absent']).size).toBe(0);
  });

  it('lists no rated explanation before a clinician has rated one', () => {
    const { id, reviews } = serviceWithOneRecording();
    reviews.update(id, { label: 'sad', labelDecision: 'accepted' });
    expect(reviews.ratedExplanations()).toEqual([]);
  });
});
