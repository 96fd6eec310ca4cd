// The datasets area's handlers (channels in shared/ipc/contracts/datasets.ts).
import type { HandlerGroup } from './context';
import type { ResearchContext } from './research-area';

export function datasetHandlers(_ctx: ResearchContext): HandlerGroup<'datasets'> {
  return {};
}
