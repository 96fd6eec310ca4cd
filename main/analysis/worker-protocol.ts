// The analysis worker's protocol (after Signal-Desktop's SQL worker): requests carry a sequence
// number, and every message back names the request it belongs to and is one of a small union.
import type { AudioErrorCode, AudioSourceInfo, AudioWarning } from '../../shared/types/audio';
import type { ProsodyAnalysis, SpeakerGender } from '../../shared/types/prosody';

/** What main asks the worker to do. */
export type AnalysisRequest =
  | { seq: number; type: 'analyse'; path: string; gender?: SpeakerGender }
  | { seq: number; type: 'decode'; path: string };

/** The result of an 'analyse' request. */
export interface AnalyseResult {
  prosody: ProsodyAnalysis;
  source: AudioSourceInfo;
  warnings: AudioWarning[];
  timings: { decodeMs: number; prosodyMs: number };
}

/** The result of a 'decode' request: 16 kHz mono samples (transferred, not copied). */
export interface DecodeResult {
  samples: Float32Array;
  sampleRate: number;
  source: AudioSourceInfo;
}

/** Stage an analysis is in. */
export type AnalysisStage = 'decoding' | 'analysing';

/** Every message the worker sends back. */
export type AnalysisWorkerMessage =
  | { seq: number; type: 'progress'; stage: AnalysisStage; fraction: number }
  | { seq: number; type: 'log'; message: string }
  | { seq: number; type: 'result'; result: AnalyseResult | DecodeResult }
  | { seq: number; type: 'error'; code: AudioErrorCode | 'analysis_failed' | 'bad_request'; message: string };
