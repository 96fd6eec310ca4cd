// Folding the stream on the receiving end: token events join the text in seq order; a gap (an event
// lost, or one that arrived before the catch-up snapshot) asks for a new snapshot instead of showing
// text out of order. Apart from the schemas in shared/types/explanation-stream.ts so that the page
// can fold without loading zod.
import type { ExplanationProgress, ExplanationRun, ReasoningTokens, RunSegment } from '../types/explanation-stream';

/** A run being shown: its model and the text so far. */
export interface LiveReasoning {
  run: ExplanationRun;
  attempt: number;
  text: string;
  lastSeq: number;
  /** The utterance of a long recording the text belongs to. */
  segment?: RunSegment;
}

/** The state at a run's start. */
export function startedRun(run: ExplanationRun): LiveReasoning {
  return { run, attempt: 0, text: '', lastSeq: -1 };
}

/** The state from a catch-up snapshot (analysis.explanationProgress). */
export function fromProgress(progress: ExplanationProgress): LiveReasoning {
  const { attempt, text, lastSeq, segment, ...run } = progress;
  return { run, attempt, text, lastSeq, ...(segment ? { segment } : {}) };
}

/**
 * Folds one token event in. Returns the new state, the same state for an event already covered or
 * of another run, or 'gap' when events are missing before this one.
 */
export function foldToken(state: LiveReasoning, event: ReasoningTokens): LiveReasoning | 'gap' {
  if (event.runId !== state.run.runId || event.seq <= state.lastSeq) return state;
  if (event.seq !== state.lastSeq + 1) return 'gap';
  const restarted = event.attempt !== state.attempt || event.segment?.index !== state.segment?.index;
  return {
    run: state.run,
    attempt: event.attempt,
    text: restarted ? event.text : state.text + event.text,
    lastSeq: event.seq,
    ...(event.segment ? { segment: event.segment } : {}),
  };
}
