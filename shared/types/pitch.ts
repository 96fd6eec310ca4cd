/** Frame step of every prosody track (seconds): 10 ms, per the design card. */
export const PROSODY_FRAME_STEP_S = 0.01;

/** Fundamental-frequency track on the 10 ms frame grid. Frame i is centred at i * frameStepS. */
export interface PitchTrack {
  frameStepS: number;
  /** F0 in Hz per frame; 0 where the frame is unvoiced. */
  f0Hz: Float32Array;
  /** Probability (0..1) that the frame is voiced. */
  voicedProbability: Float32Array;
}
