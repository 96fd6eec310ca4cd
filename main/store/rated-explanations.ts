// Explanations a clinician rated: each reviewed recording's newest model-written analysis with the
// review's four ratings. The reasoning reward model trains on them (issue 12, data source (c)) —
// read-only, and only on this machine.
import type { ProsodyAnalysis } from '../../shared/types/prosody';
import type { Ratings } from '../../shared/types/review';
import { AnalysisRepository } from './analysis-repository';
import type { SqliteDatabase } from './database';
import { ReviewRepository } from './review-repository';

export interface RatedExplanation {
  recordingId: string;
  /** The reasoning as the app showed it. */
  reasoning: string;
  /** The model's label (what the reasoning explains). */
  label: string;
  prosody: ProsodyAnalysis;
  ratings: Ratings;
}

export function listRatedExplanations(db: SqliteDatabase): RatedExplanation[] {
  const ids = db
    .prepare(
      `SELECT recording_id FROM reviews
       WHERE factual_alignment IS NOT NULL OR interpretative_quality IS NOT NULL OR caption_completeness IS NOT NULL OR fluency IS NOT NULL
       ORDER BY recording_id`,
    )
    .pluck()
    .all() as string[];
  const analyses = new AnalysisRepository(db);
  const reviews = new ReviewRepository(db);
  const out: RatedExplanation[] = [];
  for (const recordingId of ids) {
    const model = analyses.count(recordingId) > 0 ? analyses.latest(recordingId) : null;
    const review = reviews.get(recordingId);
    if (!model?.model || !model.model.reasoning || !review) continue;
    out.push({ recordingId, reasoning: model.model.reasoning, label: model.model.label, prosody: model.prosody, ratings: review.ratings });
  }
  return out;
}
