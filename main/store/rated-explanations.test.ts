import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyzeProsody } from '../prosody';
import { synthesize, syllableTrain } from '../prosody/testing/signals';
import { AnalysisRepository } from './analysis-repository';
import { openDatabase } from './database';
import { listRatedExplanations } from './rated-explanations';
import { RecordingRepository } from './recording-repository';
import { ReviewRepository } from './review-repository';

const prosody = analyzeProsody(
  synthesize(
    1.5,
    syllableTrain(4, 0.2, 0.18, 0.07, () => 200),
    0.002,
  ),
);

describe('rated explanations (reward-model data from reviews)', () => {
  it('lists the newest model-written analysis of each recording a clinician rated, with the ratings', () => {
    const { db } = openDatabase(':memory:');
    const recordings = new RecordingRepository(db);
    const analyses = new AnalysisRepository(db);
    const reviews = new ReviewRepository(db);
    const add = (name: string) =>
      recordings.add({
        id: randomUUID(),
        fileName: `${name}.wav`,
        originalName: name,
        source: 'import',
        format: 'wav/pcm16',
        durationS: 1.5,
        sizeBytes: 1,
        contentHash: randomUUID(),
      }).id;
    const rated = add('rated');
    const labelOnly = add('label-only');
    const noModel = add('no-model');
    analyses.add(rated, prosody, { modelId: 'm', label: 'sad', probabilities: { sad: 1 }, reasoning: 'old text', claims: [] }, {});
    analyses.add(
      rated,
      prosody,
      { modelId: 'm', label: 'calm', probabilities: { calm: 1 }, reasoning: 'The pitch is low. The conclusion is calm.', claims: [] },
      {},
    );
    analyses.add(labelOnly, prosody, { modelId: 'm', label: 'sad', probabilities: { sad: 1 }, reasoning: 'x', claims: [] }, {});
    analyses.add(noModel, prosody, null, {});
    reviews.update(rated, { ratings: { factualAlignment: 4, fluency: 2 } });
    reviews.update(labelOnly, { label: 'sad', labelDecision: 'accepted' });
    reviews.update(noModel, { ratings: { factualAlignment: 5 } });

    const out = listRatedExplanations(db);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      recordingId: rated,
      label: 'calm',
      reasoning: 'The pitch is low. The conclusion is calm.',
      ratings: { factualAlignment: 4, interpretativeQuality: null, captionCompleteness: null, fluency: 2 },
    });
    expect(out[0]!.prosody.functionals.names.length).toBeGreaterThan(30);
  });
});
