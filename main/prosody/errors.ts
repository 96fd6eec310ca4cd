// Typed failure of the prosody analysis: a code the UI can switch on and a message naming the problem.

/** Why a prosody analysis could not run. */
export type ProsodyErrorCode = 'bad_sample_rate' | 'empty_audio' | 'non_finite_samples' | 'bad_pitch_track' | 'bad_calibration';

export class ProsodyError extends Error {
  readonly code: ProsodyErrorCode;

  constructor(code: ProsodyErrorCode, message: string) {
    super(message);
    this.name = 'ProsodyError';
    this.code = code;
  }
}
