// The one base of the app's typed failures: a machine-readable code (snake_case, one spelling across
// main, workers and page) and a message a person can act on. Every service's error class extends it,
// so "which code?" is an instanceof check, never a lookup to extend or a duck-typed read.

export class CodedError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    // Subclasses get their own name (AudioError, …) in stack traces and logs without repeating it.
    this.name = new.target.name;
  }
}

/** The error's message, or the thrown value in words: what logs and notes show for any failure. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** The code of a typed failure, or `fallback` for anything else (a bug, a library's own error). */
export function errorCodeOf(error: unknown, fallback: string): string {
  return error instanceof CodedError ? error.code : fallback;
}
