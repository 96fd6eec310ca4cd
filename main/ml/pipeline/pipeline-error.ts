// Typed failures of the analyse pipeline. Errors from the services it calls (audio, prosody,
// features, model folder, generation) keep their own code; `errorCode` reads any of them, so a
// folder run can list each bad file with the code a user or a script can act on.
import { AudioError } from '../../audio';
import { ProsodyError, PitchError, UserCalibrationError } from '../../prosody';
import { FeatureError } from '../features/clip-features';
import { GenerationError } from '../generation/generate';
import { ModelFolderError } from '../models/model-folder';

/** Why the pipeline itself refused to run (its callees' failures keep their own codes). */
export type PipelineErrorCode = 'no_model' | 'invalid_options' | 'not_a_folder' | 'no_audio_files';

export class PipelineError extends Error {
  override readonly name = 'PipelineError';

  constructor(
    readonly code: PipelineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const CODED = [PipelineError, AudioError, ProsodyError, PitchError, UserCalibrationError, FeatureError, ModelFolderError, GenerationError] as const;

/** The error's code when it comes from a service we know, else 'analysis_failed'. */
export function errorCode(error: unknown): string {
  for (const kind of CODED) if (error instanceof kind) return (error as { code: string }).code;
  return 'analysis_failed';
}

/** The error's message, or the thrown value in words. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
