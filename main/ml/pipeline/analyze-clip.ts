// analyzeClip: one clip from file (or memory) to a checked answer — decode → prosody (pitch track
// shared with the model features) → features → encoder → generation with retries → evidence check.
// Everything runs in order on the calling thread; run it in a worker to keep a UI responsive. Model
// sessions come from a cache keyed by folder, so a folder of clips loads the model once.
import type { AnalysisStage, ClipAnalysisResult, StageTimings } from '../../../shared/types/analysis-result';
import type { AudioSourceInfo, AudioWarning, MonoAudio } from '../../../shared/types/audio';
import type { UserCalibration } from '../../../shared/types/calibration';
import type { PitchTrack } from '../../../shared/types/pitch';
import type { ProsodyAnalysis, ProsodyCalibration, SpeakerGender } from '../../../shared/types/prosody';
import { decodeAudioFile } from '../../audio';
import { checkEvidence, CUE_PROMPT_FORMAT, measuredCuePrompt, measuredCueSentences, summarise, type VoiceQualityNorms } from '../../data';
import {
  analyzeProsody,
  inputQuality as inputQualityOf,
  prosodyOptionsFor,
  relevelProsody,
  shownProbabilities,
  trackPitch,
} from '../../prosody';
import { clipFeatures } from '../features/clip-features';
import { ModelSessionCache, type LoadedModel, type LoadModelOptions } from '../models/model-sessions';
import { explainClip, validateExplainOptions, type ExplainOptions } from './explain-clip';
import { folderVoiceQualityNorms } from './evidence-norms';
import { resolveModelDir } from './model-location';
import { PipelineError } from './pipeline-error';

/** A file to decode, or audio already at 16 kHz mono (then `name` labels the result). */
export type ClipInput =
  | { path: string }
  | { audio: MonoAudio; name: string; source?: AudioSourceInfo; warnings?: AudioWarning[]; prosody?: ProsodyAnalysis };

/** A stage starting, or finished after `ms`. */
export type StageEvent = { stage: AnalysisStage; status: 'start' } | { stage: AnalysisStage; status: 'done'; ms: number };

export interface AnalyzeClipOptions extends ExplainOptions {
  /** A loaded model, or its folder (loaded once through `sessions`); default resources/models/default. */
  model?: LoadedModel | string;
  /** Session cache for folder models; default one shared cache per process. */
  sessions?: ModelSessionCache;
  /** Execution provider and threads when the model is loaded from a folder. */
  load?: LoadModelOptions;
  /** Speaker gender if known: picks the gendered pitch tertiles (never guessed). */
  gender?: SpeakerGender;
  /** Tertile table for levels; default the shipped RAVDESS table. */
  calibration?: ProsodyCalibration;
  /**
   * Calibration to the user's recordings: levels from its tertiles (re-centred on its speaker
   * baseline when it has one) and the model's functionals z-scored with its statistics. A clip given
   * with its prosody is re-levelled with it. Not together with `calibration`.
   */
  userCalibration?: UserCalibration;
  /**
   * Whether a model whose manifest asks for a measured reasoning prefix gets one (default true);
   * false lets the model write its cue sentences itself (evaluation compares both).
   */
  measuredCueSentences?: boolean;
  /** Corpus norms that make voice-quality claims checkable; default the model folder's evidence-norms.json, if any. */
  voiceQualityNorms?: VoiceQualityNorms;
  onStage?: (event: StageEvent) => void;
  /** The full prosody analysis (frame tracks included), as soon as it is measured. */
  onProsody?: (prosody: ProsodyAnalysis) => void;
}

/** The cache analyzeClip uses when the caller gives none: one model load per folder per process. */
export const sharedModelSessions = new ModelSessionCache();

/** The loaded model for `options.model` (a folder goes through the session cache). */
export async function modelFor(options: Pick<AnalyzeClipOptions, 'model' | 'sessions' | 'load'>): Promise<LoadedModel> {
  if (options.model !== undefined && typeof options.model !== 'string') return options.model;
  return (options.sessions ?? sharedModelSessions).get(resolveModelDir(options.model), options.load);
}

/** The pitch track inside a prosody analysis (same 10 ms grid trackPitch produces). */
function pitchTrackOf(prosody: ProsodyAnalysis): PitchTrack {
  const { frameStepS, f0Hz, voicedProbability } = prosody.frames;
  return { frameStepS, f0Hz, voicedProbability };
}

