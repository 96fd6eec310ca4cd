// The typed error of a worker request, kept apart from the client so the pool's parts can share it.
import { CodedError } from '../../shared/errors/coded-error';
import type { AnalysisStopCode } from './worker-protocol';

/**
 * A failed worker request: the audio error code (file_not_found, corrupt, …), an analysis code, or
 * why the client stopped it (analysis_timeout, analysis_memory, worker_exited).
 */
export class AnalysisFailure extends CodedError<AnalysisStopCode | (string & {})> {}
