// Typed failure of the pitch tracker: a code callers can switch on and a message naming the problem.
import { CodedError } from '../../../shared/errors/coded-error';

/** Why a pitch track could not be computed. */
export type PitchErrorCode = 'bad_sample_rate' | 'non_finite_samples' | 'bad_pitch_range';

export class PitchError extends CodedError<PitchErrorCode> {}
