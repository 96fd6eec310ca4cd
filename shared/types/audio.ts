/** Sample rate every analysis and model in the app works at (Hz). */
export const ANALYSIS_SAMPLE_RATE = 16_000;

/** Mono PCM at ANALYSIS_SAMPLE_RATE, as the decoder hands it to prosody and models. */
export interface MonoAudio {
  /** Samples in [-1, 1]. */
  samples: Float32Array;
  /** Always ANALYSIS_SAMPLE_RATE after decoding; kept explicit so a track can't be misread. */
  sampleRate: number;
}

/** What the decoder found in the source file before conversion. */
export interface AudioSourceInfo {
  /** Container/codec name, e.g. "wav/pcm16", "flac", "mp3", "ogg/opus", "webm/opus". */
  format: string;
  sampleRate: number;
  channels: number;
  durationS: number;
}

/** A non-fatal finding about decoded audio (silence, clipping, …). */
export interface AudioWarning {
  code: 'silence' | 'clipping' | 'very_short' | 'low_level' | 'dc_offset';
  message: string;
}
