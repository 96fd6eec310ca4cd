import type { TrainingError, TrainingErrorCode } from '../../../shared/types/training';
import { CodedError } from '../../../shared/errors/coded-error';
import { describeError } from '../../../shared/errors/coded-error';

/** An exception that carries a TrainingError, so the worker can report it as data with its code. */
export class TrainingFailure extends CodedError<TrainingErrorCode> {
  toError(): TrainingError {
    return { code: this.code, message: this.message };
  }
}

/** Any thrown value as a TrainingError; unknown exceptions get `fallback` as their code. */
export function asTrainingError(error: unknown, fallback: TrainingErrorCode): TrainingError {
  if (error instanceof TrainingFailure) return error.toError();
  return { code: fallback, message: describeError(error) };
}
