import type { IpcError } from '../../shared/ipc/result';
import { CodedError } from '../../shared/errors/coded-error';

/** An expected failure a service reports to the caller with a code (not_found, conflict, …). */
export class AppError extends CodedError<IpcError['code']> {}
