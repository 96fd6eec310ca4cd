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

/** A non-fatal finding about decoded audio (silence, clipping, …; 'truncated': the file ended early and only its valid part was decoded). */
export interface AudioWarning {
  code: 'silence' | 'clipping' | 'very_short' | 'low_level' | 'dc_offset' | 'truncated';
  message: string;
}

/** Why an audio file could not be decoded; each comes with a human message naming the problem. */
export type AudioErrorCode =
  | 'file_not_found'
  | 'unreadable'
  | 'empty_file'
  | 'not_audio'
  | 'unsupported_codec'
  | 'truncated'
  | 'corrupt'
  | 'invalid_samples'
  | 'too_long'
  | 'too_large'
  /** The source's sample rate is outside what the analysis takes (4–192 kHz). */
  | 'unsupported_sample_rate';

/** An audio failure as a plain value, for IPC replies and the UI (see main/audio AudioError). */
export interface AudioErrorInfo {
  code: AudioErrorCode;
  message: string;
}

/** PCM sample layout of a recording the app writes to disk. */
export type RecordingSampleFormat = 'pcm16' | 'float32';
