// The evaluation area's handlers (channels in shared/ipc/contracts/evaluation.ts).
import type { HandlerGroup } from './context';
import type { ResearchContext } from './research-area';

export function evaluationHandlers(_ctx: ResearchContext): HandlerGroup<'evaluation'> {
  return {};
}
