// Prosody analysis as it travels between main, workers, IPC and the UI.
// Plain data only: numbers, strings, arrays and typed arrays (structured-clone safe).
// Where a value is undefined (e.g. no voiced frame) it is NaN; the JSON export writes null.

/** Three-way level of pitch or energy, cut at per-corpus tertiles (EmotionCoT, DESIGN.md). */
export type ProsodyLevel = 'low' | 'normal' | 'high';

/** Three-way speaking-speed level, cut at per-corpus tertiles of articulation rate. */
export type SpeedLevel = 'slow' | 'normal' | 'fast';

/** Speaker gender as the calibration tables know it; pitch tertiles are split by it. */
export type SpeakerGender = 'female' | 'male';

/** Overall intonation pattern of the utterance's semitone contour (EmotionCoT rules). */
export type IntonationPattern = 'rising' | 'falling' | 'rise-fall' | 'fall-rise' | 'level';

/** Pitch range class: < 3 st flat, > 9 st expressive (EmotionCoT). */
export type PitchRangeClass = 'flat' | 'normal' | 'expressive';

/** Direction of the pitch movement over the last voiced stretch of the utterance. */
export type FinalMovement = 'rising' | 'falling' | 'level';

/** A time interval in seconds from the start of the clip. */
export interface TimeInterval {
  startS: number;
  endS: number;
}

/** Every per-frame track on the 10 ms grid (frame i centred at i * frameStepS), for plots and CSV. */
export interface ProsodyFrames {
  /** Frame step in seconds (PROSODY_FRAME_STEP_S). */
  frameStepS: number;
  /** F0 in Hz from the pitch tracker; 0 where unvoiced. */
  f0Hz: Float32Array;
  /** Voicing probability 0..1 from the pitch tracker. */
  voicedProbability: Float32Array;
  /** Praat-like intensity (dB re 2e-5, samples read as pascal), Gaussian-windowed mean square. */
  intensityDb: Float32Array;
  /** RMS level of a 20 ms rectangular window in dBFS (a full-scale sine reads -3 dBFS). */
  rmsDbfs: Float32Array;
  /** Smoothed semitone contour re the speaker's median F0; NaN where no pitch (gaps > maxGap). */
  semitones: Float32Array;
  /** 1 where the frame belongs to speech, 0 for pause/silence. */
  isSpeech: Uint8Array;
}

/** A syllable nucleus (De Jong & Wempe 2009) with its stress score. */
export interface SyllableNucleus {
  /** Time of the intensity peak (s). */
  timeS: number;
  /** Intensity at the peak (dB). */
  intensityDb: number;
  /** F0 at the peak (Hz). */
  f0Hz: number;
  /** Nucleus duration estimate: span between the surrounding intensity dips (s). */
  durationS: number;
  /** Prominence 0..1 from pitch, intensity and duration relative to neighbours. */
  stressStrength: number;
  /** True for the utterance's most prominent syllables. */
  stressed: boolean;
}

/** Speaking rate and pause statistics without a transcript (De Jong & Wempe 2009). */
export interface SpeakingRate {
  /** Number of syllable nuclei found. */
  syllableCount: number;
  /** Time from the first speech onset to the last speech offset (s). */
  utteranceTimeS: number;
  /** Time inside speech segments (s), i.e. phonation time. */
  speakingTimeS: number;
  /** Nuclei per second of utterance time (pauses included). */
  speechRateSylPerS: number;
  /** Nuclei per second of speaking time (pauses excluded). */
  articulationRateSylPerS: number;
  /** Number of pauses between speech segments. */
  pauseCount: number;
  /** Sum of pause durations (s). */
  totalPauseS: number;
  /** Mean pause duration (s); 0 when there is no pause. */
  meanPauseS: number;
}

/** Speech/pause segmentation of the clip. */
export interface SpeechSegmentation {
  /** Speech stretches in time order. */
  speech: TimeInterval[];
  /** Silences between speech stretches (leading/trailing silence excluded). */
  pauses: TimeInterval[];
}

/** Turning point of a rise-fall / fall-rise contour. */
export interface IntonationTurningPoint {
  timeS: number;
  /** Smaller of the two excursions from the turning point to the first/last quarter means (st). */
  depthSt: number;
  /** R² of the two-segment fit minus R² of a line. */
  r2Gain: number;
}

/** Intonation summary of the semitone contour. */
export interface Intonation {
  pattern: IntonationPattern;
  /** 5th–95th percentile range of the smoothed contour (st). */
  rangeSt: number;
  rangeClass: PitchRangeClass;
  /** Mean semitones of the first and the last quarter of the voiced span. */
  firstQuarterSt: number;
  lastQuarterSt: number;
  /** Set when a turning point was tested (middle half); null when the contour is too short. */
  turningPoint: IntonationTurningPoint | null;
  finalMovement: FinalMovement;
  /** Pitch change over the final voiced stretch (st, positive = up). */
  finalChangeSt: number;
}

