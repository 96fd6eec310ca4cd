// Real inputs for reward-model job tests: the EmotionCoT build of the 12-clip RAVDESS fixture (actor 1
// training, actors 2 and 3 held out), served through the DatasetCatalog interface from that file, and
// an in-memory app database in which a clinician rated the explanation of one real clip.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeAudioFile } from '../../audio';
import { buildEmotionCot } from '../../data/cot/build-cot';
import type { DatasetCatalog } from '../../datasets/dataset-catalog';
import { makeSmallRavdess } from '../../datasets/testing/ravdess-fixture';
import { AppError } from '../../../shared/errors/app-error';
import { analyzeProsody } from '../../prosody';
import { AnalysisRepository } from '../../store/analysis-repository';
import { openDatabase, type SqliteDatabase } from '../../store/database';
import { RecordingRepository } from '../../store/recording-repository';
import { ReviewRepository } from '../../store/review-repository';

export const REWARD_DATASET_ID = 'ravdess-12';

export interface RewardJobInputs {
  cotFile: string;
  datasets: DatasetCatalog;
  db: SqliteDatabase;
}

export async function rewardJobInputs(): Promise<RewardJobInputs> {
  const corpus = makeSmallRavdess();
  const cotFile = path.join(mkdtempSync(path.join(tmpdir(), 'rrm-cot-')), 'emotion-cot.jsonl');
  const built = await buildEmotionCot({ dataDir: corpus, outFile: cotFile, validationSpeakers: ['2'], testSpeakers: ['3'] });
  const datasets: DatasetCatalog = {
    clips: () => Promise.reject(new AppError('unavailable', 'not in this test')),
    trainingFile: async (datasetId, selection) => {
      if (datasetId !== REWARD_DATASET_ID || selection !== 'all')
        throw new AppError('not_found', `No dataset ${datasetId} (${selection}).`);
      return {
        path: cotFile,
        description: `RAVDESS fixture, ${built.records.length} clips`,
        licence: 'CC BY-NC-SA 4.0',
        clips: built.records.length,
      };
    },
  };

  const { db } = openDatabase(':memory:');
  const clip = built.records.find((r) => r.split === 'train')!;
  const recordingId = randomUUID();
  new RecordingRepository(db).add({
    id: recordingId,
    fileName: 'clip.wav',
    originalName: 'clip',
    source: 'import',
    format: 'wav/pcm16',
    durationS: 3,
    sizeBytes: 1,
    contentHash: randomUUID(),
  });
  const prosody = analyzeProsody((await decodeAudioFile(clip.audioPath)).audio);
  new AnalysisRepository(db).add(
    recordingId,
    prosody,
    { modelId: 'm', label: clip.label, probabilities: { [clip.label]: 1 }, reasoning: clip.reasoning, claims: [] },
    {},
  );
  new ReviewRepository(db).update(recordingId, { ratings: { factualAlignment: 4, interpretativeQuality: 3, fluency: 5 } });
  return { cotFile, datasets, db };
}
