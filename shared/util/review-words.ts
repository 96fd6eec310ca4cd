// A review in the reviewer's words (issue 15): the labels they may choose and each saved change as
// a sentence fragment ("label corrected to sad", "rating for fluency set to 4"), not field names.
import type { ReviewChanges } from '../types/review';
import type { RatingAspect } from '../types/review-fields';

/** Choices beyond the model's own labels: an emotion the model lacks, or no decision. */
export const EXTRA_REVIEW_LABELS = ['other', 'unsure'] as const;

/** Reader-facing names of the rating axes, lower case for use mid-sentence. */
export const RATING_NAMES: Record<RatingAspect, string> = {
  factualAlignment: 'factual alignment',
  interpretativeQuality: 'interpretative quality',
  captionCompleteness: 'caption completeness',
  fluency: 'fluency',
};

/**
 * The labels a reviewer may set: the active model's labels, then "other" and "unsure"; a label saved
 * earlier that is no longer among them (another model's) stays choosable so the form can show it.
 */
export function reviewLabelChoices(modelLabels: readonly string[], current: string | null): string[] {
  const choices = [...new Set([...modelLabels, ...EXTRA_REVIEW_LABELS])];
  return current && !choices.includes(current) ? [...choices, current] : choices;
}

const quoted = (text: string) => (text.length > 40 ? `“${text.slice(0, 40)}…”` : `“${text}”`);

/** One saved change of a review, as the history lists it. */
export function describeReviewChange(changes: ReviewChanges): string {
  const parts: string[] = [];
  if (changes.label !== undefined) {
    if (changes.label === null) parts.push('label cleared');
    else if (changes.labelDecision === 'accepted') parts.push(`model label ${changes.label} accepted`);
    else if (changes.labelDecision === 'corrected') parts.push(`label corrected to ${changes.label}`);
    else parts.push(`label set to ${changes.label}`);
  } else if (changes.labelDecision === null) parts.push('label decision cleared');
  for (const [aspect, value] of Object.entries(changes.ratings ?? {}) as [RatingAspect, number | null][]) {
    parts.push(value === null ? `rating for ${RATING_NAMES[aspect]} cleared` : `rating for ${RATING_NAMES[aspect]} set to ${value}`);
  }
  const text = (value: string | undefined, name: string, show: boolean) => {
    if (value === undefined) return;
    parts.push(value === '' ? `${name} cleared` : show ? `${name} set to ${quoted(value)}` : `${name} edited`);
  };
  text(changes.reviewer, 'reviewer', true);
  text(changes.patient, 'patient', true);
  text(changes.sessionDate, 'session date', true);
  text(changes.sessionDetails, 'session context', false);
  text(changes.notes, 'notes', false);
  return parts.join('; ') || 'no change';
}
