// Public surface of the prosody service: other modules import from here only.
export { analyzeProsody, type AnalyzeProsodyOptions } from './analyze';
export { measureProsody, speechLevelDb, type ProsodyMeasures } from './measure';
export { segmentsFromFrames, speechFrames, type SegmentationOptions } from './segmentation';
export { computeCalibration, computeSpeakerBaseline, validateCalibration, tertiles } from './calibration';
export { DEFAULT_CALIBRATION } from './default-calibration';
export { levelsFor, levelMeasuresOf, type LevelMeasures } from './levels';
export { prosodyCaption } from './caption';
export { PROSODY_FUNCTIONAL_NAMES, type ProsodyFunctionalName } from './functionals';
export { EMOTIONCOT_INTONATION } from './intonation';
export { LiveProsodyAnalyzer, LIVE_LOOKAHEAD_S } from './live';
export { analysisToJson } from './export/json';
export { framesToCsv } from './export/csv';
export { analysisToTextGrid, analysisToPitchTier } from './export/praat';
export { ProsodyError, type ProsodyErrorCode } from './errors';
export {
  computeUserCalibration,
  prosodyOptionsFor,
  readUserCalibrationFile,
  relevelProsody,
  userCalibrationClip,
  UserCalibrationError,
  validateUserCalibration,
  writeUserCalibrationFile,
  MIN_CALIBRATION_CLIPS,
  type UserCalibrationClip,
  type UserCalibrationErrorCode,
} from './user-calibration';
export { trackPitch, PitchError } from './pitch';
export {
  assessInputQuality,
  computeInputRange,
  DEFAULT_INPUT_RANGE,
  inputQuality,
  measureInputQuality,
  shownProbabilities,
} from './input-quality';
export { activeSpeechSnrDb, ACTIVE_SPEECH_MAX_DB, wadaSnrDb } from './wada-snr';
