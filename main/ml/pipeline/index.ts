// Public API of the analyze pipeline: audio in, emotion label + grounded reasoning + evidence out.
// Types of the results live in shared/types/analysis-result.ts.
export { analyzeClip, modelFor, sharedModelSessions, type AnalyzeClipOptions, type ClipInput, type StageEvent } from './analyze-clip';
export { analyzeFiles, analyzeFolder, listClips, type AnalyzeManyOptions } from './analyze-folder';
export {
  explainClip,
  DEFAULT_RETRIES,
  RETRY_TEMPERATURES,
  type AttemptTokenEvent,
  type ExplainOptions,
  type ModelExplanation,
} from './explain-clip';
export { EVIDENCE_NORMS_FILE, folderVoiceQualityNorms } from './evidence-norms';
export { DEFAULT_MODEL_NAME, listModelFolders, MODELS_ROOT, resolveModelDir } from './model-location';
export { errorCode, describeError, PipelineError, type PipelineErrorCode } from './pipeline-error';
