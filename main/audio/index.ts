// Public API of the audio service: decode files to 16 kHz mono, stream live PCM, write recordings.
export { AudioError, isAudioError } from './audio-error';
export {
  decodeAudioBytes,
  decodeAudioFile,
  DEFAULT_MAX_DURATION_S,
  DEFAULT_MAX_FILE_BYTES,
  type DecodeOptions,
  type DecodedAudio,
} from './decode-audio';
export { resampleMono, StreamingResampler, type ResamplerQuality } from './resampler';
export { createPcmStream, type PcmStream, type PcmStreamOptions } from './pcm-stream';
export { encodeWavPcm16, IncrementalWavWriter, recoverWavFile, wavHeader, type WavFileSummary, type WavWriterOptions } from './wav-writer';