/** Pitch summary of the voiced frames. */
export interface PitchSummary {
  medianHz: number;
  /** 5th and 95th percentiles (Hz). */
  p5Hz: number;
  p95Hz: number;
  /** Share of speech frames that are voiced (0..1). */
  voicedFraction: number;
}

/** Energy summary; see main/prosody/energy.ts and spectral-balance.ts for why levels use vocal effort. */
export interface EnergySummary {
  /** RMS over speech frames in dBFS (absolute; depends on recording gain). */
  speechRmsDbfs: number;
  /** Noise floor: 5th percentile of frame RMS (dBFS), clamped at -100. */
  noiseFloorDbfs: number;
  /** Speech RMS above the noise floor (dB): gain-invariant, but it falls with room noise. */
  speechLevelReFloorDb: number;
  /**
   * Vocal effort: spectral balance of the louder voiced frames, 1–3.4 kHz re 0.3–1 kHz (dB);
   * invariant to gain, robust to noise and codecs: the measure the energy level is read from.
   */
  effortDb: number;
  /** Speech RMS below the clip's 99th-percentile frame RMS (dB). */
  speechLevelRePeakDb: number;
}

/** Voice quality measures, Praat-like. */
export interface VoiceQuality {
  /** Local jitter: mean |ΔT| / mean T over consecutive glottal periods (ratio, 0.01 = 1 %), as Praat's voice report. */
  jitterLocal: number;
  /** Local shimmer: mean |ΔA| / mean A over consecutive periods (ratio). */
  shimmerLocal: number;
  /** Mean harmonics-to-noise ratio over voiced frames (dB), Praat's cross-correlation method (Harmonicity cc). */
  hnrDb: number;
  /** Glottal periods used. */
  periodCount: number;
}

/** Named, order-stable feature vector for models (eGeMAPS-like functionals). */
export interface ProsodyFunctionals {
  /** Feature names, equal to PROSODY_FUNCTIONAL_NAMES in main/prosody/functionals.ts. */
  names: readonly string[];
  /** Values in the order of names; NaN where undefined. */
  values: number[];
}

/** Discrete levels and where their cut points came from. */
export interface ProsodyLevels {
  pitch: ProsodyLevel;
  energy: ProsodyLevel;
  speed: SpeedLevel;
  /** Name of the calibration table used, e.g. "ravdess". */
  calibration: string;
  /** 'corpus' = corpus tertiles; 'speaker' = tertile widths re-centred on a speaker baseline. */
  mode: 'corpus' | 'speaker';
}

/** Lower and upper tertile cut points of one measure, with the sample count behind them. */
export interface Tertiles {
  lower: number;
  upper: number;
  count: number;
}

/** Tertile table for one corpus: pitch per gender, energy and rate over all speakers. */
export interface ProsodyCalibration {
  /** Corpus name, e.g. "ravdess". */
  corpus: string;
  /** Median F0 (Hz) tertiles per gender, and over everyone for unknown gender. */
  medianF0Hz: { female: Tertiles | null; male: Tertiles | null; any: Tertiles };
  /** Vocal effort (dB) tertiles (EnergySummary.effortDb). */
  energyDb: Tertiles;
  /** Articulation rate (syllables/s) tertiles. */
  rateSylPerS: Tertiles;
}

/** One clip's measures as calibration input; any dataset can produce these rows. */
export interface CalibrationRow {
  corpus: string;
  gender: SpeakerGender | null;
  medianF0Hz: number;
  energyDb: number;
  rate: number;
}

/** A speaker's typical values (e.g. medians over their clips) for per-speaker level mode. */
export interface SpeakerBaseline {
  medianF0Hz: number;
  energyDb: number;
  rate: number;
}

/** All measures of a clip, before they are turned into levels and a caption. */
export interface ProsodyMeasures {
  durationS: number;
  sampleRate: number;
  frames: ProsodyFrames;
  segmentation: SpeechSegmentation;
  syllables: SyllableNucleus[];
  rate: SpeakingRate;
  pitch: PitchSummary;
  intonation: Intonation;
  energy: EnergySummary;
  voiceQuality: VoiceQuality;
  functionals: ProsodyFunctionals;
}

/** Everything analyzeProsody measures for one clip: the measures plus levels and caption. */
export interface ProsodyAnalysis extends ProsodyMeasures {
  /** Gender given by the caller (never guessed); null when unknown. */
  gender: SpeakerGender | null;
  levels: ProsodyLevels;
  /** One-sentence description built from levels and patterns. */
  caption: string;
  /** Wall time of the analysis (ms), pitch tracking included. */
  analysisMs: number;
}

/** A frame the live analyzer emits as soon as its analysis window is complete. */
export interface LiveProsodyFrame {
  timeS: number;
  f0Hz: number;
  voicedProbability: number;
  intensityDb: number;
}
