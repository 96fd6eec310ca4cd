// A dataset's EmotionCoT build as the Datasets page shows it (issue 16: split out of
// dataset-service.ts): the stored build's outcome, the running build's live record count, and
// whether the label mapping changed since (a stale build is rebuilt before training reads it).
import type { CotBuildState, DatasetProgress } from '../../shared/types/datasets';
import type { StoredBuild, StoredDataset } from '../store/dataset-repository';
import { sameMapping } from './dataset-counts';

const NO_BUILD: CotBuildState = {
  status: 'none',
  stale: false,
  records: 0,
  total: 0,
  splits: { train: 0, validation: 0, test: 0 },
  startedAt: null,
  finishedAt: null,
  error: null,
  progress: null,
};

export function cotBuildState(dataset: StoredDataset, build: StoredBuild | null, progress: DatasetProgress | null): CotBuildState {
  if (!build) return { ...NO_BUILD, splits: { ...NO_BUILD.splits } };
  return {
    status: build.status,
    stale: !sameMapping(build.labelMapping, dataset.labelMapping),
    records: progress?.phase === 'write' ? progress.done : build.records,
    total: build.total,
    splits: build.splits,
    startedAt: build.startedAt,
    finishedAt: build.finishedAt,
    error: build.error,
    progress,
  };
}
