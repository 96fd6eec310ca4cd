// Typed failure of the prosody analysis: a code the UI can switch on and a message naming the problem.
import { CodedError } from '../../shared/errors/coded-error';

/** Why a prosody analysis could not run. */
export type ProsodyErrorCode = 'bad_sample_rate' | 'empty_audio' | 'non_finite_samples' | 'bad_pitch_track' | 'bad_calibration';

export class ProsodyError extends CodedError<ProsodyErrorCode> {}
