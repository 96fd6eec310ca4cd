import { CodedError } from '../../../shared/errors/coded-error';

/** Options or inputs generation cannot run with (a bad sampling option, a clip the encoder cannot take). */
export class GenerationError extends CodedError<'invalid_options' | 'invalid_inputs'> {}
