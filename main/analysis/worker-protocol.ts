// The analysis worker's protocol (after Signal-Desktop's SQL worker): requests carry a sequence
// number, and every message back names the request it belongs to and is one of a small union.
// A worker is given one request at a time (analysis-client.ts), so its reports are that request's.
import type { ClipAnalysisResult, RecordingSegment } from '../../shared/types/analysis-result';
import type { AudioErrorCode } from '../../shared/types/audio';
import type { DecodedClip } from './decoded-clips';
import type { InputQuality } from '../../shared/types/input-quality';
import type { RunSegment } from '../../shared/types/explanation-stream';
import type { UserCalibration } from '../../shared/types/calibration';
import type { ProsodyAnalysis, SpeakerGender } from '../../shared/types/prosody';

/** What main asks the worker to do. */
export type AnalysisRequest =
  /** Decode and measure; levels on `calibration` (the user's) when given, else the shipped table. */
  | { seq: number; type: 'measure'; path: string; gender?: SpeakerGender; calibration?: UserCalibration; fileKey?: Uint8Array }
  /** `fileKey` (on measure and decode): the key of an encrypted library's stored recordings. */
  | { seq: number; type: 'decode'; path: string; fileKey?: Uint8Array }
  /**
   * The emotion model on a decoded recording whose prosody is already measured (main keeps both: the
   * worker decodes nothing here); reasoning streams as 'token'. `name`: the recording, for logs.
   * `span`: only that stretch, measured and explained on its own (claims on the file's time axis).
   */
  | {
      seq: number;
      type: 'explain';
      name: string;
      audio: DecodedClip;
      prosody: ProsodyAnalysis;
      model: ModelRef;
      calibration?: UserCalibration;
      span?: { startS: number; endS: number };
    }
  /** The emotion model on a few seconds of 16 kHz audio (the running estimate while recording). */
  /** The live estimate; `calibration`: the user's, so the model reads the same inputs as the recording's later analysis. */
  | { seq: number; type: 'estimate'; samples: Float32Array; model: ModelRef; calibration?: UserCalibration };

/** Asks the worker to end itself: it lets its ORT calls return and releases its sessions first. */
export interface AnalysisStopRequest {
  type: 'stop';
}

/**
 * A model folder and a stamp of its contents (id, creation time, weights size): the worker keeps
 * sessions per folder and reloads them when the stamp changes (a folder removed and re-exported).
 */
export interface ModelRef {
  dir: string;
  stamp: string;
}

/**
 * The result of a 'measure' request: the prosody, and the decoded clip (its samples transferred, not
 * copied) for main to keep, so explaining and drawing it decode nothing again.
 */
export interface MeasureResult extends DecodedClip {
  prosody: ProsodyAnalysis;
  timings: { decodeMs: number; prosodyMs: number };
}

/** The result of a 'decode' request: 16 kHz mono samples (transferred, not copied). */
export type DecodeResult = DecodedClip;

/**
 * The result of an 'explain' request: the pipeline's checked answer; for a long recording (over
 * TIMELINE_MIN_RECORDING_S) the answer drawn from its utterances, and the utterances.
 */
export interface ExplainResult {
  explanation: ClipAnalysisResult;
  segments?: RecordingSegment[];
}

/** The result of an 'estimate' request. */
export interface EstimateResult {
  modelId: string;
  /** As shown: blended toward uniform when the window is unlike the training data. */
  probabilities: Record<string, number>;
  /** Whether the window is one the model can judge, and why not (silence, noise, too little speech). */
  inputQuality: InputQuality;
  computeMs: number;
}

/** Stage an analysis is in. */
export type AnalysisStage = 'decoding' | 'analyzing';

/**
 * Codes the client gives a request its worker did not finish: past its time limit, past its memory
 * limit (the worker is stopped and replaced for both), or the worker ended on its own.
 */
export type AnalysisStopCode = 'analysis_timeout' | 'analysis_memory' | 'worker_exited';

/** Every message the worker sends back. */
export type AnalysisWorkerMessage =
  /** Sent once, when the worker's modules are loaded: request clocks start from here, not from spawn. */
  | { type: 'ready' }
  | { seq: number; type: 'progress'; stage: AnalysisStage; fraction: number }
  /** The file is decoded (in decodeMs) and is this long: the request's time limit is set on its real length. */
  | { seq: number; type: 'decoded'; durationS: number; decodeMs: number }
  /** The worker's own external memory (its thread's ArrayBuffers and WebAssembly memories) while a request runs. */
  | { seq: number; type: 'memory'; externalBytes: number }
  | { seq: number; type: 'log'; message: string }
  /** Reasoning text an 'explain' request's generation just wrote (attempt > 0: a retry started over). */
  | { seq: number; type: 'token'; attempt: number; index: number; text: string; segment?: RunSegment }
  | { seq: number; type: 'result'; result: MeasureResult | DecodeResult | ExplainResult | EstimateResult }
  | {
      seq: number;
      type: 'error';
      code: AudioErrorCode | AnalysisStopCode | 'analysis_failed' | 'bad_request' | (string & {});
      message: string;
    };
