import type { AudioErrorCode, AudioErrorInfo } from '../../shared/types/audio';
import { CodedError } from '../../shared/errors/coded-error';

/**
 * The one exception the audio service throws. Callers switch on `code`; `message` names the file and
 * the problem in words a user can act on. `toInfo()` gives the plain value the IPC layer sends.
 */
export class AudioError extends CodedError<AudioErrorCode> {
  toInfo(): AudioErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export function isAudioError(value: unknown): value is AudioError {
  return value instanceof AudioError;
}
