import type { IpcError } from '../ipc/result';
import { CodedError } from './coded-error';

/** An expected failure a service reports to the caller with a code (not_found, conflict, …). */
export class AppError extends CodedError<IpcError['code']> {}
