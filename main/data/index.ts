// Public API of the data service: corpus import, EmotionCoT build, evidence check.
export { DatasetError, type DatasetErrorCode } from './dataset-error';
export { importDataset, detectFormat, DATASET_FORMATS } from './importers/import-dataset';
export { DEFAULT_LABEL_MAPPINGS, loadLabelMapping, mapLabels } from './importers/label-mapping';
export { assignSpeakerSplits, type SplitOptions } from './splits';
export { buildEmotionCot, sidecarPaths, type BuildCotOptions, type BuildCotResult } from './cot/build-cot';
export { measureDiversity, type DiversityReport } from './cot/diversity';
export { summarise, relevel } from './cot/prosody-summary';
export { checkEvidence, type EvidenceProsody, type VoiceQualityNorms, type CheckOptions } from './evidence/check-evidence';
export { listAudioFiles } from './importers/walk';
export { computeVoiceQualityNorms } from './cot/voice-quality-words';
export { measuredCuePrompt, CUE_PROMPT_FORMAT } from './cot/cue-prompt';
export { measuredCueSentences } from './cot/trace-grammar';
