// The training area's handlers (channels in shared/ipc/contracts/training.ts).
import type { HandlerGroup } from './context';
import type { ResearchContext } from './research-area';

export function trainingHandlers(_ctx: ResearchContext): HandlerGroup<'training'> {
  return {};
}
