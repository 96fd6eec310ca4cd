// The evaluation area's handlers (channels in shared/ipc/contracts/evaluation.ts), over the
// EvaluationService, which runs each evaluation in its own process.
import { EvaluationService } from '../../evaluation/evaluation-service';
import type { HandlerGroup, ResearchContext } from './context';

export function evaluationHandlers(ctx: ResearchContext): HandlerGroup<'evaluation'> {
  const evaluations = new EvaluationService({
    dataDir: ctx.dataDir,
    models: ctx.models,
    datasets: ctx.datasets,
    events: ctx.events,
    log: ctx.log,
  });
  ctx.onClose(() => evaluations.close());
  return {
    'evaluation.start': (request) => evaluations.start(request),
    'evaluation.list': () => evaluations.list(),
    'evaluation.get': ({ id }) => evaluations.get(id),
    'evaluation.cancel': ({ id }) => evaluations.cancel(id),
    'evaluation.delete': ({ id }) => evaluations.delete(id),
    'evaluation.restore': ({ id }) => evaluations.restore(id),
    'evaluation.export': ({ id, format }) => evaluations.export(id, format),
  };
}