export async function analyzeClip(input: ClipInput, options: AnalyzeClipOptions = {}): Promise<ClipAnalysisResult> {
  const started = performance.now();
  validateExplainOptions(options); // before any decoding: a typo in an option should not cost a clip's work
  if (options.calibration && options.userCalibration)
    throw new PipelineError('invalid_options', 'give either a tertile table (calibration) or a user calibration, not both');
  const user = options.userCalibration;
  const timings: StageTimings = { decode: 0, prosody: 0, features: 0, encode: 0, generate: 0, check: 0, total: 0 };
  const stage = async <T>(name: AnalysisStage, work: () => T | Promise<T>): Promise<T> => {
    options.onStage?.({ stage: name, status: 'start' });
    const t0 = performance.now();
    const value = await work();
    timings[name] = performance.now() - t0;
    options.onStage?.({ stage: name, status: 'done', ms: timings[name] });
    return value;
  };
  const model = await modelFor(options);
  const { manifest } = model.folder;

  let audio: MonoAudio;
  let source: AudioSourceInfo | null = null;
  let warnings: AudioWarning[] = [];
  let file: string;
  let prosody: ProsodyAnalysis | undefined;
  if ('path' in input) {
    file = input.path;
    const decoded = await stage('decode', () => decodeAudioFile(input.path));
    ({ audio, source, warnings } = decoded);
  } else {
    ({ audio, name: file } = input);
    source = input.source ?? null;
    warnings = input.warnings ?? [];
    prosody = input.prosody;
  }

  const measured = await stage('prosody', () => {
    if (prosody)
      return {
        prosody: user ? relevelProsody(prosody, user, prosody.gender ?? options.gender ?? null) : prosody,
        pitch: pitchTrackOf(prosody),
      };
    const pitch = trackPitch(audio);
    const analysis = analyzeProsody(audio, {
      pitchTrack: pitch,
      ...(options.gender ? { gender: options.gender } : {}),
      ...(options.calibration ? { calibration: options.calibration } : {}),
      ...(user ? prosodyOptionsFor(user) : {}),
    });
    return { prosody: analysis, pitch };
  });
  options.onProsody?.(measured.prosody);

  const features = await stage('features', () =>
    clipFeatures(audio, measured.pitch, measured.prosody.functionals, manifest.features, manifest.config, user?.functionals),
  );
  // How like the training clips this one is, from the signal and the utterance vector the model reads;
  // out of range lowers the shown confidence, and a clip it cannot judge gets no label (issue 11).
  const inputQuality = inputQualityOf(audio, measured.prosody, features.utteranceProsody, manifest.inputRange);
  options.onStage?.({ stage: 'encode', status: 'start' });
  options.onStage?.({ stage: 'generate', status: 'start' });
  const voiceQualityNorms = options.voiceQualityNorms ?? folderVoiceQualityNorms(model.folder.dir);
  // A model trained with the measured-cue prompt reads this clip's measurements before it reasons.
  const prompt = manifest.prompt === CUE_PROMPT_FORMAT ? measuredCuePrompt(measured.prosody, voiceQualityNorms) : options.prompt;
  // A model that asks for it continues a reasoning whose cue sentences the app wrote from the same
  // measurements (seeded by them, so a clip always gets the same wording).
  const reasoningPrefix =
    manifest.reasoningPrefix === 'measured-cue-sentences' && options.measuredCueSentences !== false
      ? measuredCueSentences(measured.prosody, voiceQualityNorms, prompt ?? measured.prosody.caption)
      : options.reasoningPrefix;
  const explanation = await explainClip(model, features, {
    ...options,
    ...(prompt !== undefined ? { prompt } : {}),
    ...(reasoningPrefix !== undefined ? { reasoningPrefix } : {}),
  });
  timings.encode = explanation.encodeMs;
  timings.generate = explanation.generateMs;
  options.onStage?.({ stage: 'encode', status: 'done', ms: timings.encode });
  options.onStage?.({ stage: 'generate', status: 'done', ms: timings.generate });

  const evidence = await stage('check', () =>
    checkEvidence(explanation.reasoning, measured.prosody, voiceQualityNorms ? { voiceQualityNorms } : {}),
  );
  timings.total = performance.now() - started;
  const { label, probabilities, probabilitySource, reasoning, wellFormed, problems, attempts } = explanation;
  return {
    file,
    modelId: manifest.id,
    label,
    probabilities: shownProbabilities(probabilities, inputQuality.severity),
    rawProbabilities: probabilities,
    inputQuality,
    probabilitySource,
    modelPrompt: prompt ?? null,
    reasoningPrefix: reasoningPrefix ?? null,
    reasoning,
    wellFormed,
    problems,
    attempts,
    evidence,
    prosody: summarise(measured.prosody),
    caption: measured.prosody.caption,
    levels: measured.prosody.levels,
    calibration: user ? { id: user.id, name: user.name, clips: user.clips } : null,
    source,
    warnings,
    timings,
  };
}
