// The datasets area's handlers (channels in shared/ipc/contracts/datasets.ts), over the DatasetService
// that main/host/compose-research-area.ts makes (the same one training and evaluation read as their DatasetCatalog).
import type { DatasetService } from '../../datasets/dataset-service';
import type { HandlerGroup } from './context';

export function datasetHandlers(datasets: DatasetService): HandlerGroup<'datasets'> {
  return {
    'datasets.import': (request) => datasets.import(request),
    'datasets.list': () => ({ items: datasets.list() }),
    'datasets.get': ({ datasetId }) => datasets.details(datasetId),
    'datasets.update': ({ datasetId, name, licence }) =>
      datasets.update(datasetId, { ...(name !== undefined ? { name } : {}), ...(licence !== undefined ? { licence } : {}) }),
    'datasets.updateLabelMapping': ({ datasetId, labelMapping }) => datasets.updateLabelMapping(datasetId, labelMapping),
    'datasets.buildCot': ({ datasetId }) => datasets.buildCot(datasetId),
    'datasets.cancelBuild': ({ datasetId }) => datasets.cancelBuild(datasetId),
    'datasets.records': (query) => datasets.records(query),
    'datasets.record': ({ datasetId, index }) => datasets.record(datasetId, index),
    'datasets.audioChunk': ({ datasetId, index, offset, length }) => datasets.audioChunk(datasetId, index, offset, length),
    'datasets.delete': ({ datasetId }) => datasets.delete(datasetId),
    'datasets.restore': ({ datasetId }) => datasets.restore(datasetId),
  };
}
