// eGeMAPS-like functionals (Eyben et al. 2016, IEEE TAC 7:190) as a named, order-stable vector.
// Level features are relative to the clip (noise floor or peak), never absolute dBFS: DESIGN.md's
// lesson is that absolute loudness made a classic model call a whole corpus 'angry'.
import type { EnergySummary, Intonation, ProsodyFunctionals, SpeakingRate, VoiceQuality } from '../../shared/types/prosody';
import { speechF0 } from './segmentation';
import { mean, percentile, std } from './stats';

/** Feature names in vector order. Append only: models depend on the order. */
export const PROSODY_FUNCTIONAL_NAMES = [
  'f0_st_mean',
  'f0_st_std',
  'f0_st_p20',
  'f0_st_p50',
  'f0_st_p80',
  'f0_st_range_p20_p80',
  'f0_rising_slope_mean_st_per_s',
  'f0_rising_slope_std_st_per_s',
  'f0_falling_slope_mean_st_per_s',
  'f0_falling_slope_std_st_per_s',
  'f0_contour_range_st',
  'f0_final_change_st',
  'loudness_re_floor_mean_db',
  'loudness_re_floor_std_db',
  'loudness_re_floor_p20_db',
  'loudness_re_floor_p50_db',
  'loudness_re_floor_p80_db',
  'loudness_range_p20_p80_db',
  'speech_rms_re_floor_db',
  'speech_rms_re_peak_db',
  'jitter_local',
  'shimmer_local',
  'hnr_db',
  'speech_rate_syl_per_s',
  'articulation_rate_syl_per_s',
  'pause_rate_per_s',
  'pause_mean_s',
  'pause_fraction',
  'voiced_fraction',
  'voiced_segments_per_s',
  'voiced_segment_mean_s',
  'voiced_segment_std_s',
  'unvoiced_segment_mean_s',
  // Channel-robust additions (issue 11): vocal effort, and the loudness contour re the clip's own
  // median speech loudness — neither moves with gain, a noise floor or a digital silence.
  'effort_spectral_balance_db',
  'loudness_p80_re_p50_db',
  'loudness_p20_re_p50_db',
] as const;

/** One feature name of the vector. */
export type ProsodyFunctionalName = (typeof PROSODY_FUNCTIONAL_NAMES)[number];

/** eGeMAPS expresses F0 in semitones re 27.5 Hz (A0), so it is comparable across speakers. */
const F0_REFERENCE_HZ = 27.5;

export interface FunctionalInputs {
  frameStepS: number;
  f0Hz: Float32Array;
  intensityDb: Float32Array;
  semitones: Float32Array;
  isSpeech: Uint8Array;
  rate: SpeakingRate;
  energy: EnergySummary;
  intonation: Intonation;
  voiceQuality: VoiceQuality;
}

/** Lengths (s) of runs where predicate holds, restricted to speech frames. */
function runLengths(n: number, predicate: (i: number) => boolean, frameStepS: number): number[] {
  const lengths: number[] = [];
  let run = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && predicate(i)) run++;
    else if (run > 0) {
      lengths.push(run * frameStepS);
      run = 0;
    }
  }
  return lengths;
}

export function computeFunctionals(input: FunctionalInputs): ProsodyFunctionals {
  const { f0Hz, intensityDb, semitones, isSpeech, frameStepS } = input;
  const n = f0Hz.length;
  // The speaker's pitch, read from the same frames as the pitch summary.
  const f0St = speechF0(f0Hz, isSpeech).map((f) => 12 * Math.log2(f / F0_REFERENCE_HZ));
  const rising: number[] = [];
  const falling: number[] = [];
  for (let i = 1; i < n; i++) {
    const slope = (semitones[i]! - semitones[i - 1]!) / frameStepS;
    if (Number.isNaN(slope)) continue;
    if (slope > 0) rising.push(slope);
    else if (slope < 0) falling.push(-slope);
  }
  const intensityFloor = percentile(intensityDb, 5);
  const loudness: number[] = [];
  for (let i = 0; i < n; i++) if (isSpeech[i] === 1) loudness.push(intensityDb[i]! - intensityFloor);
  const speechTimeS = input.rate.utteranceTimeS;
  const voiced = runLengths(n, (i) => f0Hz[i]! > 0 && isSpeech[i] === 1, frameStepS);
  const unvoiced = runLengths(n, (i) => !(f0Hz[i]! > 0) && isSpeech[i] === 1, frameStepS);
  const speechFrames = isSpeech.reduce((a, b) => a + b, 0);
  const voicedSpeechFrames = voiced.reduce((a, b) => a + b, 0) / frameStepS;
  const perSecond = (count: number): number => (speechTimeS > 0 ? count / speechTimeS : NaN);
  const values: Record<ProsodyFunctionalName, number> = {
    f0_st_mean: mean(f0St),
    f0_st_std: std(f0St),
    f0_st_p20: percentile(f0St, 20),
    f0_st_p50: percentile(f0St, 50),
    f0_st_p80: percentile(f0St, 80),
    f0_st_range_p20_p80: percentile(f0St, 80) - percentile(f0St, 20),
    f0_rising_slope_mean_st_per_s: mean(rising),
    f0_rising_slope_std_st_per_s: std(rising),
    f0_falling_slope_mean_st_per_s: mean(falling),
    f0_falling_slope_std_st_per_s: std(falling),
    f0_contour_range_st: input.intonation.rangeSt,
    f0_final_change_st: input.intonation.finalChangeSt,
    loudness_re_floor_mean_db: mean(loudness),
    loudness_re_floor_std_db: std(loudness),
    loudness_re_floor_p20_db: percentile(loudness, 20),
    loudness_re_floor_p50_db: percentile(loudness, 50),
    loudness_re_floor_p80_db: percentile(loudness, 80),
    loudness_range_p20_p80_db: percentile(loudness, 80) - percentile(loudness, 20),
    speech_rms_re_floor_db: input.energy.speechLevelReFloorDb,
    speech_rms_re_peak_db: input.energy.speechLevelRePeakDb,
    jitter_local: input.voiceQuality.jitterLocal,
    shimmer_local: input.voiceQuality.shimmerLocal,
    hnr_db: input.voiceQuality.hnrDb,
    speech_rate_syl_per_s: input.rate.speechRateSylPerS,
    articulation_rate_syl_per_s: input.rate.articulationRateSylPerS,
    pause_rate_per_s: perSecond(input.rate.pauseCount),
    pause_mean_s: input.rate.meanPauseS,
    pause_fraction: speechTimeS > 0 ? input.rate.totalPauseS / speechTimeS : NaN,
    voiced_fraction: speechFrames ? voicedSpeechFrames / speechFrames : NaN,
    voiced_segments_per_s: perSecond(voiced.length),
    voiced_segment_mean_s: mean(voiced),
    voiced_segment_std_s: std(voiced),
    unvoiced_segment_mean_s: mean(unvoiced),
    effort_spectral_balance_db: input.energy.effortDb,
    loudness_p80_re_p50_db: percentile(loudness, 80) - percentile(loudness, 50),
    loudness_p20_re_p50_db: percentile(loudness, 20) - percentile(loudness, 50),
  };
  return { names: PROSODY_FUNCTIONAL_NAMES, values: PROSODY_FUNCTIONAL_NAMES.map((name) => values[name]) };
}
