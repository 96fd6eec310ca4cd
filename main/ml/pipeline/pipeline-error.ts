// Typed failures of the analyze pipeline. Errors from the services it calls (audio, prosody,
// features, model folder, generation) keep their own code — every one is a CodedError — so a folder
// run can list each bad file with the code a user or a script can act on.
import { CodedError, describeError, errorCodeOf } from '../../../shared/errors/coded-error';

/** Why the pipeline itself refused to run (its callees' failures keep their own codes). */
export type PipelineErrorCode = 'no_model' | 'invalid_options' | 'not_a_folder' | 'no_audio_files';

export class PipelineError extends CodedError<PipelineErrorCode> {}

/** The error's code when it is one of the app's typed failures, else 'analysis_failed'. */
export const errorCode = (error: unknown): string => errorCodeOf(error, 'analysis_failed');

export { describeError };
