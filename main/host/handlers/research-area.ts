// Builds the researcher's areas (datasets, training jobs, evaluation) over the same database, model
// registry and event bus as the clinician's. Each area's handlers live in their own file; the
// services they need are made there and register what must run when the app closes.
import type { DatasetCatalog } from '../../datasets/dataset-catalog';
import { AppError } from '../../ipc/app-error';
import type { EventBus } from '../../ipc/event-bus';
import type { ModelRegistry } from '../../models/model-registry';
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
  // INTERIM until the datasets area's DatasetService lands (it replaces this line).
  const datasets: DatasetCatalog = {
    clips: () => Promise.reject(new AppError('unavailable', 'No dataset service yet.')),
    trainingFile: () => Promise.reject(new AppError('unavailable', 'No dataset service yet.')),
  };
  const ctx: ResearchContext = { ...base, datasets, onClose: (task) => closers.push(task) };
  return {
    handlers: { ...datasetHandlers(ctx), ...trainingHandlers(ctx), ...evaluationHandlers(ctx) },
    close: async () => {
      // Newest first, like a stack of resources.
      for (const task of closers.reverse()) await task();
    },
  };
}
