// Live prosody for the recording view: feed 16 kHz chunks as they arrive, get each 10 ms frame's
// pitch and intensity as soon as its analysis windows are complete.
import { ANALYSIS_SAMPLE_RATE } from '../../shared/types/audio';
import { PROSODY_FRAME_STEP_S } from '../../shared/types/pitch';
import type { LiveProsodyFrame } from '../../shared/types/prosody';
import { ProsodyError } from './errors';
import { intensityDb } from './intensity';
import { trackPitch } from './pitch';

/** Frames are emitted once this much audio exists after their centre (s). It covers the intensity
 * window's half (32 ms at 100 Hz minimum pitch) and the pitch tracker's correlation span (~22 ms),
 * plus a little for the tracker's path to settle; the lag stays below 100 ms (one hop + this). */
export const LIVE_LOOKAHEAD_S = 0.05;
/** Audio kept before the next frame so the tracker's path and windows have context (s). */
const LIVE_CONTEXT_S = 0.3;
const INTENSITY_MIN_PITCH_HZ = 100;

export class LiveProsodyAnalyzer {
  private readonly hop = ANALYSIS_SAMPLE_RATE * PROSODY_FRAME_STEP_S;
  /** Recent audio; its first sample is global sample `bufferStart` (always a multiple of hop). */
  private buffer = new Float32Array(0);
  private bufferStart = 0;
  private nextFrame = 0;
  private consumed = 0;

  /** Samples consumed so far. */
  get samplesConsumed(): number {
    return this.consumed;
  }

  /** Adds a chunk of 16 kHz samples; returns the frames that became final, in time order. */
  push(chunk: Float32Array): LiveProsodyFrame[] {
    for (let i = 0; i < chunk.length; i++) {
      if (!Number.isFinite(chunk[i]!))
        throw new ProsodyError('non_finite_samples', `Live chunk sample ${i} is ${chunk[i]}; audio must be finite numbers.`);
    }
    const joined = new Float32Array(this.buffer.length + chunk.length);
    joined.set(this.buffer);
    joined.set(chunk, this.buffer.length);
    this.buffer = joined;
    this.consumed += chunk.length;
    const lookahead = Math.round(LIVE_LOOKAHEAD_S * ANALYSIS_SAMPLE_RATE);
    const lastReady = Math.floor((this.consumed - 1 - lookahead) / this.hop);
    if (lastReady < this.nextFrame) return [];

    const pitch = trackPitch({ samples: this.buffer, sampleRate: ANALYSIS_SAMPLE_RATE }, { secondPass: false });
    const intensity = intensityDb(this.buffer, ANALYSIS_SAMPLE_RATE, this.hop, INTENSITY_MIN_PITCH_HZ);
    const offset = this.bufferStart / this.hop;
    const frames: LiveProsodyFrame[] = [];
    for (let f = this.nextFrame; f <= lastReady; f++) {
      const local = f - offset;
      frames.push({
        timeS: f * PROSODY_FRAME_STEP_S,
        f0Hz: pitch.f0Hz[local] ?? 0,
        voicedProbability: pitch.voicedProbability[local] ?? 0,
        intensityDb: intensity[local]!,
      });
    }
    this.nextFrame = lastReady + 1;
    this.trim();
    return frames;
  }

  /** Drops audio older than the context the next frame needs. */
  private trim(): void {
    const keepFrom = Math.max(0, (this.nextFrame - Math.round(LIVE_CONTEXT_S / PROSODY_FRAME_STEP_S)) * this.hop);
    if (keepFrom <= this.bufferStart) return;
    this.buffer = this.buffer.slice(keepFrom - this.bufferStart);
    this.bufferStart = keepFrom;
  }
}
