// Builds the researcher's areas (datasets, training jobs, evaluation) over the same database, model
// registry and event bus as the clinician's. Each area's handlers live in their own file; the
// services they need are made there and register what must run when the app closes.
import type { DatasetCatalog } from '../../datasets/dataset-catalog';
import { DatasetService } from '../../datasets/dataset-service';
import type { EventBus } from '../../ipc/event-bus';
import type { ModelRegistry } from '../../installed-models/model-registry';
import type { SqliteDatabase } from '../../store/database';
import type { HandlerGroup } from './context';
import { datasetHandlers } from './dataset-handlers';
import { evaluationHandlers } from './evaluation-handlers';
import { trainingHandlers } from './training-handlers';

export interface ResearchContext {
  db: SqliteDatabase;
  /** The app's data folder (datasets, jobs and evaluations live in subfolders of it). */
  dataDir: string;
  models: ModelRegistry;
  events: EventBus;
  log: (line: string) => void;
  /** The imported datasets, as training and evaluation see them. */
  datasets: DatasetCatalog;
  /** Registers work to finish when the app closes (stop workers, flush files). */
  onClose(task: () => Promise<void>): void;
}

export type ResearchAreaHandlers = HandlerGroup<'datasets' | 'training' | 'evaluation'>;

export interface ResearchArea {
  handlers: ResearchAreaHandlers;
  close(): Promise<void>;
}

export function createResearchArea(base: Omit<ResearchContext, 'onClose' | 'datasets'>): ResearchArea {
  const closers: Array<() => Promise<void>> = [];
  const datasets = new DatasetService({ db: base.db, dataDir: base.dataDir, events: base.events, log: base.log });
  // Registered first, so it closes last: jobs reading its files stop before its builds do.
  closers.push(() => datasets.close());
  const ctx: ResearchContext = { ...base, datasets, onClose: (task) => closers.push(task) };
  return {
    handlers: { ...datasetHandlers(datasets), ...trainingHandlers(ctx), ...evaluationHandlers(ctx) },
    close: async () => {
      // Newest first, like a stack of resources.
      for (const task of closers.reverse()) await task();
    },
  };
}
