import { describe, expect, it } from 'vitest';
import { describeReviewChange, reviewLabelChoices } from './review-words';

describe('a review in the reviewer’s words', () => {
  it('offers the model’s labels plus other and unsure, and keeps a label saved from another model', () => {
    expect(reviewLabelChoices(['happy', 'sad'], null)).toEqual(['happy', 'sad', 'other', 'unsure']);
    expect(reviewLabelChoices(['happy', 'sad'], 'unsure')).toEqual(['happy', 'sad', 'other', 'unsure']);
    expect(reviewLabelChoices(['happy', 'sad'], 'calm')).toEqual(['happy', 'sad', 'other', 'unsure', 'calm']);
  });

  it('writes each change as words, not field names', () => {
    expect(describeReviewChange({ label: 'sad', labelDecision: 'corrected' })).toBe('label corrected to sad');
    expect(describeReviewChange({ label: 'happy', labelDecision: 'accepted' })).toBe('model label happy accepted');
    expect(describeReviewChange({ ratings: { fluency: 4 } })).toBe('rating for fluency set to 4');
    expect(describeReviewChange({ ratings: { factualAlignment: 2, captionCompleteness: null } })).toBe(
      'rating for factual alignment set to 2; rating for caption completeness cleared',
    );
    expect(describeReviewChange({ reviewer: 'Dr. Lee', notes: 'x' })).toBe('reviewer set to “Dr. Lee”; notes edited');
    expect(describeReviewChange({ patient: 'P-0042', sessionDate: '2025-01-01', sessionDetails: 'room 2' })).toBe(
      'patient set to “P-0042”; session date set to “2025-01-01”; session context edited',
    );
    expect(describeReviewChange({ notes: '' })).toBe('notes cleared');
    expect(describeReviewChange({})).not.toMatch(/[A-Z]|ratings|labelDecision/);
  });
});
