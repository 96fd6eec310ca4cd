import type { IpcError } from '../../shared/ipc/result';

/** An expected failure a service reports to the caller with a code (not_found, conflict, …). */
export class AppError extends Error {
  constructor(
    readonly code: IpcError['code'],
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
