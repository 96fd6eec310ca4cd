// The running emotion estimate while recording: about every ESTIMATE_EVERY_S of new audio, the last
// ESTIMATE_WINDOW_S go through the active model in the analysis worker. If the previous estimate is
// still running the new one is dropped (the page wants the latest, not a backlog). Only a model that
// is not a test model gives estimates: a test model's output is noise and is never shown as one.
import type { UserCalibration } from '../../shared/types/calibration';
import type { LiveEmotionEstimate } from '../../shared/types/explanation-stream';
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import type { AnalysisClient } from '../analysis/analysis-client';
import { modelRef, type ActiveModel } from '../installed-models/model-registry';
import { describeError } from '../../shared/errors/coded-error';

/** New audio between estimates (s): often enough to follow a speaker, rare enough for a 2-core CPU. */
export const ESTIMATE_EVERY_S = 2;
/** Audio each estimate covers (s): a phrase or two, about the length of a RAVDESS sentence. */
export const ESTIMATE_WINDOW_S = 4;
/** Less speech than this gives no estimate yet (the model needs a syllable or two). */
const MIN_WINDOW_S = 1;

interface SessionState {
  model: ActiveModel;
  calibration: UserCalibration | null;
  /** The last ESTIMATE_WINDOW_S of audio, oldest first. */
  window: Float32Array;
  filled: number;
  writtenSamples: number;
  sinceLast: number;
  inFlight: boolean;
  dropped: number;
}

export class LiveEmotionEstimator {
  private readonly sessions = new Map<string, SessionState>();

  constructor(
    private readonly client: AnalysisClient,
    private readonly emit: (estimate: LiveEmotionEstimate) => void,
    private readonly log: (line: string) => void = () => {},
    private readonly everyS = ESTIMATE_EVERY_S,
    private readonly windowS = ESTIMATE_WINDOW_S,
  ) {}

  /**
   * Starts following a recording with `model`; a test model or no model means no estimates.
   * `calibration` (the active one when the recording starts) is what the model reads its inputs
   * against, as the recording's analysis after the stop will.
   */
  begin(sessionId: string, model: ActiveModel | null, calibration: UserCalibration | null = null): boolean {
    if (!model || model.details.testModel) return false;
    const size = Math.round(this.windowS * ANALYSIS_SAMPLE_RATE);
    this.sessions.set(sessionId, {
      model,
      calibration,
      window: new Float32Array(size),
      filled: 0,
      writtenSamples: 0,
      sinceLast: 0,
      inFlight: false,
      dropped: 0,
    });
    return true;
  }

  /** New 16 kHz mono audio of a session; may start an estimate. Returns whether it did. */
  push(sessionId: string, samples: Float32Array): boolean {
    const state = this.sessions.get(sessionId);
    if (!state || samples.length === 0) return false;
    appendToWindow(state, samples);
    state.writtenSamples += samples.length;
    state.sinceLast += samples.length;
    if (state.sinceLast < this.everyS * ANALYSIS_SAMPLE_RATE || state.filled < MIN_WINDOW_S * ANALYSIS_SAMPLE_RATE) return false;
    state.sinceLast = 0;
    if (state.inFlight) {
      state.dropped += 1;
      return false;
    }
    state.inFlight = true;
    const audio = state.window.slice(state.window.length - state.filled);
    const windowEndS = state.writtenSamples / ANALYSIS_SAMPLE_RATE;
    void this.client
      .estimate(audio, modelRef(state.model), state.calibration)
      .then((result) => {
        if (!this.sessions.has(sessionId)) return;
        const [label, probability] = Object.entries(result.probabilities).reduce((best, entry) => (entry[1] > best[1] ? entry : best));
        this.emit({
          sessionId,
          modelId: result.modelId,
          modelName: state.model.details.name,
          label,
          probability,
          probabilities: result.probabilities,
          windowStartS: Math.max(0, windowEndS - audio.length / ANALYSIS_SAMPLE_RATE),
          windowEndS,
          computeMs: result.computeMs,
          inputQuality: result.inputQuality,
          calibration: state.calibration ? { id: state.calibration.id, name: state.calibration.name } : null,
        });
      })
      .catch((error: unknown) => this.log(`live estimate skipped: ${describeError(error)}`))
      .finally(() => (state.inFlight = false));
    return true;
  }

  /** Stops following a session; an estimate still running is discarded. */
  end(sessionId: string): { dropped: number } {
    const state = this.sessions.get(sessionId);
    this.sessions.delete(sessionId);
    return { dropped: state?.dropped ?? 0 };
  }
}

/** Shifts the window left and appends `samples` (keeping only the newest window-length). */
function appendToWindow(state: SessionState, samples: Float32Array): void {
  const { window } = state;
  if (samples.length >= window.length) {
    window.set(samples.subarray(samples.length - window.length));
    state.filled = window.length;
    return;
  }
  window.copyWithin(0, samples.length);
  window.set(samples, window.length - samples.length);
  state.filled = Math.min(window.length, state.filled + samples.length);
}
