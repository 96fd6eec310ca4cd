// The composition root of the researcher's areas (datasets, training jobs, evaluation): builds their
// services over the same database, model registry and event bus as the clinician's. Each area's
// handlers live in their own file under handlers/; the services they need are made there and
// register what must run when the app closes.
import { DatasetService } from '../datasets/dataset-service';
import type { EventBus } from '../ipc/event-bus';
import type { ModelRegistry } from '../installed-models/model-registry';
import type { ReviewService } from '../reviews/review-service';
import type { SqliteDatabase } from '../store/database';
import type { HandlerGroup, ResearchContext } from './handlers/context';
import { datasetHandlers } from './handlers/dataset-handlers';
import { evaluationHandlers } from './handlers/evaluation-handlers';
import { trainingHandlers } from './handlers/training-handlers';

export type ResearchAreaHandlers = HandlerGroup<'datasets' | 'training' | 'evaluation'>;

export interface ResearchArea {
  handlers: ResearchAreaHandlers;
  close(): Promise<void>;
}

export interface ResearchAreaInputs {
  db: SqliteDatabase;
  /** The app's data folder (datasets, jobs and evaluations live in subfolders of it). */
  dataDir: string;
  models: ModelRegistry;
  events: EventBus;
  log: (line: string) => void;
  reviews: Pick<ReviewService, 'ratedExplanations'>;
}

export function composeResearchArea({ db, ...base }: ResearchAreaInputs): ResearchArea {
  const closers: Array<() => Promise<void>> = [];
  const datasets = new DatasetService({ db, dataDir: base.dataDir, events: base.events, log: base.log });
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
